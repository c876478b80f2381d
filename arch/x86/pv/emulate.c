/* SPDX-License-Identifier: BSD-2-Clause */
/* Privileged-instruction emulation for PV guests (Xen's emul-priv-op):
 * what a ring-3 guest kernel may still do through a #GP or #UD. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/mm.h>
#include <basalt/time.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <public/version.h>
#include "emulate.h"

#define EFLAGS_TF         0x100UL
#define EFLAGS_RF         0x10000UL
#define DR6_DEFAULT       0xffff0ff0UL
#define DR6_BS            0x4000UL
#define TI_DISABLE_EVENTS 4

/* The instruction bytes at rip: up to 15, fewer when the next page is
 * not readable (the decoder then says the instruction is cut short). */
static size_t emul_fetch(uint64_t rip, uint8_t *buf)
{
    size_t first = MIN((size_t)PV_INSN_MAX, PAGE_SIZE - (rip & ~PAGE_MASK));
    if (copy_from_guest(buf, rip, first))
        return 0;
    if (first < PV_INSN_MAX &&
        copy_from_guest(buf + first, rip + first, PV_INSN_MAX - first))
        return first;
    return PV_INSN_MAX;
}

void pv_emul_inject(struct cpu_regs *regs, unsigned int vector, uint64_t err)
{
    struct vcpu *v = current_vcpu();
    const struct trap_info *t = &v->trap_ctxt[vector];
    char why[64];
    if (pv_bounce(regs, t->address, X86_EXC_HAS_ERROR_CODE(vector), err,
                  t->flags & TI_DISABLE_EVENTS))
        return;
    snprintf(why, sizeof(why), "emulation: vector %u: no handler or stack",
             vector);
    domain_crash(v->domain, why);
}

void pv_emul_inject_pf(struct cpu_regs *regs, uint64_t addr, uint64_t err)
{
    struct vcpu *v = current_vcpu();
    v->vcpu_info->arch.cr2 = addr;
    pv_emul_inject(regs, 14, err | (v->kernel_mode ? 0 : PFEC_USER));
}

/* Xen's rule: the guest kernel counts as ring 1 (ring 0 with the
 * architectural_iopl assist), guest user as ring 3. */
bool pv_emul_iopl_ok(const struct vcpu *v)
{
    bool arch_iopl =
        v->domain->vm_assist & (1ULL << VMASST_TYPE_architectural_iopl);
    unsigned int cpl = v->kernel_mode ? (arch_iopl ? 0 : 1) : 3;
    return cpl <= v->iopl;
}

/* The XSAVE components the guest runs with: the hypervisor's XCR0. */
static uint64_t emul_xcr0(void)
{
    uint32_t lo, hi;
    if (!(read_cr4() & X86_CR4_OSXSAVE))
        return 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t)hi << 32 | lo;
}

static void emul_cpuid_env(const struct vcpu *v, bool forced,
                           struct pv_cpuid_env *env)
{
    const struct cpu_features *f = &cpu_features;
    memset(env, 0, sizeof(*env));
    env->amd = !strcmp(f->vendor, "AuthenticAMD") ||
               !strcmp(f->vendor, "HygonGenuine");
    env->forced = forced;
    env->kernel_mode = v->kernel_mode;
    env->hwdom = v->domain->privileged;
    env->host_osxsave = read_cr4() & X86_CR4_OSXSAVE;
    env->guest_osxsave = v->cr4_guest & X86_CR4_OSXSAVE;
    env->rdtscp = f->rdtscp;
    env->tsc_safe = f->invariant_tsc;
    env->max_leaf = f->max_leaf;
    env->max_ext_leaf = f->max_ext_leaf;
    env->xen_version = (uint32_t)do_xen_version(XENVER_version, 0);
    env->xcr0 = emul_xcr0();
    env->mfn_bits = max_pfn > 1 ? 64 - __builtin_clzll(max_pfn - 1) : 1;
    env->mfn_bits += PAGE_SHIFT;
    env->cpu_khz = (uint32_t)tsc_khz;
}

static void emul_cpuid(struct cpu_regs *regs, bool forced)
{
    struct pv_cpuid_env env;
    uint32_t leaf = (uint32_t)regs->rax, sub = (uint32_t)regs->rcx;
    struct cpuid_regs r = cpuid_count(leaf, sub);
    emul_cpuid_env(current_vcpu(), forced, &env);
    pv_cpuid_policy(leaf, sub, &env, &r);
    regs->rax = r.a;
    regs->rbx = r.b;
    regs->rcx = r.c;
    regs->rdx = r.d;
}

/* INT n (Xen's "cunning trick"): every IDT gate but int3/into has DPL 0,
 * so the guest's INT faults here. Its trap table entry's DPL decides: at
 * least 1 from the guest kernel, 3 from guest user. Otherwise the #GP a
 * real CPU raises, with the IDT error code computed here, since QEMU's
 * TCG reports a wrong one. */
static bool emul_softint(struct cpu_regs *regs, const struct pv_insn *insn)
{
    struct vcpu *v = current_vcpu();
    const struct trap_info *t = &v->trap_ctxt[insn->imm];
    if ((t->flags & 3) < (v->kernel_mode ? 1u : 3u)) {
        regs->error_code = (uint64_t)insn->imm << 3 | 2;
        return false;
    }
    regs->rip += insn->len;
    if (!pv_bounce(regs, t->address, false, 0, t->flags & TI_DISABLE_EVENTS))
        domain_crash(v->domain, "int $n: no handler or bad kernel stack");
    return true;
}

/* Advance past an emulated instruction; a single-stepping guest gets its
 * #DB after it, as after a real one. */
static void emul_retire(struct cpu_regs *regs, unsigned int len)
{
    struct vcpu *v = current_vcpu();
    regs->rip += len;
    regs->rflags &= ~EFLAGS_RF;
    if (!(regs->rflags & EFLAGS_TF))
        return;
    v->debugreg[6] = (v->debugreg[6] ? v->debugreg[6] : DR6_DEFAULT) | DR6_BS;
    pv_emul_inject(regs, 1, 0);
}

/* The guest runs with the XCR0 the hypervisor set up and switches no
 * XSAVE state, so setting XCR0 to what it already is (as Linux does with
 * what CPUID 0xd offers) is all that is allowed. */
static enum pv_emul_rc emul_xsetbv(const struct cpu_regs *regs)
{
    uint64_t val = regs->rdx << 32 | (uint32_t)regs->rax;
    uint64_t xcr0 = emul_xcr0();
    if ((uint32_t)regs->rcx != 0 || !xcr0 || val != xcr0)
        return PV_EMUL_UNHANDLED;
    return PV_EMUL_DONE;
}

static enum pv_emul_rc emul_privileged(struct cpu_regs *regs,
                                       const struct pv_insn *insn)
{
    struct vcpu *v = current_vcpu();
    switch (insn->op) {
    case PV_OP_RDMSR:
        return pv_emul_rdmsr(regs);
    case PV_OP_WRMSR:
        return pv_emul_wrmsr(regs);
    case PV_OP_CLTS:
        do_fpu_taskswitch(0);
        return PV_EMUL_DONE;
    case PV_OP_MOV_FROM_CR:
    case PV_OP_MOV_TO_CR:
        return pv_emul_mov_cr(regs, insn);
    case PV_OP_XSETBV:
        return emul_xsetbv(regs);
    case PV_OP_WBINVD:
        /* Only a domain that may drive devices needs caches flushed;
         * others are ignored, as Linux does it at start of day. */
        if (v->domain->privileged)
            __asm__ volatile("wbinvd" ::: "memory");
        return PV_EMUL_DONE;
    default:
        return PV_EMUL_UNHANDLED;
    }
}

static enum pv_emul_rc emul_dispatch(struct cpu_regs *regs,
                                     const struct pv_insn *insn)
{
    struct vcpu *v = current_vcpu();
    switch (insn->op) {
    case PV_OP_CPUID: /* only with CPUID faulting on: emulate anyway */
        emul_cpuid(regs, false);
        return PV_EMUL_DONE;
    case PV_OP_IN:
    case PV_OP_OUT:
    case PV_OP_INS:
    case PV_OP_OUTS:
        return pv_emulate_io(regs, insn);
    case PV_OP_CLI:
    case PV_OP_STI:
        /* Xen ignores them with I/O privilege: the event mask is the
         * guest's interrupt flag, and a POPF could never undo a CLI. */
        return pv_emul_iopl_ok(v) ? PV_EMUL_DONE : PV_EMUL_UNHANDLED;
    default:
        /* The rest need the guest's (virtual) ring 0. */
        return v->kernel_mode ? emul_privileged(regs, insn) : PV_EMUL_UNHANDLED;
    }
}

/* The 7 bytes at rip as a little-endian word. While 8 bytes stay in
 * rip's page, one 8-byte read (the same mapping: it faults exactly when
 * the 7 bytes would); at a page end, the exact 7-byte copy. */
static inline bool emul_fetch_forced(uint64_t rip, uint64_t *w)
{
    uint8_t buf[PV_FORCED_CPUID_LEN];
    if ((rip & ~PAGE_MASK) <= PAGE_SIZE - sizeof(*w)) {
        if (get_guest_u64_inline(w, rip))
            return false;
        *w &= (1ULL << (8 * PV_FORCED_CPUID_LEN)) - 1;
        return true;
    }
    if (copy_from_guest(buf, rip, sizeof(buf)) ||
        !pv_insn_forced_cpuid(buf, sizeof(buf)))
        return false;
    *w = PV_FORCED_CPUID_WORD;
    return true;
}

static void __attribute__((noinline))
emul_forced_cpuid_run(struct cpu_regs *regs)
{
    emul_cpuid(regs, true);
    emul_retire(regs, PV_FORCED_CPUID_LEN);
}

/* #UD: only the forced-emulation prefix "ud2; 'xen'; cpuid" is ours. Read
 * just its 7 bytes: every other #UD goes straight to the guest. Kept
 * apart from the #GP decoder, whose frame every #UD would pay for. */
static inline bool emul_forced_cpuid(struct cpu_regs *regs)
{
    uint64_t w;
    if (!emul_fetch_forced(regs->rip, &w) || w != PV_FORCED_CPUID_WORD)
        return false;
    emul_forced_cpuid_run(regs);
    return true;
}

/* #GP: decode the instruction and emulate what Xen emulates. */
static bool __attribute__((noinline)) emul_gp(struct cpu_regs *regs)
{
    uint8_t buf[PV_INSN_MAX];
    struct pv_insn insn;
    enum pv_emul_rc rc;
    if (pv_insn_decode(buf, emul_fetch(regs->rip, buf), &insn))
        return false;
    if (insn.op == PV_OP_INT)
        return emul_softint(regs, &insn);
    if (regs->error_code)
        return false; /* a selector's fault: nothing we emulate */
    rc = emul_dispatch(regs, &insn);
    if (rc == PV_EMUL_DONE)
        emul_retire(regs, insn.len);
    return rc != PV_EMUL_UNHANDLED;
}

bool pv_emulate_op(struct cpu_regs *regs, unsigned int vector)
{
    if (vector == 6)
        return emul_forced_cpuid(regs);
    return emul_gp(regs);
}
