/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of PV privileged-op emulation's pure parts: the instruction
 * decoder, the CPUID policy (against Xen 4.17's answers under QEMU) and
 * the I/O port policy (arch/x86/pv/emulate_decode.c, emulate_policy.c). */
#include "harness.h"
#include <basalt/errno.h>
#include "../../arch/x86/pv/emulate.h"

/* Decode exactly n bytes from a heap copy, so ASan catches any read
 * past the end. */
static int decode(const uint8_t *bytes, size_t n, struct pv_insn *insn)
{
    uint8_t *copy = malloc(n ? n : 1);
    if (n)
        memcpy(copy, bytes, n);
    int rc = pv_insn_decode(copy, n, insn);
    free(copy);
    return rc;
}

#define DECODE(insn, ...)                                                      \
    decode((const uint8_t[]){__VA_ARGS__},                                     \
           sizeof((const uint8_t[]){__VA_ARGS__}), insn)

TEST(decode_two_byte_ops)
{
    struct pv_insn i;
    CHECK_EQ(DECODE(&i, 0x0f, 0xa2), 0);
    CHECK_EQ(i.op, PV_OP_CPUID);
    CHECK_EQ(i.len, 2);
    CHECK_EQ(DECODE(&i, 0x0f, 0x32), 0);
    CHECK_EQ(i.op, PV_OP_RDMSR);
    CHECK_EQ(DECODE(&i, 0x0f, 0x30), 0);
    CHECK_EQ(i.op, PV_OP_WRMSR);
    CHECK_EQ(DECODE(&i, 0x0f, 0x06), 0);
    CHECK_EQ(i.op, PV_OP_CLTS);
    CHECK_EQ(DECODE(&i, 0x0f, 0x09), 0);
    CHECK_EQ(i.op, PV_OP_WBINVD);
    CHECK_EQ(i.len, 2);
    CHECK_EQ(DECODE(&i, 0x0f, 0x01, 0xd1), 0);
    CHECK_EQ(i.op, PV_OP_XSETBV);
    CHECK_EQ(i.len, 3);
    CHECK_EQ(DECODE(&i, 0x0f, 0x01), -EAGAIN);
}

TEST(decode_mov_cr)
{
    struct pv_insn i;
    CHECK_EQ(DECODE(&i, 0x0f, 0x20, 0xc0), 0); /* mov %cr0, %rax */
    CHECK_EQ(i.op, PV_OP_MOV_FROM_CR);
    CHECK_EQ(i.cr, 0);
    CHECK_EQ(i.gpr, 0);
    CHECK_EQ(i.len, 3);
    CHECK_EQ(DECODE(&i, 0x41, 0x0f, 0x20, 0xd9), 0); /* mov %cr3, %r9 */
    CHECK_EQ(i.cr, 3);
    CHECK_EQ(i.gpr, 9);
    CHECK_EQ(i.len, 4);
    CHECK_EQ(DECODE(&i, 0x0f, 0x22, 0xe3), 0); /* mov %rbx, %cr4 */
    CHECK_EQ(i.op, PV_OP_MOV_TO_CR);
    CHECK_EQ(i.cr, 4);
    CHECK_EQ(i.gpr, 3);
    CHECK_EQ(DECODE(&i, 0x44, 0x0f, 0x20, 0xc7), 0); /* REX.R: %cr8, %rdi */
    CHECK_EQ(i.cr, 8);
    CHECK_EQ(i.gpr, 7);
    CHECK_EQ(DECODE(&i, 0x0f, 0x20, 0x10), 0); /* mod bits ignored */
    CHECK_EQ(i.cr, 2);
    CHECK_EQ(i.gpr, 0);
    /* A legacy prefix after REX cancels it; before it, it does not. */
    CHECK_EQ(DECODE(&i, 0x44, 0x66, 0x0f, 0x20, 0xc0), 0);
    CHECK_EQ(i.cr, 0);
    CHECK_EQ(DECODE(&i, 0x66, 0x44, 0x0f, 0x20, 0xc0), 0);
    CHECK_EQ(i.cr, 8);
    CHECK_EQ(i.len, 5);
}

TEST(decode_in_out)
{
    struct pv_insn i;
    CHECK_EQ(DECODE(&i, 0xe4, 0x80), 0); /* in $0x80, %al */
    CHECK_EQ(i.op, PV_OP_IN);
    CHECK(i.port_imm);
    CHECK_EQ(i.imm, 0x80);
    CHECK_EQ(i.opsize, 1);
    CHECK_EQ(i.len, 2);
    CHECK_EQ(DECODE(&i, 0xe5, 0x71), 0);
    CHECK_EQ(i.opsize, 4);
    CHECK_EQ(DECODE(&i, 0x66, 0xe5, 0x71), 0);
    CHECK_EQ(i.opsize, 2);
    CHECK_EQ(i.len, 3);
    CHECK_EQ(DECODE(&i, 0xe6, 0x70), 0);
    CHECK_EQ(i.op, PV_OP_OUT);
    CHECK_EQ(i.opsize, 1);
    CHECK_EQ(DECODE(&i, 0xe7, 0x70), 0);
    CHECK_EQ(i.opsize, 4);
    CHECK_EQ(DECODE(&i, 0xec), 0); /* in %dx, %al */
    CHECK_EQ(i.op, PV_OP_IN);
    CHECK(!i.port_imm);
    CHECK_EQ(i.opsize, 1);
    CHECK_EQ(i.len, 1);
    CHECK_EQ(DECODE(&i, 0x66, 0xed), 0);
    CHECK_EQ(i.opsize, 2);
    CHECK_EQ(DECODE(&i, 0x48, 0xed), 0); /* REX.W: still 32-bit */
    CHECK_EQ(i.opsize, 4);
    CHECK_EQ(i.len, 2);
    CHECK_EQ(DECODE(&i, 0xee), 0);
    CHECK_EQ(i.op, PV_OP_OUT);
    CHECK_EQ(DECODE(&i, 0x66, 0xef), 0);
    CHECK_EQ(i.op, PV_OP_OUT);
    CHECK_EQ(i.opsize, 2);
    CHECK(!i.rep); /* prefixes without meaning here are dropped */
    CHECK_EQ(DECODE(&i, 0xf3, 0x67, 0xec), 0);
    CHECK(!i.rep);
    CHECK(!i.addr32);
}

TEST(decode_string_io)
{
    struct pv_insn i;
    CHECK_EQ(DECODE(&i, 0x6c), 0);
    CHECK_EQ(i.op, PV_OP_INS);
    CHECK_EQ(i.opsize, 1);
    CHECK(!i.rep);
    CHECK_EQ(DECODE(&i, 0x66, 0x6d), 0);
    CHECK_EQ(i.opsize, 2);
    CHECK_EQ(DECODE(&i, 0xf3, 0x6d), 0);
    CHECK_EQ(i.opsize, 4);
    CHECK(i.rep);
    CHECK_EQ(DECODE(&i, 0xf2, 0x6e), 0); /* REPNE repeats too */
    CHECK_EQ(i.op, PV_OP_OUTS);
    CHECK(i.rep);
    CHECK_EQ(DECODE(&i, 0x67, 0xf3, 0x6e), 0);
    CHECK(i.addr32);
    CHECK_EQ(i.seg, PV_SEG_NONE);
    CHECK_EQ(DECODE(&i, 0x64, 0x6e), 0);
    CHECK_EQ(i.seg, PV_SEG_FS);
    CHECK_EQ(DECODE(&i, 0x64, 0x65, 0xf3, 0x66, 0x6f), 0); /* last wins */
    CHECK_EQ(i.seg, PV_SEG_GS);
    CHECK_EQ(i.opsize, 2);
    CHECK_EQ(i.len, 5);
    CHECK_EQ(DECODE(&i, 0x2e, 0x6e), 0);
    CHECK_EQ(i.seg, PV_SEG_CS);
    CHECK_EQ(DECODE(&i, 0x26, 0x36, 0x3e, 0x6e), 0);
    CHECK_EQ(i.seg, PV_SEG_DS);
}

TEST(decode_int_cli_sti)
{
    struct pv_insn i;
    CHECK_EQ(DECODE(&i, 0xcd, 0x80), 0);
    CHECK_EQ(i.op, PV_OP_INT);
    CHECK_EQ(i.imm, 0x80);
    CHECK_EQ(i.len, 2);
    CHECK_EQ(DECODE(&i, 0x66, 0xcd, 0x81), 0);
    CHECK_EQ(i.imm, 0x81);
    CHECK_EQ(i.len, 3);
    CHECK_EQ(DECODE(&i, 0xfa), 0);
    CHECK_EQ(i.op, PV_OP_CLI);
    CHECK_EQ(DECODE(&i, 0xfb), 0);
    CHECK_EQ(i.op, PV_OP_STI);
    CHECK_EQ(DECODE(&i, 0x2e, 0x0f, 0xa2), 0); /* ignored override */
    CHECK_EQ(i.op, PV_OP_CPUID);
    CHECK_EQ(i.len, 3);
}

TEST(decode_rejects_others)
{
    struct pv_insn i;
    CHECK_EQ(DECODE(&i, 0x90), -EINVAL); /* nop */
    CHECK_EQ(DECODE(&i, 0xf4), -EINVAL); /* hlt */
    CHECK_EQ(DECODE(&i, 0xcc), -EINVAL); /* int3 */
    CHECK_EQ(DECODE(&i, 0xf1), -EINVAL); /* icebp */
    CHECK_EQ(DECODE(&i, 0xce), -EINVAL); /* into */
    CHECK_EQ(DECODE(&i, 0xe8, 0, 0, 0, 0), -EINVAL);
    CHECK_EQ(DECODE(&i, 0x0f, 0x0b), -EINVAL);       /* ud2 */
    CHECK_EQ(DECODE(&i, 0x0f, 0x01, 0xd0), -EINVAL); /* xgetbv */
    CHECK_EQ(DECODE(&i, 0x0f, 0x01, 0xf9), -EINVAL); /* rdtscp */
    CHECK_EQ(DECODE(&i, 0x0f, 0x01, 0x11), -EINVAL); /* lgdt (%rcx) */
    CHECK_EQ(DECODE(&i, 0x0f, 0x21, 0xc0), -EINVAL); /* mov %dr0 */
    CHECK_EQ(DECODE(&i, 0x0f, 0xff), -EINVAL);
    CHECK_EQ(DECODE(&i, 0x8e, 0xd8), -EINVAL);             /* mov %eax, %ds */
    CHECK_EQ(DECODE(&i, 0xf0, 0x0f, 0x20, 0xc0), -EINVAL); /* lock */
    CHECK_EQ(DECODE(&i, 0x66, 0xf0, 0xe4, 0x80), -EINVAL);
}

TEST(decode_truncated)
{
    struct pv_insn i;
    CHECK_EQ(decode(NULL, 0, &i), -EAGAIN);
    CHECK_EQ(DECODE(&i, 0x0f), -EAGAIN);
    CHECK_EQ(DECODE(&i, 0x0f, 0x20), -EAGAIN);
    CHECK_EQ(DECODE(&i, 0xe4), -EAGAIN);
    CHECK_EQ(DECODE(&i, 0xcd), -EAGAIN);
    CHECK_EQ(DECODE(&i, 0x66, 0x67, 0xf3), -EAGAIN);
    CHECK_EQ(DECODE(&i, 0x48), -EAGAIN);
}

/* The 15-byte limit holds whatever is readable: the CPU itself raises
 * #GP for a longer instruction, which must then reach the guest. */
TEST(decode_length_limit)
{
    uint8_t b[20];
    struct pv_insn i;
    memset(b, 0x66, sizeof(b));
    b[13] = 0x0f, b[14] = 0xa2; /* 13 prefixes + cpuid = 15 */
    CHECK_EQ(decode(b, 15, &i), 0);
    CHECK_EQ(i.len, 15);
    CHECK_EQ(decode(b, 20, &i), 0);
    CHECK_EQ(decode(b, 14, &i), -EAGAIN);
    b[13] = 0x66, b[14] = 0x0f, b[15] = 0xa2; /* 16 bytes */
    CHECK_EQ(decode(b, 20, &i), -E2BIG);
    CHECK_EQ(decode(b, 15, &i), -E2BIG);
    memset(b, 0x2e, sizeof(b));
    b[13] = 0xe4, b[14] = 0x80; /* the imm8 is byte 15 */
    CHECK_EQ(decode(b, 15, &i), 0);
    CHECK_EQ(i.imm, 0x80);
    b[13] = 0x2e, b[14] = 0xe4, b[15] = 0x80;
    CHECK_EQ(decode(b, 20, &i), -E2BIG);
    memset(b, 0x40, sizeof(b)); /* REX bytes count too */
    CHECK_EQ(decode(b, 20, &i), -E2BIG);
}

/* Random bytes in exact-size buffers: no read past the end (ASan), and
 * a decoded instruction decodes the same from exactly its own bytes. */
TEST(decode_garbage)
{
    static const uint8_t pool[] = {0x66, 0x67, 0xf2, 0xf3, 0x2e, 0x64, 0x65,
                                   0x41, 0x48, 0x0f, 0x20, 0x22, 0xa2, 0x32,
                                   0xe4, 0xed, 0x6d, 0xcd, 0xfa, 0x90, 0xf0};
    uint8_t b[16];
    struct pv_insn i, j;
    unsigned int ok = 0, seed = 12345;
    for (int n = 0; n < 20000; n++) {
        size_t len = (seed = seed * 1103515245 + 12345) >> 16 & 15;
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245 + 12345;
            b[k] = (seed >> 20) & 1 ? pool[(seed >> 8) % sizeof(pool)]
                                    : (uint8_t)(seed >> 12);
        }
        if (decode(b, len, &i) != 0)
            continue;
        ok++;
        CHECK(i.len >= 1 && i.len <= len && i.len <= PV_INSN_MAX);
        CHECK_EQ(decode(b, i.len, &j), 0);
        CHECK(memcmp(&i, &j, sizeof(i)) == 0);
        CHECK_EQ(decode(b, i.len - 1, &j), -EAGAIN);
    }
    CHECK(ok > 100);
}

TEST(forced_cpuid_signature)
{
    const uint8_t sig[] = {0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2, 0x90};
    uint8_t bad[8];
    CHECK(pv_insn_forced_cpuid(sig, 7));
    CHECK(pv_insn_forced_cpuid(sig, 8));
    CHECK(!pv_insn_forced_cpuid(sig, 6));
    memcpy(bad, sig, 8);
    bad[4] = 'N';
    CHECK(!pv_insn_forced_cpuid(bad, 8));
    memcpy(bad, sig, 8);
    bad[6] = 0x32; /* only CPUID may follow */
    CHECK(!pv_insn_forced_cpuid(bad, 8));
}
