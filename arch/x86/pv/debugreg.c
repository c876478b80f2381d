/* SPDX-License-Identifier: BSD-2-Clause */
/* PV debug registers (set_debugreg, get_debugreg, #DB status), with
 * Xen's checks. The FPU task switch is in fpu.c. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/processor.h>

/* DR6 bits that read as 1 when clear of events (RTM and bus-lock detect
 * are not offered, so their active-low bits 16 and 11 stay 1), and the
 * one that reads as 0. DR7: bit 10 reads 1; 11 (RTM), 12, 14, 15 read 0. */
#define DR6_DEFAULT  0xffff0ff0UL
#define DR6_ZEROS    0x00001000UL
#define DR6_BP_MASK  0xfUL
#define DR7_DEFAULT  0x00000400UL
#define DR7_ZEROS    0x0000d800UL
#define DR7_GD       (1UL << 13) /* general detect: MOV DR faults */
#define DR7_ACTIVE   0xffUL      /* L0-3, G0-3 */
#define DR7_RW_SHIFT 16          /* 4 bits per breakpoint: R/W, LEN */
#define DR7_RW_IO    2           /* I/O breakpoint, needs CR4.DE */
#define DR7_RW_EXEC  0
#define EFLAGS_TF    0x100UL
#define X86_CR4_DE   (1UL << 3) /* the guest's own, in vcpu->cr4_guest */

/* DR6 or DR7. */
static uint64_t dr_read(unsigned int reg)
{
    uint64_t v;
    if (reg == 6)
        __asm__ volatile("mov %%db6, %0" : "=r"(v));
    else
        __asm__ volatile("mov %%db7, %0" : "=r"(v));
    return v;
}

static void dr_write(unsigned int reg, uint64_t v)
{
    switch (reg) {
    case 0:
        __asm__ volatile("mov %0, %%db0" ::"r"(v));
        break;
    case 1:
        __asm__ volatile("mov %0, %%db1" ::"r"(v));
        break;
    case 2:
        __asm__ volatile("mov %0, %%db2" ::"r"(v));
        break;
    case 3:
        __asm__ volatile("mov %0, %%db3" ::"r"(v));
        break;
    case 6:
        __asm__ volatile("mov %0, %%db6" ::"r"(v));
        break;
    case 7:
        __asm__ volatile("mov %0, %%db7" ::"r"(v));
        break;
    }
}

/* A breakpoint may watch only guest addresses (Xen's __addr_ok): the lower
 * half, or above the hypervisor's window. Breakpoints are naturally
 * aligned and at most 8 bytes, so none straddles into the window. */
static bool dr_addr_ok(uint64_t a)
{
    return a < CANONICAL_LOW_END || a >= HYPERVISOR_VIRT_END;
}

/* The guest's view of DR6 and DR7; 0 means never written (a real value
 * always has its read-as-1 bits). */
static uint64_t dr6_value(const struct vcpu *v)
{
    return v->debugreg[6] ? v->debugreg[6] : DR6_DEFAULT;
}

static uint64_t dr7_value(const struct vcpu *v)
{
    return v->debugreg[7] ? v->debugreg[7] : DR7_DEFAULT;
}

static long dr6_set(struct vcpu *v, uint64_t value)
{
    if (value != (uint32_t)value)
        return -EINVAL; /* the upper half is strictly reserved */
    value = (value | DR6_DEFAULT) & ~DR6_ZEROS;
    v->debugreg[6] = value;
    dr_write(6, value);
    return 0;
}

/* The enable bits of active I/O breakpoints; -EPERM without CR4.DE. */
static long dr7_io_enables(const struct vcpu *v, uint64_t value)
{
    uint64_t io = 0;

    if (!(value & DR7_ACTIVE))
        return 0;
    for (unsigned int bp = 0; bp < 4; bp++) {
        if (((value >> (DR7_RW_SHIFT + bp * 4)) & 3) != DR7_RW_IO)
            continue;
        if (!(v->cr4_guest & X86_CR4_DE))
            return -EPERM;
        io |= value & (3UL << (bp * 2));
    }
    return (long)io;
}

/*
 * General detect is refused (the hypervisor's own DR accesses would
 * fault). I/O breakpoints need the guest's CR4.DE; as in Xen they are
 * kept for emulated port I/O (the guest reads them back) but not loaded,
 * since the CPU would watch the hypervisor's own port accesses.
 */
static long dr7_set(struct vcpu *v, uint64_t value)
{
    long io;

    if (value != (uint32_t)value)
        return -EINVAL;
    value = (value & ~DR7_ZEROS) | DR7_DEFAULT;
    if (value & DR7_GD)
        return -EPERM;
    if ((io = dr7_io_enables(v, value)) < 0)
        return io;
    v->debugreg[7] = value;
    dr_write(7, value & ~(uint64_t)io);
    return 0;
}

/* Registers 4 and 5 alias 6 and 7 unless the guest set CR4.DE; anything
 * else is -ENODEV (#UD for a MOV DR). Xen's reg is an int. */
long do_set_debugreg(uint64_t reg_arg, uint64_t value)
{
    struct vcpu *v = current_vcpu();
    int reg = (int)reg_arg;

    if ((reg == 4 || reg == 5) && (v->cr4_guest & X86_CR4_DE))
        return -ENODEV;
    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
        if (!dr_addr_ok(value))
            return -EPERM;
        v->debugreg[reg] = value;
        dr_write((unsigned int)reg, value);
        return 0;
    case 4:
    case 6:
        return dr6_set(v, value);
    case 5:
    case 7:
        return dr7_set(v, value);
    default:
        return -ENODEV;
    }
}

long do_get_debugreg(uint64_t reg_arg)
{
    const struct vcpu *v = current_vcpu();
    int reg = (int)reg_arg;

    if ((reg == 4 || reg == 5) && (v->cr4_guest & X86_CR4_DE))
        return -ENODEV;
    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
        return (long)v->debugreg[reg];
    case 4:
    case 6:
        return (long)dr6_value(v);
    case 5:
    case 7:
        return (long)dr7_value(v);
    default:
        return -ENODEV;
    }
}

/* An enabled instruction breakpoint fired: in hypervisor context it would
 * fault again forever, so all breakpoints go (Xen's big hammer). */
static void dr_disarm_exec_hit(uint64_t dr6)
{
    uint64_t dr7 = dr_read(7);

    for (unsigned int bp = 0; bp < 4; bp++)
        if ((dr6 & (1UL << bp)) && (dr7 & (3UL << (bp * 2))) &&
            ((dr7 >> (DR7_RW_SHIFT + bp * 4)) & 3) == DR7_RW_EXEC)
            dr_write(7, 0);
}

/*
 * Every #DB, before anything else (Xen's do_debug). DR6 goes back to its
 * clear state each time. In hypervisor context the cause is a guest's data
 * breakpoint on guest memory the hypervisor touched (copy_to_guest, a
 * bounce frame): restartable, so it is ignored. From the guest, the new
 * status bits are merged into the guest's DR6 and the caller bounces the
 * #DB to the guest's handler.
 */
bool pv_debug_trap(struct cpu_regs *regs)
{
    static unsigned int reported;
    uint64_t dr6 = dr_read(6);
    struct vcpu *v;

    dr_write(6, DR6_DEFAULT);
    if (!(regs->cs & 3)) {
        regs->rflags &= ~EFLAGS_TF;
        if (dr6 & DR6_BP_MASK)
            dr_disarm_exec_hit(dr6);
        if (reported < 5) {
            reported++;
            printk("#DB in hypervisor context at %#llx, dr6 %#llx: ignored\n",
                   (unsigned long long)regs->rip, (unsigned long long)dr6);
        }
        return true;
    }
    v = current_vcpu();
    v->debugreg[6] =
        (dr6_value(v) | (dr6 & ~DR6_DEFAULT)) & (dr6 | ~DR6_DEFAULT);
    return false;
}
