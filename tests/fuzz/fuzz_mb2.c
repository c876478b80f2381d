/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the multiboot2 parser and the memory-map sanitizer
 * on arbitrary boot-information blocks. */
#include <basalt/bootinfo.h>
#include <stdint.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct boot_info bi;
    if (mb2_parse(data, size, &bi) == 0)
        memmap_sanitize(&bi);
    return 0;
}
