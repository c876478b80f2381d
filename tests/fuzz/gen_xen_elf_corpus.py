#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Writes the tiny seed images for fuzz_xen_elf: valid Xen PV kernels (notes,
# legacy __xen_guest, section-only notes) plus a raw note area and string.
import os
import struct
import sys

PT_LOAD, PT_NOTE = 1, 4
SHT_PROGBITS, SHT_STRTAB, SHT_NOTE = 1, 3, 7
VB = 0xFFFFFFFF80000000


def pad(b):
    return b + b"\0" * (-len(b) % 4)


def note(ntype, desc, name=b"Xen\0"):
    return struct.pack("<III", len(name), len(desc), ntype) + pad(name) + pad(desc)


def nstr(ntype, text):
    return note(ntype, text.encode() + b"\0")


def u64(ntype, v):
    return note(ntype, struct.pack("<Q", v))


def u32(ntype, v):
    return note(ntype, struct.pack("<I", v))


class Elf:
    def __init__(self, entry):
        self.entry, self.phdrs, self.sections, self.data = entry, [], [], b""

    def blob(self, b):
        self.data += b"\0" * (-len(self.data) % 16)
        off = 0x200 + len(self.data)
        self.data += b
        return off

    def phdr(self, ptype, off, paddr, filesz, memsz, flags=7):
        self.phdrs.append(struct.pack("<IIQQQQQQ", ptype, flags, off, paddr,
                                      paddr, filesz, memsz, 16))

    def section(self, name, stype, off, size):
        self.sections.append((name, stype, off, size))

    def build(self):
        shoff = shnum = shstrndx = 0
        if self.sections:
            self.sections.append((".shstrtab", SHT_STRTAB, 0, 0))
            names, offs = b"\0", []
            for name, *_ in self.sections:
                offs.append(len(names))
                names += name.encode() + b"\0"
            stroff = self.blob(names)
            self.sections[-1] = (".shstrtab", SHT_STRTAB, stroff, len(names))
            table = b"\0" * 64
            for (name, stype, off, size), noff in zip(self.sections, offs):
                table += struct.pack("<IIQQQQIIQQ", noff, stype, 0, 0, off,
                                     size, 0, 0, 1, 0)
            shoff, shnum = self.blob(table), len(self.sections) + 1
            shstrndx = shnum - 1
        ident = b"\x7fELF\x02\x01\x01" + b"\0" * 9
        ehdr = ident + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, self.entry,
                                   0x40, shoff, 0, 64, 56, len(self.phdrs),
                                   64, shnum, shstrndx)
        head = ehdr + b"".join(self.phdrs)
        return head + b"\0" * (0x200 - len(head)) + self.data


def kernel(entry, paddr, notes=None, memsz=0x3000):
    e = Elf(entry)
    e.phdr(PT_LOAD, e.blob(bytes(range(64))), paddr, 64, memsz)
    if notes:
        e.phdr(PT_NOTE, e.blob(notes), 0, len(notes), len(notes), 4)
    return e


def seeds():
    base = nstr(6, "linux") + nstr(5, "xen-3.0") + u64(3, VB) + u64(4, 0)
    linux = (base + u64(1, VB + 0x1000040) + u64(2, VB + 0x1001000) +
             nstr(10, "!writable_page_tables|pae_pgdir_above_4gb|dom0") +
             u32(17, 1 << 11) + u64(15, 0x8000000000) + u64(12, 0xFFFF800000000000) +
             u32(16, 1) + nstr(9, "yes") + note(3, b"buildid!", b"GNU\0"))
    yield "linux_notes", kernel(VB + 0x1000040, 0x1000000, linux).build()

    minios = (nstr(8, "generic") + nstr(6, "Mini-OS") + nstr(5, "xen-3.0") +
              u32(3, 0) + u32(4, 0) + u32(1, 0) + u32(2, 0x1000) + u32(14, 1))
    yield "linked_at_zero", kernel(0, 0, minios).build()

    e = kernel(VB + 0x100000, VB + 0x100000)
    guest = (b"GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
             b"HYPERCALL_PAGE=0x101,LOADER=generic,PAE=yes[extended-cr3],"
             b"FEATURES=writable_page_tables|!auto_translated_physmap\0")
    e.section("__xen_guest", SHT_PROGBITS, e.blob(guest), len(guest))
    yield "legacy_xen_guest", e.build()

    e = kernel(VB + 0x1000000, 0x1000000)
    e.phdr(PT_NOTE, 0, 0, 0x40, 0x40, 4)
    e.section(".note.Xen", SHT_NOTE, e.blob(base), len(base))
    yield "section_notes", e.build()

    e = kernel(VB + 0x1000000, 0x1000000, base)
    e.phdr(PT_LOAD, e.blob(b"\x5a" * 32), 0x1004000, 32, 0x1000, 6)
    e.section("__xen_guest", SHT_PROGBITS, e.blob(guest), len(guest))
    yield "notes_and_legacy", e.build()

    yield "raw_notes", linux
    yield "raw_legacy", guest


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "corpus", "fuzz_xen_elf")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds():
        assert len(data) < 4096, name
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
