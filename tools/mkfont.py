#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Build-time generator: turn a PSF1/PSF2 console font into font8x16[128][16].
"""Usage: mkfont.py [FONT.psf[.gz]] OUT.c

Reads a PC Screen Font (version 1 or 2, gzip-compressed or plain) with 8x16
glyphs and writes a C file defining `const uint8_t font8x16[128][16]` for
ASCII 0..127. When the font carries a Unicode table, each code point's glyph
is looked up there; otherwise the glyph index is the code point. Code points
the font lacks become blank (control characters) or '?' (printable ones).
The output is deterministic so rebuilds are reproducible.
"""

import gzip
import os
import struct
import sys

DEFAULT_FONT = "/usr/share/consolefonts/Lat15-VGA16.psf.gz"
WIDTH, HEIGHT = 8, 16

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_MODESEQ = 0x04
PSF1_SEPARATOR = 0xFFFF
PSF1_STARTSEQ = 0xFFFE

PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01
PSF2_SEPARATOR = 0xFF
PSF2_STARTSEQ = 0xFE


class FontError(Exception):
    pass


def read_font_file(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise FontError("cannot read: %s" % e.strerror)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, ValueError) as e:
            raise FontError("bad gzip data: %s" % e)
    return data


def check_size(width, height):
    if width != WIDTH or height != HEIGHT:
        raise FontError(
            "glyphs are %dx%d, need %dx%d" % (width, height, WIDTH, HEIGHT)
        )


def parse_psf1_table(table, nglyphs):
    """Map code point -> glyph index from a PSF1 Unicode table."""
    cmap = {}
    pos = 0
    for glyph in range(nglyphs):
        in_seq = False
        while True:
            if pos + 2 > len(table):
                raise FontError("PSF1 unicode table truncated")
            (u,) = struct.unpack_from("<H", table, pos)
            pos += 2
            if u == PSF1_SEPARATOR:
                break
            if u == PSF1_STARTSEQ:
                in_seq = True  # combining sequences: not single code points
            elif not in_seq:
                cmap.setdefault(u, glyph)
    return cmap


def parse_psf1(data):
    if len(data) < 4:
        raise FontError("PSF1 header truncated")
    mode, charsize = data[2], data[3]
    nglyphs = 512 if mode & PSF1_MODE512 else 256
    check_size(8, charsize)
    end = 4 + nglyphs * charsize
    if len(data) < end:
        raise FontError(
            "PSF1 glyph data truncated (%d of %d bytes)" % (len(data), end)
        )
    glyphs = [data[4 + i * charsize : 4 + (i + 1) * charsize]
              for i in range(nglyphs)]
    cmap = None
    if mode & (PSF1_MODEHASTAB | PSF1_MODESEQ):
        cmap = parse_psf1_table(data[end:], nglyphs)
    return glyphs, cmap


def parse_psf2_table(table, nglyphs):
    """Map code point -> glyph index from a PSF2 (UTF-8) Unicode table."""
    cmap = {}
    pos = 0
    for glyph in range(nglyphs):
        end = table.find(bytes([PSF2_SEPARATOR]), pos)
        if end < 0:
            raise FontError("PSF2 unicode table truncated")
        entry = table[pos:end]
        pos = end + 1
        # Single code points come before the first 0xFE; sequences after.
        singles = entry.split(bytes([PSF2_STARTSEQ]), 1)[0]
        try:
            text = singles.decode("utf-8")
        except UnicodeDecodeError:
            raise FontError("PSF2 unicode table: bad UTF-8 at glyph %d" % glyph)
        for ch in text:
            cmap.setdefault(ord(ch), glyph)
    return cmap


def parse_psf2(data):
    if len(data) < 32:
        raise FontError("PSF2 header truncated")
    _, _, hdrsize, flags, nglyphs, charsize, height, width = struct.unpack_from(
        "<4sIIIIIII", data, 0
    )
    check_size(width, height)
    if charsize != height * ((width + 7) // 8):
        raise FontError(
            "PSF2 charsize %d does not match %dx%d" % (charsize, width, height)
        )
    if hdrsize < 32 or nglyphs == 0 or nglyphs > 65536:
        raise FontError("PSF2 header fields out of range")
    end = hdrsize + nglyphs * charsize
    if len(data) < end:
        raise FontError(
            "PSF2 glyph data truncated (%d of %d bytes)" % (len(data), end)
        )
    glyphs = [data[hdrsize + i * charsize : hdrsize + (i + 1) * charsize]
              for i in range(nglyphs)]
    cmap = None
    if flags & PSF2_HAS_UNICODE_TABLE:
        cmap = parse_psf2_table(data[end:], nglyphs)
    return glyphs, cmap


def parse_psf(data):
    if data[:4] == PSF2_MAGIC:
        return parse_psf2(data)
    if data[:2] == PSF1_MAGIC:
        return parse_psf1(data)
    raise FontError("not a PSF1 or PSF2 font (bad magic)")


def pick_glyph(cp, glyphs, cmap):
    if cmap is not None:
        idx = cmap.get(cp)
    else:
        idx = cp if cp < len(glyphs) else None
    return None if idx is None else glyphs[idx]


def build_table(glyphs, cmap):
    blank = bytes(HEIGHT)
    question = pick_glyph(ord("?"), glyphs, cmap) or blank
    table = []
    for cp in range(128):
        g = pick_glyph(cp, glyphs, cmap)
        if g is None:
            g = blank if cp < 0x20 or cp == 0x7F else question
        table.append(g)
    return table


def label(cp):
    # Keep comment text free of characters that could end or nest a comment.
    ch = chr(cp)
    if 0x20 < cp < 0x7F and ch not in "*/\\":
        return " '%s'" % ch
    return ""


def render_c(table, font_name):
    out = [
        "/* SPDX-License-Identifier: BSD-2-Clause */",
        "/* 8x16 console font for ASCII 0..127, generated by tools/mkfont.py"
        " from",
        " * %s. Do not edit. */" % font_name,
        "#include <basalt/font.h>",
        "",
        "const uint8_t font8x16[128][16] = {",
    ]
    for cp, g in enumerate(table):
        rows = ", ".join("0x%02x" % b for b in g[:8])
        rows2 = ", ".join("0x%02x" % b for b in g[8:])
        out.append("    /* 0x%02x%s */" % (cp, label(cp)))
        out.append("    {%s," % rows)
        out.append("     %s}," % rows2)
    out.append("};")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) == 2:
        font, outpath = DEFAULT_FONT, argv[1]
    elif len(argv) == 3:
        font, outpath = argv[1], argv[2]
    else:
        sys.stderr.write("usage: mkfont.py [FONT.psf[.gz]] OUT.c\n")
        return 2
    try:
        if not os.path.exists(font):
            raise FontError("not found (Debian package console-setup-linux)")
        glyphs, cmap = parse_psf(read_font_file(font))
        text = render_c(build_table(glyphs, cmap), os.path.basename(font))
    except FontError as e:
        sys.stderr.write("mkfont.py: %s: %s\n" % (font, e))
        return 1
    outdir = os.path.dirname(outpath)
    if outdir:
        os.makedirs(outdir, exist_ok=True)
    tmp = outpath + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, outpath)  # never leave a half-written font.c behind
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
