// SPDX-License-Identifier: ISC
/// The LV2 callbacks shared by every pedal (implemented in pedal_lv2.c, listed in lv2.c's
/// descriptor table). Threading classes as in the LV2 core spec: instantiate, activate,
/// deactivate and cleanup are in the instantiation class; connect_port and run are in the
/// audio class (no allocation, locks or system calls).

#ifndef PEDAL_LV2_H
#define PEDAL_LV2_H

#include "common/rt.h"

#include <lv2/core/lv2.h>

#include <stdint.h>

/// Creates an instance of the pedal whose URI is descriptor->URI at `rate` Hz (8 to 384 kHz).
/// Requires no host feature. Returns NULL for an unknown URI, a bad rate or no memory.
LV2_Handle
pedal_lv2_instantiate(const LV2_Descriptor* descriptor, double rate, const char* bundle_path,
                      const LV2_Feature* const* features);

/// Stores a port buffer (NULL allowed: the control then keeps its default).
JAM_REALTIME void
pedal_lv2_connect_port(LV2_Handle instance, uint32_t port, void* data);

/// Resets the DSP state; the controls are read (and the smoothers snapped) on the next run().
void
pedal_lv2_activate(LV2_Handle instance);

/// Processes n_samples frames (any count), in place or not.
JAM_REALTIME void
pedal_lv2_run(LV2_Handle instance, uint32_t n_samples);

/// Nothing to do; present for symmetry.
void
pedal_lv2_deactivate(LV2_Handle instance);

/// Frees the instance.
void
pedal_lv2_cleanup(LV2_Handle instance);

/// No extension data: returns NULL.
const void*
pedal_lv2_extension_data(const char* uri);

#endif // PEDAL_LV2_H
