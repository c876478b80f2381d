/* SPDX-License-Identifier: BSD-2-Clause */
/* Decoding the few instructions Basalt emulates for PV guests, from the
 * bytes at the faulting RIP (never from the #GP error code). */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include "emulate.h"

struct decode_state {
    const uint8_t *buf;
    size_t len, pos;
    bool o16;    /* 0x66 seen */
    uint8_t rex; /* REX byte directly before the opcode, else 0 */
};

/* The next byte, or why there is none: the 15-byte limit comes first, as
 * the CPU raises #GP for a longer instruction whatever is readable. */
static int decode_byte(struct decode_state *s, uint8_t *b)
{
    if (s->pos >= PV_INSN_MAX)
        return -E2BIG;
    if (s->pos >= s->len)
        return -EAGAIN;
    *b = s->buf[s->pos++];
    return 0;
}

static int decode_segment(uint8_t b)
{
    switch (b) {
    case 0x26:
        return PV_SEG_ES;
    case 0x2e:
        return PV_SEG_CS;
    case 0x36:
        return PV_SEG_SS;
    case 0x3e:
        return PV_SEG_DS;
    case 0x64:
        return PV_SEG_FS;
    case 0x65:
        return PV_SEG_GS;
    default:
        return -1;
    }
}

/* Legacy prefixes in any order and number, then an optional REX; a REX
 * followed by another legacy prefix is ignored, as by the CPU. Leaves the
 * opcode in *op. LOCK makes none of ours valid. */
static int decode_prefixes(struct decode_state *s, struct pv_insn *insn,
                           uint8_t *op)
{
    for (;;) {
        uint8_t b;
        int rc = decode_byte(s, &b), seg = decode_segment(b);
        if (rc)
            return rc;
        if (seg >= 0)
            insn->seg = (uint8_t)seg;
        else if (b == 0x66)
            s->o16 = true;
        else if (b == 0x67)
            insn->addr32 = true;
        else if (b == 0xf2 || b == 0xf3)
            insn->rep = true;
        else if (b == 0xf0)
            return -EINVAL;
        else if ((b & 0xf0) == 0x40) {
            s->rex = b;
            continue;
        } else {
            *op = b;
            return 0;
        }
        s->rex = 0;
    }
}

/* One-byte opcodes: port I/O, INT n, CLI/STI. Bit 0 of the I/O opcodes
 * picks byte or word/dword; REX.W does not make them 64-bit. */
static int decode_onebyte(struct decode_state *s, struct pv_insn *insn,
                          uint8_t op)
{
    if ((op >= 0xe4 && op <= 0xe7) || (op >= 0xec && op <= 0xef)) {
        insn->op = (op & 2) ? PV_OP_OUT : PV_OP_IN;
        insn->port_imm = op < 0xe8;
        int rc = insn->port_imm ? decode_byte(s, &insn->imm) : 0;
        if (rc)
            return rc;
    } else if (op >= 0x6c && op <= 0x6f) {
        insn->op = op < 0x6e ? PV_OP_INS : PV_OP_OUTS;
    } else if (op == 0xcd) {
        insn->op = PV_OP_INT;
        return decode_byte(s, &insn->imm);
    } else if (op == 0xfa || op == 0xfb) {
        insn->op = op == 0xfa ? PV_OP_CLI : PV_OP_STI;
        return 0;
    } else {
        return -EINVAL;
    }
    insn->opsize = !(op & 1) ? 1 : s->o16 ? 2 : 4;
    return 0;
}

/* 0F xx: CLTS, WBINVD, WRMSR, RDMSR, CPUID, XSETBV and MOV to/from CRn.
 * MOV CR always names a register (the ModRM mod bits are ignored); REX.R
 * extends the CR number, REX.B the GPR. */
static int decode_0f(struct decode_state *s, struct pv_insn *insn)
{
    uint8_t op, modrm;
    int rc = decode_byte(s, &op);
    if (rc)
        return rc;
    switch (op) {
    case 0x06:
        insn->op = PV_OP_CLTS;
        return 0;
    case 0x09:
        insn->op = PV_OP_WBINVD;
        return 0;
    case 0x30:
        insn->op = PV_OP_WRMSR;
        return 0;
    case 0x32:
        insn->op = PV_OP_RDMSR;
        return 0;
    case 0xa2:
        insn->op = PV_OP_CPUID;
        return 0;
    case 0x01: /* group 7: only XSETBV */
        rc = decode_byte(s, &modrm);
        if (rc)
            return rc;
        insn->op = PV_OP_XSETBV;
        return modrm == 0xd1 ? 0 : -EINVAL;
    case 0x20:
    case 0x22:
        rc = decode_byte(s, &modrm);
        if (rc)
            return rc;
        insn->op = op == 0x20 ? PV_OP_MOV_FROM_CR : PV_OP_MOV_TO_CR;
        insn->cr = ((modrm >> 3) & 7) | ((s->rex & 4) << 1);
        insn->gpr = (modrm & 7) | ((s->rex & 1) << 3);
        return 0;
    default:
        return -EINVAL;
    }
}

int pv_insn_decode(const uint8_t *buf, size_t len, struct pv_insn *insn)
{
    struct decode_state s = {buf, len, 0, false, 0};
    uint8_t op;
    int rc;
    memset(insn, 0, sizeof(*insn));
    rc = decode_prefixes(&s, insn, &op);
    if (!rc)
        rc = op == 0x0f ? decode_0f(&s, insn) : decode_onebyte(&s, insn, op);
    if (rc)
        return rc;
    if (insn->op != PV_OP_INS && insn->op != PV_OP_OUTS)
        insn->rep = insn->addr32 = false; /* no meaning for the others */
    insn->len = (uint8_t)s.pos;
    return 0;
}

bool pv_insn_forced_cpuid(const uint8_t *buf, size_t len)
{
    /* 0f 0b 'x' 'e' 'n' 0f a2, compared as one little-endian word: this
     * runs on every #UD a guest takes. */
    uint64_t w = 0;
    if (len < PV_FORCED_CPUID_LEN)
        return false;
    __builtin_memcpy(&w, buf, PV_FORCED_CPUID_LEN);
    return w == PV_FORCED_CPUID_WORD;
}
