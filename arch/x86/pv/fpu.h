/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy per-vCPU FPU state (fpu.c) for the context switch (context.c). */
#ifndef PV_FPU_H
#define PV_FPU_H

#include <basalt/domain.h>

/* Switch-out: save v's FPU registers if it used them (CR0.TS may be
 * left clear: the switch-in sets it). */
void pv_fpu_save(struct vcpu *v);
/* Initial FPU registers from a guest's 512-byte FXSAVE image. */
void pv_fpu_set_image(struct vcpu *v, const void *fxsave);

#endif
