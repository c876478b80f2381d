/* SPDX-License-Identifier: BSD-2-Clause */
/* VGA 80x25 colour text console at 0xB8000, for BIOS-booted machines. */
#include <basalt/console.h>
#include <basalt/lib.h>
#include <asm/io.h>
#include <asm/page.h>

#define VGA_TEXT_PHYS 0xB8000
#define VGA_COLS      80
#define VGA_ROWS      25
#define VGA_TAB       8
#define VGA_ATTR      0x07 /* light grey on black */
#define VGA_BLANK     ((uint16_t)(VGA_ATTR << 8 | ' '))

/* CRT controller index/data ports (colour emulation) and its registers. */
#define CRTC_INDEX        0x3D4
#define CRTC_DATA         0x3D5
#define CRTC_CURSOR_START 0x0A
#define CRTC_CURSOR_END   0x0B
#define CRTC_CURSOR_HI    0x0E
#define CRTC_CURSOR_LO    0x0F

/* Text memory is a device: every access goes through volatile so the
 * compiler never caches, merges or drops a cell write. */
static volatile uint16_t *vga_buf;
static unsigned int vga_row, vga_col;

static void vga_crtc_write(uint8_t reg, uint8_t v)
{
    outb(reg, CRTC_INDEX);
    outb(v, CRTC_DATA);
}

static uint8_t vga_crtc_read(uint8_t reg)
{
    outb(reg, CRTC_INDEX);
    return inb(CRTC_DATA);
}

static void vga_move_cursor(void)
{
    uint16_t pos = (uint16_t)(vga_row * VGA_COLS + vga_col);

    vga_crtc_write(CRTC_CURSOR_HI, (uint8_t)(pos >> 8));
    vga_crtc_write(CRTC_CURSOR_LO, (uint8_t)(pos & 0xFF));
}

/* Boot loaders sometimes hide the cursor (bit 5 of cursor start): show it
 * as an underline on scan lines 14-15 of the 16-line cell. */
static void vga_show_cursor(void)
{
    uint8_t start = vga_crtc_read(CRTC_CURSOR_START);
    uint8_t end = vga_crtc_read(CRTC_CURSOR_END);

    vga_crtc_write(CRTC_CURSOR_START, (uint8_t)((start & 0xC0) | 14));
    vga_crtc_write(CRTC_CURSOR_END, (uint8_t)((end & 0xE0) | 15));
}

static void vga_clear_row(unsigned int row)
{
    for (unsigned int c = 0; c < VGA_COLS; c++)
        vga_buf[row * VGA_COLS + c] = VGA_BLANK;
}

static void vga_scroll(void)
{
    for (unsigned int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        vga_buf[i] = vga_buf[i + VGA_COLS];
    vga_clear_row(VGA_ROWS - 1);
}

static void vga_newline(void)
{
    vga_col = 0;
    if (++vga_row >= VGA_ROWS) {
        vga_scroll();
        vga_row = VGA_ROWS - 1;
    }
}

static void vga_putc(char ch)
{
    uint8_t c = (uint8_t)ch;

    switch (c) {
    case '\n':
        vga_newline();
        return;
    case '\r':
        vga_col = 0;
        return;
    case '\b':
        if (vga_col > 0)
            vga_col--;
        return;
    case '\t':
        vga_col = (vga_col + VGA_TAB) & ~(VGA_TAB - 1u);
        if (vga_col >= VGA_COLS)
            vga_newline();
        return;
    }
    if (c < 0x20)
        return; /* other control characters draw nothing */
    vga_buf[vga_row * VGA_COLS + vga_col] = (uint16_t)(VGA_ATTR << 8 | c);
    if (++vga_col >= VGA_COLS)
        vga_newline();
}

static void vga_write(const char *s, size_t n)
{
    if (!vga_buf)
        return;
    for (size_t i = 0; i < n; i++)
        vga_putc(s[i]);
    /* Port I/O is slow: move the cursor once per write, not per byte. */
    vga_move_cursor();
}

static struct console vga_console = {
    .name = "vga",
    .write = vga_write,
};

void vga_text_init(void)
{
    bool first = !vga_buf;

    vga_buf = __va(VGA_TEXT_PHYS);
    for (unsigned int r = 0; r < VGA_ROWS; r++)
        vga_clear_row(r);
    vga_row = vga_col = 0;
    vga_show_cursor();
    vga_move_cursor();
    if (first)
        console_register(&vga_console);
}
