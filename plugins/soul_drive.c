// SPDX-License-Identifier: ISC
/// SoulDrive (pedals_spec.md §2.11): the distortion base with a transparent ("Klon-like")
/// voicing: wide band (120 Hz - 7.5 kHz), a gentle 630 Hz push, and 20 % of the clean signal
/// mixed back in after the clipper, treble tilt at 1 kHz.

#include "drive.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>

/// The voicing (frequencies from the spec's table; gains re-balanced for a bounded output).
const DriveVoicing pedal_soul_drive_voicing = {
    .hpf1_hz = 120.0,
    .lpf1_hz = 7500.0,
    .mid_hz = 630.0,
    .mid_db = 6.0,
    .mid_q = 1.0,
    .hpf2_hz = 55.0,
    .lpf2_hz = 10000.0,
    .low_hz = 150.0,
    .low_db = 3.0,
    .treble_hz = 1000.0,
    .dry = 0.2f,
};

static void*
soul_drive_create(const double rate)
{
  return drive_new(&pedal_soul_drive_voicing, rate);
}

static void
soul_drive_destroy(void* const dsp)
{
  drive_free((Drive*)dsp);
}

static uint32_t
soul_drive_latency(const void* const dsp)
{
  return drive_latency((const Drive*)dsp);
}

JAM_REALTIME static void
soul_drive_reset(void* const dsp, const float* const params)
{
  drive_reset((Drive*)dsp, params[PEDAL_SOUL_DRIVE_DRIVE], params[PEDAL_SOUL_DRIVE_TREBLE],
              params[PEDAL_SOUL_DRIVE_LEVEL]);
}

JAM_REALTIME static void
soul_drive_process(void* const dsp, const float* const params, const float* const in,
                   float* const out, const uint32_t n)
{
  drive_process((Drive*)dsp, params[PEDAL_SOUL_DRIVE_DRIVE], params[PEDAL_SOUL_DRIVE_TREBLE],
                params[PEDAL_SOUL_DRIVE_LEVEL], in, out, n);
}

const PedalClass pedal_soul_drive_class = {
    .create = soul_drive_create,
    .destroy = soul_drive_destroy,
    .reset = soul_drive_reset,
    .process = soul_drive_process,
    .latency = soul_drive_latency,
};
