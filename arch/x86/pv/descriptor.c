/* SPDX-License-Identifier: BSD-2-Clause */
/* GDT/LDT descriptors, FPU switch and debug registers (stub until implemented).
 */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_set_gdt(uint64_t frame_list, uint64_t entries)
{
    (void)frame_list, (void)entries;
    return -ENOSYS;
}

long do_update_descriptor(uint64_t pa, uint64_t desc)
{
    (void)pa, (void)desc;
    return -ENOSYS;
}

long do_fpu_taskswitch(uint64_t set)
{
    (void)set;
    return -ENOSYS;
}

long do_set_debugreg(uint64_t reg, uint64_t value)
{
    (void)reg, (void)value;
    return -ENOSYS;
}

long do_get_debugreg(uint64_t reg)
{
    (void)reg;
    return -ENOSYS;
}

bool pv_fpu_trap(struct cpu_regs *regs)
{
    (void)regs;
    return false;
}
