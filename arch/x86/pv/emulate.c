/* SPDX-License-Identifier: BSD-2-Clause */
/* Privileged-instruction emulation for PV guests (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

bool pv_emulate_op(struct cpu_regs *regs, unsigned int vector)
{
    (void)regs, (void)vector;
    return false;
}
