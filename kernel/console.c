/* SPDX-License-Identifier: BSD-2-Clause */
/* printk: "(basalt) "-prefixed lines to every console and the log ring;
 * the serial input buffer that will feed dom0's console. */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/spinlock.h>
#include <asm/percpu.h>
#include <asm/processor.h>

#define LOG_RING_SIZE   (64 * 1024) /* power of two */
#define INPUT_RING_SIZE 1024        /* power of two */

static struct console *consoles;
static spinlock_t console_lock = SPINLOCK_INIT;
static bool at_line_start = true;

static char log_ring[LOG_RING_SIZE];
static uint64_t log_head; /* total bytes ever written */

static char input_ring[INPUT_RING_SIZE];
static volatile uint32_t input_prod, input_cons;

/* A console that arrives late (the framebuffer, after paging) first
 * shows everything logged so far. */
static void console_replay(struct console *c)
{
    char buf[256];
    size_t off = 0, n;
    while ((n = log_ring_read(buf, sizeof(buf), off)) > 0) {
        c->write(buf, n);
        off += n;
    }
}

void console_register(struct console *c)
{
    console_replay(c);
    c->next = consoles;
    consoles = c;
}

const struct console *console_first(void)
{
    return consoles;
}

void console_write(const char *s, size_t n)
{
    for (struct console *c = consoles; c; c = c->next)
        c->write(s, n);
}

static void log_ring_put(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        log_ring[(log_head + i) & (LOG_RING_SIZE - 1)] = s[i];
    log_head += n;
}

static void emit(const char *s, size_t n)
{
    log_ring_put(s, n);
    console_write(s, n);
}

/* Split into lines so each one gets the prefix. */
static void emit_prefixed(const char *s)
{
    static const char prefix[] = "(basalt) ";
    while (*s) {
        if (at_line_start)
            emit(prefix, sizeof(prefix) - 1);
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);
        emit(s, n);
        at_line_start = nl != NULL;
        s += n;
    }
}

/* Set by panic: from then on printk may bypass a lock held by a CPU that
 * will never release it (stopped, or the panicking CPU itself). */
static volatile bool console_panicking;
static volatile int console_owner = -1;

void console_start_panic(void)
{
    console_panicking = true;
}

/* Take the console lock; false means "drop this message": an NMI or
 * exception on the CPU already printing must not deadlock on itself. */
static bool console_lock_take(int cpu)
{
    if (console_owner == cpu)
        return console_panicking; /* re-entered: only a panic may print */
    if (!console_panicking) {
        spin_lock(&console_lock);
        console_owner = cpu;
        return true;
    }
    for (int i = 0; i < 1000000; i++) { /* bounded: the owner may be dead */
        if (spin_trylock(&console_lock)) {
            console_owner = cpu;
            return true;
        }
        cpu_relax();
    }
    return true;
}

static void console_lock_release(int cpu)
{
    if (console_owner == cpu) {
        console_owner = -1;
        spin_unlock(&console_lock);
    }
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    uint64_t flags = local_irq_save();
    int cpu = (int)smp_processor_id();
    bool owned = console_owner == cpu;
    if (console_lock_take(cpu))
        emit_prefixed(buf);
    if (!owned)
        console_lock_release(cpu);
    local_irq_restore(flags);
}

/* dom0's console_io output, raw, under the console lock: a printk line
 * from another CPU never lands in the middle of it, nor it in a printk
 * line's middle. */
void console_guest_write(const char *s, size_t n)
{
    uint64_t flags = local_irq_save();
    int cpu = (int)smp_processor_id();
    bool owned = console_owner == cpu;
    if (console_lock_take(cpu))
        console_write(s, n);
    if (!owned)
        console_lock_release(cpu);
    local_irq_restore(flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

size_t log_ring_size(void)
{
    return log_head < LOG_RING_SIZE ? log_head : LOG_RING_SIZE;
}

uint64_t log_ring_head(void)
{
    return __atomic_load_n(&log_head, __ATOMIC_ACQUIRE);
}

size_t log_ring_read_at(char *buf, size_t size, uint64_t pos)
{
    uint64_t head = log_ring_head();
    size_t n = 0;
    if (pos > head || head - pos > LOG_RING_SIZE)
        return 0;
    for (; pos + n < head && n < size; n++)
        buf[n] = log_ring[(pos + n) & (LOG_RING_SIZE - 1)];
    return n;
}

size_t log_ring_read(char *buf, size_t size, size_t offset)
{
    size_t avail = log_ring_size();
    uint64_t start = log_head - avail;
    size_t n = 0;
    for (; offset + n < avail && n < size; n++)
        buf[n] = log_ring[(start + offset + n) & (LOG_RING_SIZE - 1)];
    return n;
}

/* Where serial input goes: the debug keys (false) or dom0 (true). Like
 * Xen, three CTRL-a in a row switch; dom0 takes it on its first read. */
static bool input_to_dom0;
static unsigned int input_ctrl_a;

bool console_input_dom0(void)
{
    return __atomic_load_n(&input_to_dom0, __ATOMIC_RELAXED);
}

void console_input_switch(bool to_dom0)
{
    if (__atomic_exchange_n(&input_to_dom0, to_dom0, __ATOMIC_RELAXED) ==
        to_dom0)
        return;
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch "
           "input)\n",
           to_dom0 ? "DOM0" : "Basalt");
}

void console_input_put(char c)
{
    if (c != 0x01) {
        input_ctrl_a = 0;
    } else if (++input_ctrl_a == 3) {
        input_ctrl_a = 0;
        console_input_switch(!console_input_dom0());
        return;
    }
    uint32_t p = input_prod;
    if (p - input_cons >= INPUT_RING_SIZE)
        return; /* full: drop, like a UART overrun */
    input_ring[p & (INPUT_RING_SIZE - 1)] = c;
    __atomic_store_n(&input_prod, p + 1, __ATOMIC_RELEASE);
}

int console_input_get(void)
{
    uint32_t c = input_cons;
    if (c == __atomic_load_n(&input_prod, __ATOMIC_ACQUIRE))
        return -1;
    int ch = (unsigned char)input_ring[c & (INPUT_RING_SIZE - 1)];
    input_cons = c + 1;
    return ch;
}
