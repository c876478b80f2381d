/* SPDX-License-Identifier: BSD-2-Clause */
/* dom0's virtual IDT and callbacks: every exception is fatal, reported. */
#include "os_priv.h"

#define OS_TRAP_VECTORS 18

extern char os_upcall_entry[], os_failsafe_entry[];
extern char os_trap_0[], os_trap_1[], os_trap_2[], os_trap_3[], os_trap_4[],
    os_trap_5[], os_trap_6[], os_trap_7[], os_trap_8[], os_trap_10[],
    os_trap_11[], os_trap_12[], os_trap_13[], os_trap_14[], os_trap_16[],
    os_trap_17[], os_trap_18[], os_trap_19[];

/* Exceptions keep events masked (flag bit 2) so an upcall cannot land on
 * a broken stack; int3 (3) and into (4) may be raised by our own code. */
static struct trap_info os_traps[OS_TRAP_VECTORS + 1] = {
    {0, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_0},
    {1, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_1},
    {2, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_2},
    {3, 4 | 3, FLAT_KERNEL_CS, (unsigned long)os_trap_3},
    {4, 4 | 3, FLAT_KERNEL_CS, (unsigned long)os_trap_4},
    {5, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_5},
    {6, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_6},
    {7, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_7},
    {8, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_8},
    {10, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_10},
    {11, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_11},
    {12, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_12},
    {13, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_13},
    {14, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_14},
    {16, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_16},
    {17, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_17},
    {18, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_18},
    {19, 4, FLAT_KERNEL_CS, (unsigned long)os_trap_19},
    {0, 0, 0, 0}, /* terminator: address 0 */
};

static void os_register_callback(unsigned int type, char *fn)
{
    struct callback_register r = {type, 0, (unsigned long)fn};
    if (type != CALLBACKTYPE_event)
        r.flags = CALLBACKF_mask_events;
    if (os_hc2(__HYPERVISOR_callback_op, CALLBACKOP_register,
               (unsigned long)&r))
        os_panic("cannot register a callback");
}

void os_trap_init(void)
{
    if (os_hc2(__HYPERVISOR_set_trap_table, (unsigned long)os_traps, 0))
        os_panic("cannot set the trap table");
    os_register_callback(CALLBACKTYPE_event, os_upcall_entry);
    os_register_callback(CALLBACKTYPE_failsafe, os_failsafe_entry);
}

/* No printf here: newlib's state may be what broke. */
static char *os_hex(char *p, unsigned long v)
{
    static const char digits[] = "0123456789abcdef";
    *p++ = '0';
    *p++ = 'x';
    for (int shift = 60; shift >= 0; shift -= 4)
        if (v >> shift || !shift)
            *p++ = digits[(v >> shift) & 15];
    return p;
}

static char *os_cat(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

/* frame: vector, error code, RIP, CS, RFLAGS, RSP, SS (head.S); for the
 * failsafe callback (vec -1) whatever the hypervisor pushed. */
void __attribute__((noreturn)) os_trap(long vec, const unsigned long *frame);
void os_trap(long vec, const unsigned long *frame)
{
    char msg[200], *p = msg;
    p = os_cat(p, vec < 0 ? "failsafe callback" : "exception ");
    if (vec >= 0)
        p = os_hex(p, vec);
    p = os_cat(p, vec < 0 ? ", frame " : ", error ");
    p = os_hex(p, vec < 0 ? (unsigned long)frame : frame[0]);
    if (vec >= 0) {
        p = os_hex(os_cat(p, ", rip "), frame[1]);
        p = os_hex(os_cat(p, ", rsp "), frame[4]);
    }
    if (vec == 14 && os_vcpu)
        p = os_hex(os_cat(p, ", cr2 "), os_vcpu->arch.cr2);
    *p = 0;
    os_panic(msg);
}
