/* SPDX-License-Identifier: BSD-2-Clause */
/* Grant tables (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_grant_table_op(uint64_t cmd, uint64_t uop, uint64_t count, uint64_t a4,
                       uint64_t a5, struct cpu_regs *regs)
{
    (void)cmd, (void)uop, (void)count, (void)a4, (void)a5, (void)regs;
    return -ENOSYS;
}
