/* SPDX-License-Identifier: BSD-2-Clause */
/* vcpu_op (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg)
{
    (void)cmd, (void)vcpuid, (void)arg;
    return -ENOSYS;
}
