/* SPDX-License-Identifier: BSD-2-Clause */
/* PV event benchmark: EVTCHNOP_send to self on a loopback pair, the upcall
 * it raises on the way back to the guest, and HYPERVISOR_iret. */
#include "hypercall.h"
#include "lib.h"
#include "bench.h"
#include "events_util.h"

volatile struct vcpu_info *bench_vi;
volatile struct shared_info *bench_sh;
unsigned long bench_port;             /* receiving end of the pair */
static struct evtchn_send bench_send; /* sending end */

/* Upcall: clear the flag, take the selector, ack the one port, iret. */
__asm__(".pushsection .text\n"
        "bench_evt_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    push %rdx\n"
        "    mov bench_vi(%rip), %rax\n"
        "    movb $0, (%rax)\n" /* evtchn_upcall_pending */
        "    xor %edx, %edx\n"
        "    xchg %rdx, 8(%rax)\n" /* evtchn_pending_sel */
        "    mov bench_sh(%rip), %rax\n"
        "    mov bench_port(%rip), %rdx\n"
        "    lock btr %rdx, 2048(%rax)\n" /* evtchn_pending bit */
        "    pop %rdx\n"
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char bench_evt_handler[];

static void op_evtchn_send_self(void)
{
    hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &bench_send);
}

static int bench_events_setup(struct start_info *si)
{
    struct callback_register cb = {CALLBACKTYPE_event, 0,
                                   (unsigned long)bench_evt_handler};
    evtchn_port_t a, b;
    if (evu_map_shared_info(si) ||
        hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb) ||
        evu_loopback(&a, &b))
        return 1;
    bench_vi = evu_vi;
    bench_sh = evu_sh;
    bench_port = a;
    bench_send.port = b;
    evu_set_bit(evu_sh->evtchn_mask, b); /* bind left b pending */
    evu_test_and_clear(evu_sh->evtchn_pending, b);
    return 0;
}
int guest_main(struct start_info *si)
{
    unsigned long empty = bench_empty();
    if (bench_events_setup(si))
        return 1;
    bench_vi->evtchn_upcall_mask = 0;
    printf("bench: event send to self, upcall and iret %lu cycles\n",
           bench(op_evtchn_send_self) - empty);
    bench_vi->evtchn_upcall_mask = 1;
    return 0;
}
