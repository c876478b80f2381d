/* SPDX-License-Identifier: BSD-2-Clause */
/* simple_strtoull: unsigned number parsing without libc. */
#include <basalt/lib.h>

/* The value of one digit in bases up to 36; 36 means "not a digit". */
static unsigned int strtoull_digit(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned int)(c - '0');
    if (c >= 'a' && c <= 'z')
        return (unsigned int)(c - 'a') + 10;
    if (c >= 'A' && c <= 'Z')
        return (unsigned int)(c - 'A') + 10;
    return 36;
}

/* Base 0 picks 16 for a "0x" prefix and 10 otherwise; base 16 skips an
 * optional "0x". The prefix counts only when a hex digit follows it, so
 * "0x" alone parses as 0 with *end at the 'x'. A value that does not fit
 * saturates at ULLONG_MAX (all its digits are still consumed) rather
 * than wrapping to a small, plausible-looking number. */
unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base)
{
    unsigned long long v = 0, max = ~0ULL;
    unsigned int d;

    if ((base == 0 || base == 16) && s[0] == '0' &&
        (s[1] == 'x' || s[1] == 'X') && strtoull_digit(s[2]) < 16) {
        s += 2;
        base = 16;
    }
    if (base < 2 || base > 36)
        base = 10;
    for (; (d = strtoull_digit(*s)) < base; s++) {
        v = (v > (max - d) / base) ? max : v * base + d;
    }
    if (end)
        *end = s;
    return v;
}
