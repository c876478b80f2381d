/* SPDX-License-Identifier: BSD-2-Clause */
/* 16550-compatible UART: the serial console, output polled, input by IRQ. */
#include <basalt/console.h>
#include <basalt/lib.h>
#include <basalt/spinlock.h>
#include <asm/io.h>

/* Register offsets from the base port. */
#define UART_RBR 0 /* receive buffer (read, DLAB=0) */
#define UART_THR 0 /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor high (DLAB=1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch */

#define IER_RDA      0x01 /* received data available */
#define FCR_ENABLE   0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define LCR_8N1      0x03
#define LCR_DLAB     0x80
#define MCR_DTR      0x01
#define MCR_RTS      0x02
#define MCR_OUT2     0x08 /* gates the IRQ line on PC-compatible boards */
#define LSR_DR       0x01 /* data ready */
#define LSR_THRE     0x20 /* transmit holding register empty */

#define UART_CLOCK_BAUD 115200 /* 1.8432 MHz / 16 */
/* At 115200 baud a byte takes ~87 us and an inb takes ~1 us, so 100000
 * polls is far beyond any live UART; once the UART has stalled we poll
 * much less so a dead one costs little per byte instead of hanging us. */
#define THRE_SPIN_LIVE    100000
#define THRE_SPIN_STALLED 100
/* A floating bus reads 0xFF with LSR_DR set forever: bound every drain. */
#define RX_DRAIN_MAX 256

uint16_t ns16550_port;
static bool ns16550_stalled;
static bool ns16550_registered;

static inline uint8_t uart_in(unsigned int reg)
{
    return inb((uint16_t)(ns16550_port + reg));
}

static inline void uart_out(unsigned int reg, uint8_t v)
{
    outb(v, (uint16_t)(ns16550_port + reg));
}

/* The scratch register holds whatever we write on any 16450/16550; an
 * unpopulated port reads back 0xFF. Two patterns catch stuck bits. */
static bool ns16550_probe(uint16_t port)
{
    static const uint8_t pattern[] = {0x55, 0xAA};

    for (size_t i = 0; i < ARRAY_SIZE(pattern); i++) {
        outb(pattern[i], (uint16_t)(port + UART_SCR));
        if (inb((uint16_t)(port + UART_SCR)) != pattern[i])
            return false;
    }
    return true;
}

static uint16_t ns16550_divisor(uint32_t baud)
{
    if (baud == 0 || baud > UART_CLOCK_BAUD)
        return 1;
    uint32_t div = UART_CLOCK_BAUD / baud;
    return div > 0xFFFF ? 1 : (uint16_t)div;
}

static void ns16550_putc(char c)
{
    unsigned int spin = ns16550_stalled ? THRE_SPIN_STALLED : THRE_SPIN_LIVE;

    while (!(uart_in(UART_LSR) & LSR_THRE)) {
        if (--spin == 0) {
            ns16550_stalled = true;
            break;
        }
        cpu_relax();
    }
    if (spin)
        ns16550_stalled = false;
    uart_out(UART_THR, (uint8_t)c);
}

static void ns16550_write(const char *s, size_t n)
{
    if (!ns16550_port)
        return;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            ns16550_putc('\r');
        ns16550_putc(s[i]);
    }
}

static struct console ns16550_console = {
    .name = "com",
    .write = ns16550_write,
};

static void ns16550_drain_rx(void)
{
    for (int i = 0; i < RX_DRAIN_MAX && (uart_in(UART_LSR) & LSR_DR); i++)
        (void)uart_in(UART_RBR);
}

void ns16550_init(uint16_t port, uint32_t baud)
{
    uint16_t div = ns16550_divisor(baud);

    ns16550_port = 0;
    if (!port || !ns16550_probe(port))
        return; /* no UART here: common on UEFI machines */
    ns16550_port = port;

    uart_out(UART_IER, 0); /* polled until ns16550_enable_irq() */
    uart_out(UART_LCR, LCR_DLAB);
    uart_out(UART_DLL, (uint8_t)(div & 0xFF));
    uart_out(UART_DLM, (uint8_t)(div >> 8));
    uart_out(UART_LCR, LCR_8N1);
    uart_out(UART_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
    uart_out(UART_MCR, MCR_DTR | MCR_RTS);
    ns16550_drain_rx();

    if (!ns16550_registered) {
        ns16550_registered = true;
        console_register(&ns16550_console);
    }
}

void ns16550_enable_irq(void)
{
    if (!ns16550_port)
        return;
    /* Stale input would otherwise hold the line before anyone listens. */
    ns16550_drain_rx();
    uart_out(UART_MCR, MCR_OUT2 | MCR_DTR | MCR_RTS);
    uart_out(UART_IER, IER_RDA);
}

void ns16550_interrupt(void)
{
    if (!ns16550_port)
        return;
    for (int i = 0; i < RX_DRAIN_MAX; i++) {
        uint8_t lsr = uart_in(UART_LSR);
        if (lsr == 0xFF || !(lsr & LSR_DR))
            break; /* 0xFF: the device is gone, not a byte waiting */
        console_input_put((char)uart_in(UART_RBR));
    }
}

int ns16550_getc_poll(void)
{
    if (!ns16550_port)
        return -1;
    uint8_t lsr = uart_in(UART_LSR);
    if (lsr == 0xFF || !(lsr & LSR_DR))
        return -1;
    return uart_in(UART_RBR);
}
