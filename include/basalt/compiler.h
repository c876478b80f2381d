/* SPDX-License-Identifier: BSD-2-Clause */
/* Forced into every hypervisor compile unit (-include): all symbols are
 * hidden so position-independent code reaches them PC-relative, without a
 * GOT, wherever the image is placed in the hypervisor window. */
#pragma GCC visibility push(hidden)
