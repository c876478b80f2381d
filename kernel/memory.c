/* SPDX-License-Identifier: BSD-2-Clause */
/* memory_op (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_memory_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4,
                  uint64_t a5, struct cpu_regs *regs)
{
    (void)cmd, (void)arg, (void)a3, (void)a4, (void)a5, (void)regs;
    return -ENOSYS;
}
