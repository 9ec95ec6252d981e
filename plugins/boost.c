// SPDX-License-Identifier: ISC
/// Boost (pedals_spec.md §2.14): y = 10^(Gain/20)·x, the gain ramped per sample.

#include "dsp/db.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  PedalRamp gain; ///< linear gain
} Boost;

static void*
boost_create(const double rate)
{
  (void)rate;
  return calloc(1, sizeof(Boost));
}

static void
boost_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
boost_reset(void* const dsp, const float* const params)
{
  Boost* const self = (Boost*)dsp;
  pedal_ramp_snap(&self->gain, dsp_db_to_gain(params[PEDAL_BOOST_GAIN]));
}

JAM_REALTIME static void
boost_process(void* const dsp, const float* const params, const float* const in, float* const out,
              const uint32_t n)
{
  Boost* const self = (Boost*)dsp;
  pedal_ramp_gain(&self->gain, dsp_db_to_gain(params[PEDAL_BOOST_GAIN]), n, in, out);
}

const PedalClass pedal_boost_class = {
    .create = boost_create,
    .destroy = boost_destroy,
    .reset = boost_reset,
    .process = boost_process,
};
