/* SPDX-License-Identifier: BSD-2-Clause */
/* PV time: pvclock, wallclock, guest timers (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

void pv_time_update(struct vcpu *v)
{
    (void)v;
}

void pv_time_init_domain(struct domain *d)
{
    (void)d;
}

void vcpu_timers_init(struct vcpu *v)
{
    (void)v;
}

long do_set_timer_op(uint64_t timeout)
{
    (void)timeout;
    return -ENOSYS;
}
