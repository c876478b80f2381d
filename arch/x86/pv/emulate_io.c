/* SPDX-License-Identifier: BSD-2-Clause */
/* Port I/O from PV guests (IN, OUT, INS, OUTS): the guest's own rule
 * first (virtual IOPL or its I/O bitmap, else #GP), then the
 * hypervisor's (only dom0 reaches ports, never the hypervisor's own;
 * other accesses read all-ones and write nothing, as on Xen). */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include "emulate.h"

#define EFLAGS_DF       0x400UL
#define CMOS_INDEX      0x70
#define CMOS_NMI_MASK   0x80
#define STRING_IO_BATCH 1024 /* iterations before the guest resumes */

/* The guest's I/O bitmap (set_iobitmap) lives in its kernel's address
 * space: from user context, switch to it just for the read. Like the
 * TSS bitmap, 2 bytes are read, and a set bit denies. -EPERM: #GP;
 * -EFAULT: a page fault went to the guest. */
static int io_bitmap_ok(struct cpu_regs *regs, struct vcpu *v,
                        unsigned int port, unsigned int bytes)
{
    uint64_t addr = v->iobmp + (port >> 3);
    bool user = !v->kernel_mode;
    uint8_t b[2];
    int rc;
    if (port + bytes > v->iobmp_nr_ports)
        return -EPERM;
    if (user)
        pv_toggle_guest_mode(v);
    rc = copy_from_guest(b, addr, sizeof(b));
    if (user)
        pv_toggle_guest_mode(v);
    if (rc) {
        pv_emul_inject_pf(regs, addr, 0);
        return -EFAULT;
    }
    return ((b[0] | b[1] << 8) >> (port & 7)) & ((1u << bytes) - 1) ? -EPERM
                                                                    : 0;
}

static int io_guest_ok(struct cpu_regs *regs, struct vcpu *v, unsigned int port,
                       unsigned int bytes)
{
    return pv_emul_iopl_ok(v) ? 0 : io_bitmap_ok(regs, v, port, bytes);
}

static bool io_admin_ok(const struct domain *d, unsigned int port,
                        unsigned int bytes)
{
    return d->privileged && pv_ioport_permitted(port, bytes, ns16550_port);
}

static uint32_t io_read(const struct domain *d, unsigned int port,
                        unsigned int bytes)
{
    if (!io_admin_ok(d, port, bytes))
        return 0xffffffffu >> (32 - 8 * bytes);
    switch (bytes) {
    case 1:
        return inb((uint16_t)port);
    case 2:
        return inw((uint16_t)port);
    default:
        return inl((uint16_t)port);
    }
}

static void io_write(const struct domain *d, unsigned int port,
                     unsigned int bytes, uint32_t data)
{
    if (!io_admin_ok(d, port, bytes))
        return;
    /* Bit 7 of the CMOS index is NMI-disable on many chipsets: the
     * guest may pick a CMOS register, not mask the hypervisor's NMIs. */
    if (port <= CMOS_INDEX && port + bytes > CMOS_INDEX)
        data &= ~((uint32_t)CMOS_NMI_MASK << 8 * (CMOS_INDEX - port));
    switch (bytes) {
    case 1:
        outb((uint8_t)data, (uint16_t)port);
        break;
    case 2:
        outw((uint16_t)data, (uint16_t)port);
        break;
    default:
        outl(data, (uint16_t)port);
        break;
    }
}

/* IN AL/AX leaves the rest of RAX alone; IN EAX zero-extends. */
static void io_set_ax(struct cpu_regs *regs, unsigned int bytes, uint32_t val)
{
    uint64_t mask = bytes == 1 ? 0xffULL : 0xffffULL;
    if (bytes == 4)
        regs->rax = val;
    else
        regs->rax = (regs->rax & ~mask) | (val & mask);
}

/* OUTS may name a segment; in 64-bit mode only FS and GS have a base,
 * and the guest's active GS base sits in SHADOW_GS_BASE while we run. */
static uint64_t io_segment_base(unsigned int seg)
{
    if (seg == PV_SEG_FS)
        return rdmsr(MSR_FS_BASE);
    if (seg == PV_SEG_GS)
        return rdmsr(MSR_SHADOW_GS_BASE);
    return 0;
}

/* One element of INS/OUTS between port and guest memory; a fault is a
 * page fault for the guest at that address. */
static bool io_string_one(struct cpu_regs *regs, const struct domain *d,
                          const struct pv_insn *insn, unsigned int port,
                          uint64_t addr)
{
    uint32_t data = 0;
    if (insn->op == PV_OP_INS) {
        data = io_read(d, port, insn->opsize);
        if (!copy_to_guest(addr, &data, insn->opsize))
            return true;
        pv_emul_inject_pf(regs, addr, PFEC_WRITE);
        return false;
    }
    if (copy_from_guest(&data, addr, insn->opsize)) {
        pv_emul_inject_pf(regs, addr, 0);
        return false;
    }
    io_write(d, port, insn->opsize, data);
    return true;
}

/*
 * INS/OUTS, with REP: RCX counts down and RDI/RSI move with DF after
 * every element, so a fault or a pause leaves the registers where the
 * CPU would, and the guest re-executes the rest. With 0x67 the 32-bit
 * registers are used and written back zero-extended.
 */
static enum pv_emul_rc io_string(struct cpu_regs *regs,
                                 const struct pv_insn *insn, unsigned int port)
{
    const struct domain *d = current_domain;
    bool ins = insn->op == PV_OP_INS;
    uint64_t amask = insn->addr32 ? 0xffffffffULL : ~0ULL;
    uint64_t *idx = ins ? &regs->rdi : &regs->rsi;
    uint64_t base = ins ? 0 : io_segment_base(insn->seg);
    uint64_t step =
        regs->rflags & EFLAGS_DF ? -(uint64_t)insn->opsize : insn->opsize;
    uint64_t count = insn->rep ? regs->rcx & amask : 1;
    for (unsigned int n = 0; count; n++) {
        if (n == STRING_IO_BATCH || (n && hypercall_preempt_check()))
            return PV_EMUL_FAULT; /* resumes with the registers as left */
        if (!io_string_one(regs, d, insn, port, base + (*idx & amask)))
            return PV_EMUL_FAULT;
        *idx = (*idx + step) & amask;
        count--;
        if (insn->rep)
            regs->rcx = count;
    }
    return PV_EMUL_DONE;
}

enum pv_emul_rc pv_emulate_io(struct cpu_regs *regs, const struct pv_insn *insn)
{
    struct vcpu *v = current_vcpu();
    unsigned int port = insn->port_imm ? insn->imm : (uint16_t)regs->rdx;
    int rc = io_guest_ok(regs, v, port, insn->opsize);
    if (rc)
        return rc == -EFAULT ? PV_EMUL_FAULT : PV_EMUL_UNHANDLED;
    switch (insn->op) {
    case PV_OP_IN:
        io_set_ax(regs, insn->opsize, io_read(v->domain, port, insn->opsize));
        return PV_EMUL_DONE;
    case PV_OP_OUT:
        io_write(v->domain, port, insn->opsize, (uint32_t)regs->rax);
        return PV_EMUL_DONE;
    default:
        return io_string(regs, insn, port);
    }
}
