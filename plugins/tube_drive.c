// SPDX-License-Identifier: ISC
/// TubeDrive (pedals_spec.md §2.11): the distortion base with a Tube-Screamer-like voicing:
/// band-limited to 170 Hz - 4.2 kHz and pushed at 740 Hz into the clipper, a little bass back
/// after it, treble tilt at 2.2 kHz.

#include "drive.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>

/// The voicing (frequencies from the spec's table; gains re-balanced for a bounded output).
const DriveVoicing pedal_tube_drive_voicing = {
    .hpf1_hz = 170.0,
    .lpf1_hz = 4220.0,
    .mid_hz = 740.0,
    .mid_db = 12.0,
    .mid_q = 0.9,
    .hpf2_hz = 104.0,
    .lpf2_hz = 5880.0,
    .low_hz = 130.0,
    .low_db = 6.0,
    .treble_hz = 2200.0,
    .dry = 0.0f,
};

static void*
tube_drive_create(const double rate)
{
  return drive_new(&pedal_tube_drive_voicing, rate);
}

static void
tube_drive_destroy(void* const dsp)
{
  drive_free((Drive*)dsp);
}

static uint32_t
tube_drive_latency(const void* const dsp)
{
  return drive_latency((const Drive*)dsp);
}

JAM_REALTIME static void
tube_drive_reset(void* const dsp, const float* const params)
{
  drive_reset((Drive*)dsp, params[PEDAL_TUBE_DRIVE_DRIVE], params[PEDAL_TUBE_DRIVE_TREBLE],
              params[PEDAL_TUBE_DRIVE_LEVEL]);
}

JAM_REALTIME static void
tube_drive_process(void* const dsp, const float* const params, const float* const in,
                   float* const out, const uint32_t n)
{
  drive_process((Drive*)dsp, params[PEDAL_TUBE_DRIVE_DRIVE], params[PEDAL_TUBE_DRIVE_TREBLE],
                params[PEDAL_TUBE_DRIVE_LEVEL], in, out, n);
}

const PedalClass pedal_tube_drive_class = {
    .create = tube_drive_create,
    .destroy = tube_drive_destroy,
    .reset = tube_drive_reset,
    .process = tube_drive_process,
    .latency = tube_drive_latency,
};
