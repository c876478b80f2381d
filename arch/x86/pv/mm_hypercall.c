/* SPDX-License-Identifier: BSD-2-Clause */
/* PV memory-management hypercalls (stub until implemented). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/processor.h>

long do_mmu_update(uint64_t ureqs, uint64_t count, uint64_t pdone,
                   uint64_t foreigndom, uint64_t unused, struct cpu_regs *regs)
{
    (void)ureqs, (void)count, (void)pdone, (void)foreigndom, (void)unused,
        (void)regs;
    return -ENOSYS;
}

long do_mmuext_op(uint64_t uops, uint64_t count, uint64_t pdone,
                  uint64_t foreigndom, uint64_t unused, struct cpu_regs *regs)
{
    (void)uops, (void)count, (void)pdone, (void)foreigndom, (void)unused,
        (void)regs;
    return -ENOSYS;
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
    (void)va, (void)val, (void)flags;
    return -ENOSYS;
}

long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
                                      uint64_t domid)
{
    (void)va, (void)val, (void)flags, (void)domid;
    return -ENOSYS;
}

long do_vm_assist(uint64_t cmd, uint64_t type)
{
    (void)cmd, (void)type;
    return -ENOSYS;
}
