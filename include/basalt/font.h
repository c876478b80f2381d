/* SPDX-License-Identifier: BSD-2-Clause */
/* The built-in 8x16 console font, generated at build time by tools/mkfont.py.
 */
#ifndef BASALT_FONT_H
#define BASALT_FONT_H

#include <basalt/types.h>

#define FONT_WIDTH  8
#define FONT_HEIGHT 16

/* One byte per pixel row, most significant bit leftmost; ASCII 0..127. */
extern const uint8_t font8x16[128][16];

#endif
