/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the framebuffer console: glyph pixels, colours, newline,
 * wrapping, scrolling and rejection of unusable framebuffers. */
#include "harness.h"
#include <basalt/bootinfo.h>
#include <basalt/console.h>
#include <basalt/font.h>

#define W 64 /* 8 text columns */
#define H 48 /* 3 text rows */

/* fbcon registers itself once per process, however often it is
 * initialised; keep what it handed us and count the calls. */
static struct console *registered;
static int nr_registered;

void console_register(struct console *c)
{
    registered = c;
    nr_registered++;
}

struct test_fb {
    struct boot_fb info;
    uint8_t *pix;
    size_t size;
};

static struct test_fb make_fb(uint8_t bpp, uint32_t pitch)
{
    struct test_fb t = {0};

    t.info.kind = FB_RGB;
    t.info.width = W;
    t.info.height = H;
    t.info.bpp = bpp;
    t.info.pitch = pitch;
    if (bpp == 16) { /* r5g6b5 */
        t.info.red_pos = 11, t.info.red_size = 5;
        t.info.green_pos = 5, t.info.green_size = 6;
        t.info.blue_pos = 0, t.info.blue_size = 5;
    } else { /* x8r8g8b8 / r8g8b8 */
        t.info.red_pos = 16, t.info.red_size = 8;
        t.info.green_pos = 8, t.info.green_size = 8;
        t.info.blue_pos = 0, t.info.blue_size = 8;
    }
    t.size = (size_t)pitch * H;
    t.pix = calloc(1, t.size);
    memset(t.pix, 0x5A, t.size); /* init must clear this */
    return t;
}

static uint32_t pixel(const struct test_fb *t, unsigned int x, unsigned int y)
{
    const uint8_t *p =
        t->pix + (size_t)y * t->info.pitch + x * (t->info.bpp / 8);
    uint32_t v = 0;

    for (unsigned int i = 0; i < t->info.bpp / 8u; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static void fb_write(const char *s)
{
    registered->write(s, strlen(s));
}

/* Number of pixels in text cell (col,row) that differ from glyph c drawn
 * in colour fg on black. */
static int cell_mismatches(const struct test_fb *t, unsigned int col,
                           unsigned int row, char c, uint32_t fg)
{
    int bad = 0;

    for (unsigned int y = 0; y < 16; y++)
        for (unsigned int x = 0; x < 8; x++) {
            bool on = font8x16[(uint8_t)c][y] & (0x80 >> x);
            if (pixel(t, col * 8 + x, row * 16 + y) != (on ? fg : 0))
                bad++;
        }
    return bad;
}

/* Number of lit pixels outside the first 'cells' cells (row-major). */
static int lit_outside(const struct test_fb *t, unsigned int cells)
{
    int lit = 0;

    for (unsigned int y = 0; y < H; y++)
        for (unsigned int x = 0; x < W; x++) {
            unsigned int cell = (y / 16) * (W / 8) + x / 8;
            if (cell >= cells && pixel(t, x, y) != 0)
                lit++;
        }
    return lit;
}

static int glyph_bits(char c)
{
    int n = 0;
    for (int y = 0; y < 16; y++)
        n += __builtin_popcount(font8x16[(uint8_t)c][y]);
    return n;
}

TEST(font_has_ascii_glyphs)
{
    CHECK(glyph_bits('A') > 10);
    CHECK(glyph_bits('B') > 10);
    CHECK_EQ(glyph_bits(' '), 0);
    CHECK(memcmp(font8x16['A'], font8x16['B'], 16) != 0);
}

TEST(init_clears_and_registers_once)
{
    struct test_fb t = make_fb(32, W * 4);

    fbcon_init(t.pix, &t.info);
    CHECK_EQ(nr_registered, 1);
    CHECK_STR(registered->name, "fb");
    CHECK_EQ(lit_outside(&t, 0), 0);
    fbcon_init(t.pix, &t.info); /* re-init: no second registration */
    CHECK_EQ(nr_registered, 1);
    free(t.pix);
}

TEST(glyph_a_32bpp)
{
    struct test_fb t = make_fb(32, W * 4);

    fbcon_init(t.pix, &t.info);
    fb_write("A");
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'A', 0x00AAAAAA), 0);
    CHECK_EQ(lit_outside(&t, 1), 0);
    free(t.pix);
}

TEST(glyph_a_16bpp_rgb565)
{
    struct test_fb t = make_fb(16, W * 2);

    fbcon_init(t.pix, &t.info);
    fb_write("A");
    /* 0xAA scaled: red 21 << 11, green 42 << 5, blue 21. */
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'A', 0xAD55), 0);
    CHECK_EQ(lit_outside(&t, 1), 0);
    free(t.pix);
}

TEST(glyph_a_24bpp_padded_pitch)
{
    struct test_fb t = make_fb(24, W * 3 + 8);

    fbcon_init(t.pix, &t.info);
    fb_write("A");
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'A', 0xAAAAAA), 0);
    CHECK_EQ(lit_outside(&t, 1), 0);
    free(t.pix);
}

TEST(newline_moves_to_next_row)
{
    struct test_fb t = make_fb(32, W * 4);

    fbcon_init(t.pix, &t.info);
    fb_write("A\nB");
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'A', 0xAAAAAA), 0);
    CHECK_EQ(cell_mismatches(&t, 0, 1, 'B', 0xAAAAAA), 0);
    CHECK_EQ(cell_mismatches(&t, 1, 0, ' ', 0xAAAAAA), 0);
    free(t.pix);
}

TEST(long_line_wraps)
{
    struct test_fb t = make_fb(32, W * 4);

    fbcon_init(t.pix, &t.info);
    fb_write("ABCDEFGHI"); /* 8 columns: 'I' wraps */
    CHECK_EQ(cell_mismatches(&t, 7, 0, 'H', 0xAAAAAA), 0);
    CHECK_EQ(cell_mismatches(&t, 0, 1, 'I', 0xAAAAAA), 0);
    CHECK_EQ(lit_outside(&t, 9), 0);
    free(t.pix);
}

TEST(controls_cr_backspace_tab)
{
    struct test_fb t = make_fb(32, W * 4);

    fbcon_init(t.pix, &t.info);
    fb_write("AB\rC"); /* C overwrites A */
    fb_write("\bD");   /* D overwrites C */
    fb_write("\tE");   /* tab from column 1 reaches column 8: wraps */
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'D', 0xAAAAAA), 0);
    CHECK_EQ(cell_mismatches(&t, 1, 0, 'B', 0xAAAAAA), 0);
    CHECK_EQ(cell_mismatches(&t, 0, 1, 'E', 0xAAAAAA), 0);
    free(t.pix);
}

TEST(scroll_after_last_row)
{
    struct test_fb t = make_fb(32, W * 4);

    fbcon_init(t.pix, &t.info);
    fb_write("A\nB\nC");
    CHECK_EQ(cell_mismatches(&t, 0, 2, 'C', 0xAAAAAA), 0);
    fb_write("\n"); /* past the last row: everything moves up */
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'B', 0xAAAAAA), 0);
    CHECK_EQ(cell_mismatches(&t, 0, 1, 'C', 0xAAAAAA), 0);
    CHECK_EQ(lit_outside(&t, 16), 0); /* last row cleared */
    fb_write("D");
    CHECK_EQ(cell_mismatches(&t, 0, 2, 'D', 0xAAAAAA), 0);
    free(t.pix);
}

TEST(scroll_16bpp)
{
    struct test_fb t = make_fb(16, W * 2);

    fbcon_init(t.pix, &t.info);
    fb_write("A\nB\nC\nD");
    CHECK_EQ(cell_mismatches(&t, 0, 0, 'B', 0xAD55), 0);
    CHECK_EQ(cell_mismatches(&t, 0, 1, 'C', 0xAD55), 0);
    CHECK_EQ(cell_mismatches(&t, 0, 2, 'D', 0xAD55), 0);
    CHECK_EQ(lit_outside(&t, 17), 0);
    free(t.pix);
}

static void check_rejected(struct test_fb *t, const char *why)
{
    uint8_t first = t->pix[0];
    int before = nr_registered;

    unit_log_clear();
    fbcon_init(t->pix, &t->info);
    CHECK_EQ(nr_registered, before);
    CHECK(strstr(unit_log, why) != NULL);
    CHECK_EQ(t->pix[0], first); /* framebuffer untouched */
    free(t->pix);
}

TEST(rejects_bad_framebuffers)
{
    struct test_fb t;

    t = make_fb(8, W);
    check_rejected(&t, "8 bpp framebuffer not used: unsupported depth");
    t = make_fb(15, W * 2);
    check_rejected(&t, "unsupported depth");
    t = make_fb(32, W * 4);
    t.info.width = 7;
    check_rejected(&t, "too small");
    t = make_fb(32, W * 4);
    t.info.height = 15;
    check_rejected(&t, "too small");
    t = make_fb(32, W * 4 - 4);
    check_rejected(&t, "pitch shorter");
    t = make_fb(32, W * 4);
    t.info.red_pos = 30;
    check_rejected(&t, "colour channels");
    t = make_fb(32, W * 4);
    t.info.kind = FB_EGA_TEXT;
    check_rejected(&t, "not an RGB");
}
