/* SPDX-License-Identifier: BSD-2-Clause */
/* The console= option: which of serial, VGA text and framebuffer get the
 * hypervisor's log. */
#include <basalt/lib.h>
#include <basalt/bootinfo.h>
#include <basalt/cmdline.h>
#include <basalt/console.h>
#include <asm/io.h>

/* console=com1[,BAUD][,vga][,fb] - default: every console present. */
char opt_console[64] = "com1,vga,fb";
string_param("console", opt_console);

static bool console_wanted(const char *name, uint32_t *baud)
{
    size_t len = strlen(name);
    for (const char *p = opt_console; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n == len && !strncmp(p, name, n)) {
            if (baud && comma && comma[1] >= '0' && comma[1] <= '9')
                *baud = (uint32_t)simple_strtoull(comma + 1, NULL, 10);
            return true;
        }
        p += n + (comma ? 1 : 0);
    }
    return false;
}

static void console_check_option(void)
{
    static const char *const known[] = {"com1", "vga", "fb"};
    for (const char *p = opt_console; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        bool ok = n && p[0] >= '0' && p[0] <= '9';
        for (size_t i = 0; i < ARRAY_SIZE(known) && !ok; i++)
            ok = n == strlen(known[i]) && !strncmp(p, known[i], n);
        if (!ok)
            printk("warning: console=: unknown console '%.*s'\n", (int)n, p);
        p += n + (comma ? 1 : 0);
    }
}

static void console_list(void)
{
    char buf[64];
    size_t n = 0;
    buf[0] = '\0';
    for (const struct console *c = console_first(); c && n < 48; c = c->next)
        n += snprintf(buf + n, sizeof(buf) - n, " %s", c->name);
    printk("Consoles:%s\n", n ? buf : " none");
}

/* Early: serial and VGA text need no mapping beyond the boot tables. */
void console_init(void)
{
    uint32_t baud = 115200;
    if (console_wanted("com1", &baud))
        ns16550_init(0x3f8, baud);
    if (console_wanted("vga", NULL) && !boot_info.efi &&
        (boot_info.fb.kind == FB_EGA_TEXT || boot_info.fb.kind == FB_NONE))
        vga_text_init();
    console_check_option();
    console_list();
}

/* Late: a linear framebuffer needs the ioremap window. */
void console_init_late(void)
{
    const struct boot_fb *fb = &boot_info.fb;
    if (!console_wanted("fb", NULL) || fb->kind != FB_RGB)
        return;
    /* Validate before mapping: a bogus size must cost a console, not the
     * ioremap window. fbcon_init checks the pixel format itself. */
    uint64_t bytes = (uint64_t)fb->pitch * fb->height;
    if (!bytes || bytes > MiB(256) ||
        fb->pitch < (uint64_t)fb->width * ((fb->bpp + 7) / 8)) {
        printk("warning: framebuffer %ux%u pitch %u ignored\n", fb->width,
               fb->height, fb->pitch);
        return;
    }
    void *va = ioremap_wc(fb->addr, (size_t)fb->pitch * fb->height);
    fbcon_init(va, fb);
    console_list();
    printk("Framebuffer console: %ux%u, %u bpp\n", fb->width, fb->height,
           fb->bpp);
}
