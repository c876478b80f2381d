/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels, 2-level ABI (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_event_channel_op(uint64_t cmd, uint64_t arg)
{
    (void)cmd, (void)arg;
    return -ENOSYS;
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
    (void)v, (void)port;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    (void)v, (void)virq;
}

void send_global_virq(unsigned int virq)
{
    (void)virq;
}

int evtchn_init(struct domain *d)
{
    (void)d;
    return 0;
}

void evtchn_destroy(struct domain *d)
{
    (void)d;
}

bool evtchn_port_pending(struct domain *d, unsigned int port)
{
    (void)d, (void)port;
    return false;
}
