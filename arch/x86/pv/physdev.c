/* SPDX-License-Identifier: BSD-2-Clause */
/* physdev_op (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_physdev_op(uint64_t cmd, uint64_t arg)
{
    (void)cmd, (void)arg;
    return -ENOSYS;
}
