/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the sample guests' PV console ring client, with a fake
 * backend that drains out[] only when the test lets it. */
#include "harness.h"
#include "guest.h"
#include <public/io/console.h>

static struct xencons_interface page __attribute__((aligned(4096)));
static struct start_info si;
char hypercall_page[4096]; /* console_io is never reached here */

static struct {
    bool draining;  /* the backend consumes out[] when we wait */
    bool force_xen; /* cmdline console=xen */
    char got[8192]; /* everything the backend consumed */
    size_t got_len;
    unsigned int sends, waits;
    uint64_t now;
} fake;

bool guest_is_initial(void)
{
    return false;
}

bool guest_cmdline(const char *key, char *val, size_t n)
{
    if (!fake.force_xen || strcmp(key, "console") || n < 4)
        return false;
    memcpy(val, "xen", 4);
    return true;
}

void *guest_map_mfn(xen_pfn_t mfn, void *spare)
{
    (void)spare;
    return mfn == 0x99 ? &page : NULL;
}

int evtchn_send(evtchn_port_t port)
{
    CHECK_EQ(port, 4);
    fake.sends++;
    return 0;
}

uint64_t time_now(void)
{
    return fake.now;
}

/* Waiting lets 10 ms pass and, if it is alive, the backend drain. */
int time_wait(const evtchn_port_t *ports, unsigned int n, uint64_t deadline)
{
    (void)ports;
    (void)n;
    fake.waits++;
    fake.now = deadline;
    while (fake.draining && page.out_cons != page.out_prod)
        fake.got[fake.got_len++] =
            page.out[MASK_XENCONS_IDX(page.out_cons++, page.out)];
    return TIME_WAIT_TIMEOUT;
}

static void setup(void)
{
    memset(&page, 0, sizeof(page));
    memset(&fake, 0, sizeof(fake));
    si.console.domU.mfn = 0x99;
    si.console.domU.evtchn = 4;
    console_init(&si);
}

TEST(newlines_reach_the_ring_as_crlf)
{
    setup();
    CHECK(console_is_ring());
    console_write("hi 42\n", 6);
    CHECK_EQ(page.out_prod, 7);
    CHECK(memcmp(page.out, "hi 42\r\n", 7) == 0);
    CHECK_EQ(fake.sends, 1);
    CHECK_EQ(fake.waits, 0);
}

/* More than the ring holds: we wait for the backend and lose nothing. */
TEST(a_full_ring_waits_for_the_backend)
{
    static char text[5000];

    setup();
    fake.draining = true;
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + i % 26);
    console_write(text, sizeof(text));
    console_flush(NSEC_PER_SEC);
    CHECK_EQ(fake.got_len, sizeof(text));
    CHECK(memcmp(fake.got, text, sizeof(text)) == 0);
    CHECK(fake.waits >= 2);
}

TEST(flush_gives_up_on_a_dead_backend)
{
    setup();
    console_write("lost\n", 5);
    console_flush(2 * NSEC_PER_SEC);
    CHECK_EQ(fake.now, 2 * NSEC_PER_SEC);
    CHECK_EQ(page.out_cons, 0);
}

TEST(input_is_read_and_acknowledged)
{
    char buf[8] = {0};

    setup();
    memcpy(page.in, "ls\n", 3);
    page.in_prod = 3;
    CHECK_EQ(console_read(buf, sizeof(buf)), 3);
    CHECK_STR(buf, "ls\n");
    CHECK_EQ(page.in_cons, 3);
    CHECK_EQ(fake.sends, 1);
    CHECK_EQ(console_read(buf, sizeof(buf)), 0);
    CHECK_EQ(fake.sends, 1);
}

TEST(console_xen_on_the_command_line_skips_the_ring)
{
    setup();
    fake.force_xen = true;
    console_init(&si);
    CHECK(!console_is_ring());
    fake.force_xen = false;
    si.console.domU.mfn = 0;
    console_init(&si);
    CHECK(!console_is_ring());
}
