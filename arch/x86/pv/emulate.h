/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to PV privileged-op emulation: the decoder and the pure policies
 * (what CPUID shows a PV guest, which ports dom0 may touch). */
#ifndef PV_EMULATE_H
#define PV_EMULATE_H

#include <basalt/types.h>
#include <asm/processor.h>

/* The architectural limit: a longer instruction raises #GP by itself. */
#define PV_INSN_MAX 15

/* The forced-emulation prefix: ud2a; .ascii "xen"; cpuid. */
#define PV_FORCED_CPUID_LEN 7
/* Its bytes 0f 0b 'x' 'e' 'n' 0f a2 as one little-endian word. */
#define PV_FORCED_CPUID_WORD 0xa20f6e65780b0fULL

enum pv_insn_op {
    PV_OP_CPUID,
    PV_OP_RDMSR,
    PV_OP_WRMSR,
    PV_OP_IN,   /* E4 E5 EC ED */
    PV_OP_OUT,  /* E6 E7 EE EF */
    PV_OP_INS,  /* 6C 6D */
    PV_OP_OUTS, /* 6E 6F */
    PV_OP_CLTS,
    PV_OP_MOV_FROM_CR,
    PV_OP_MOV_TO_CR,
    PV_OP_WBINVD,
    PV_OP_INT, /* CD ib */
    PV_OP_CLI,
    PV_OP_STI,
    PV_OP_XSETBV, /* 0F 01 D1 */
};

/* Segment override prefixes (only FS and GS have a base in 64-bit mode). */
enum pv_insn_seg {
    PV_SEG_NONE,
    PV_SEG_ES,
    PV_SEG_CS,
    PV_SEG_SS,
    PV_SEG_DS,
    PV_SEG_FS,
    PV_SEG_GS,
};

struct pv_insn {
    enum pv_insn_op op;
    uint8_t len;     /* whole instruction, prefixes included */
    uint8_t opsize;  /* IN/OUT/INS/OUTS: 1, 2 or 4 bytes */
    bool addr32;     /* 0x67: ESI/EDI/ECX for INS/OUTS */
    bool rep;        /* F2 or F3 on INS/OUTS */
    bool port_imm;   /* IN/OUT with an imm8 port (else DX) */
    uint8_t seg;     /* enum pv_insn_seg, last override wins */
    uint8_t imm;     /* the imm8 port, or the INT vector */
    uint8_t cr, gpr; /* MOV CR: control register 0-15, GPR 0-15 */
};

/* Decode the instruction at buf[0..len). 0: one of the instructions
 * above; -EAGAIN: it runs past len (fewer bytes were readable); -E2BIG:
 * longer than 15 bytes; -EINVAL: anything else (LOCK included). */
int pv_insn_decode(const uint8_t *buf, size_t len, struct pv_insn *insn);

/* Does buf start with the forced-emulation CPUID sequence? */
bool pv_insn_forced_cpuid(const uint8_t *buf, size_t len);

/* What a PV guest's CPUID may show, beyond the raw leaf. */
struct pv_cpuid_env {
    bool amd;           /* AMD/Hygon: 0x80000001.edx repeats leaf 1 */
    bool forced;        /* the forced-emulation prefix (#UD), not #GP */
    bool kernel_mode;   /* the guest kernel asked, not guest user */
    bool hwdom;         /* the hardware domain (dom0) */
    bool host_osxsave;  /* the real CR4.OSXSAVE */
    bool guest_osxsave; /* the guest's virtual CR4.OSXSAVE */
    bool rdtscp;        /* the host has RDTSCP */
    bool tsc_safe;      /* the host TSC is invariant */
    uint32_t max_leaf, max_ext_leaf; /* the hardware's CPUID 0, 0x80000000 */
    uint32_t xen_version;            /* XENVER_version: major << 16 | minor */
    uint64_t xcr0;                   /* XSAVE components the guest runs with */
    uint32_t mfn_bits; /* address bits of the highest machine frame */
    uint32_t cpu_khz;  /* 0: unknown */
};

/* Turn the raw CPUID(leaf, sub) in *r into what Xen shows a 64-bit PV
 * guest: feature masks, Xen's hypervisor leaves at 0x40000000, zeros
 * outside the leaves it knows. */
void pv_cpuid_policy(uint32_t leaf, uint32_t sub,
                     const struct pv_cpuid_env *env, struct cpuid_regs *r);

/* May the hardware domain reach ports [port, port + bytes) directly?
 * Never the ones the hypervisor drives: the PICs, the PIT and its gate
 * (0x61), and the serial console at uart (0: none). */
bool pv_ioport_permitted(unsigned int port, unsigned int bytes, uint16_t uart);

/* The rest runs in the hypervisor (emulate.c, emulate_msr.c, emulate_io.c). */
struct cpu_regs;
struct vcpu;

#define PFEC_WRITE 2
#define PFEC_USER  4

enum pv_emul_rc {
    PV_EMUL_DONE,      /* emulated: step past the instruction */
    PV_EMUL_FAULT,     /* an exception was delivered, or a string I/O
                          stopped early: the guest resumes at the insn */
    PV_EMUL_UNHANDLED, /* the guest gets the #GP */
};

enum pv_emul_rc pv_emul_rdmsr(struct cpu_regs *regs);
enum pv_emul_rc pv_emul_wrmsr(struct cpu_regs *regs);
enum pv_emul_rc pv_emul_mov_cr(struct cpu_regs *regs,
                               const struct pv_insn *insn);
enum pv_emul_rc pv_emulate_io(struct cpu_regs *regs,
                              const struct pv_insn *insn);
/* May the current vCPU use IN/OUT/CLI/STI outright (virtual IOPL)? */
bool pv_emul_iopl_ok(const struct vcpu *v);
/* Deliver an exception to the guest's handler (no handler: crash it);
 * for a page fault, with the guest's CR2 and user bit set. */
void pv_emul_inject(struct cpu_regs *regs, unsigned int vector, uint64_t err);
void pv_emul_inject_pf(struct cpu_regs *regs, uint64_t addr, uint64_t err);

#endif
