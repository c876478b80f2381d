/* SPDX-License-Identifier: BSD-2-Clause */
/* Text console on a linear RGB framebuffer (16/24/32 bpp, 8x16 glyphs). */
#include <basalt/bootinfo.h>
#include <basalt/console.h>
#include <basalt/font.h>
#include <basalt/lib.h>

#define FBCON_TAB   8
#define FBCON_LEVEL 0xAA /* light grey, as the VGA text console */

struct fbcon {
    uint8_t *base;       /* first pixel, already mapped */
    size_t pitch;        /* bytes per pixel row */
    unsigned int height; /* pixel rows */
    unsigned int bytespp;
    unsigned int cols, rows; /* text cells */
    unsigned int col, row;   /* where the next glyph goes */
    uint32_t fg;             /* pixel value of the text colour */
};

static struct fbcon fbcon;

/* Scale an 8-bit intensity to a channel of 'size' bits at bit 'pos'. */
static uint32_t fbcon_channel(uint32_t level, unsigned int pos,
                              unsigned int size)
{
    if (size == 0)
        return 0;
    level = size <= 8 ? level >> (8 - size) : level << (size - 8);
    return level << pos;
}

static uint32_t fbcon_colour(const struct boot_fb *fb, uint32_t level)
{
    /* Some loaders leave the masks zero: assume the common layouts. */
    if (!fb->red_size && !fb->green_size && !fb->blue_size) {
        if (fb->bpp == 16)
            return fbcon_channel(level, 11, 5) | fbcon_channel(level, 5, 6) |
                   fbcon_channel(level, 0, 5);
        return fbcon_channel(level, 16, 8) | fbcon_channel(level, 8, 8) |
               fbcon_channel(level, 0, 8);
    }
    return fbcon_channel(level, fb->red_pos, fb->red_size) |
           fbcon_channel(level, fb->green_pos, fb->green_size) |
           fbcon_channel(level, fb->blue_pos, fb->blue_size);
}

static bool fbcon_channel_ok(const struct boot_fb *fb, unsigned int pos,
                             unsigned int size)
{
    return size <= 16 && pos + size <= fb->bpp;
}

/* Why an fb can't carry the console, or NULL when it can. */
static const char *fbcon_reject_reason(const void *va, const struct boot_fb *fb)
{
    if (!va || !fb)
        return "not mapped";
    if (fb->kind != FB_RGB)
        return "not an RGB framebuffer";
    if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
        return "unsupported depth";
    if (fb->width < FONT_WIDTH || fb->height < FONT_HEIGHT)
        return "too small";
    if ((uint64_t)fb->pitch < (uint64_t)fb->width * (fb->bpp / 8))
        return "pitch shorter than a pixel row";
    if (fb->bpp != 24 && fb->pitch % (fb->bpp / 8))
        return "pitch not a whole number of pixels";
    if (!fbcon_channel_ok(fb, fb->red_pos, fb->red_size) ||
        !fbcon_channel_ok(fb, fb->green_pos, fb->green_size) ||
        !fbcon_channel_ok(fb, fb->blue_pos, fb->blue_size))
        return "colour channels outside the pixel";
    return NULL;
}

static void fbcon_put_pixel(uint8_t *p, uint32_t v)
{
    switch (fbcon.bytespp) {
    case 4:
        *(volatile uint32_t *)p = v;
        break;
    case 3:
        ((volatile uint8_t *)p)[0] = (uint8_t)v;
        ((volatile uint8_t *)p)[1] = (uint8_t)(v >> 8);
        ((volatile uint8_t *)p)[2] = (uint8_t)(v >> 16);
        break;
    default:
        *(volatile uint16_t *)p = (uint16_t)v;
        break;
    }
}

static void fbcon_draw_glyph(uint8_t c)
{
    const uint8_t *glyph = font8x16[c < 128 ? c : '?'];
    size_t y0 = (size_t)fbcon.row * FONT_HEIGHT;
    size_t x0 = (size_t)fbcon.col * FONT_WIDTH * fbcon.bytespp;

    for (unsigned int y = 0; y < FONT_HEIGHT; y++) {
        uint8_t *p = fbcon.base + (y0 + y) * fbcon.pitch + x0;
        for (unsigned int x = 0; x < FONT_WIDTH; x++, p += fbcon.bytespp)
            fbcon_put_pixel(p, (glyph[y] & (0x80 >> x)) ? fbcon.fg : 0);
    }
}

/* Move every text row up by one and blank the last; black is all-zero
 * bytes in any RGB layout, so memset clears. */
static void fbcon_scroll(void)
{
    size_t row_bytes = fbcon.pitch * FONT_HEIGHT;

    memmove(fbcon.base, fbcon.base + row_bytes, row_bytes * (fbcon.rows - 1));
    memset(fbcon.base + row_bytes * (fbcon.rows - 1), 0, row_bytes);
}

static void fbcon_newline(void)
{
    fbcon.col = 0;
    if (++fbcon.row >= fbcon.rows) {
        fbcon_scroll();
        fbcon.row = fbcon.rows - 1;
    }
}

static void fbcon_putc(char ch)
{
    uint8_t c = (uint8_t)ch;

    switch (c) {
    case '\n':
        fbcon_newline();
        return;
    case '\r':
        fbcon.col = 0;
        return;
    case '\b':
        if (fbcon.col > 0)
            fbcon.col--;
        return;
    case '\t':
        fbcon.col = (fbcon.col + FBCON_TAB) & ~(FBCON_TAB - 1u);
        if (fbcon.col >= fbcon.cols)
            fbcon_newline();
        return;
    }
    if (c < 0x20 || c == 0x7F)
        return; /* other control characters draw nothing */
    fbcon_draw_glyph(c);
    if (++fbcon.col >= fbcon.cols)
        fbcon_newline();
}

static void fbcon_write(const char *s, size_t n)
{
    if (!fbcon.base)
        return;
    for (size_t i = 0; i < n; i++)
        fbcon_putc(s[i]);
}

static struct console fbcon_console = {
    .name = "fb",
    .write = fbcon_write,
};

void fbcon_init(void *va, const struct boot_fb *fb)
{
    static bool registered;
    const char *why = fbcon_reject_reason(va, fb);

    if (why) {
        if (fb)
            printk("fbcon: %ux%u %u bpp framebuffer not used: %s\n", fb->width,
                   fb->height, fb->bpp, why);
        else
            printk("fbcon: no framebuffer\n");
        return;
    }
    fbcon.base = va;
    fbcon.pitch = fb->pitch;
    fbcon.height = fb->height;
    fbcon.bytespp = fb->bpp / 8;
    fbcon.cols = fb->width / FONT_WIDTH;
    fbcon.rows = fb->height / FONT_HEIGHT;
    fbcon.col = fbcon.row = 0;
    fbcon.fg = fbcon_colour(fb, FBCON_LEVEL);
    memset(fbcon.base, 0, fbcon.pitch * fbcon.height);
    if (!registered) {
        registered = true;
        console_register(&fbcon_console);
    }
}
