// SPDX-License-Identifier: ISC
/// Template Pedal (pedals_spec.md §2.20): the smallest pedal, a starting point for new ones.
/// It copies its input to its output; its three knobs are declared in ttl/pedal_defs.c (so
/// boards that saved them load) and do nothing. A new pedal copies this file, adds its table
/// entry and its line in plugins/lv2.c, and fills in create/reset/process.

#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

/// The DSP state (none; one byte so that create() can return a real allocation).
typedef struct {
  char unused; ///< placeholder
} Template;

static void*
template_create(const double rate)
{
  (void)rate;
  return calloc(1, sizeof(Template));
}

static void
template_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
template_reset(void* const dsp, const float* const params)
{
  (void)dsp;
  (void)params;
}

JAM_REALTIME static void
template_process(void* const dsp, const float* const params, const float* const in,
                 float* const out, const uint32_t n)
{
  (void)dsp;
  (void)params[PEDAL_TEMPLATE_KNOB1]; // knob 1..3 are unused by design
  for (uint32_t i = 0; i < n; ++i) {
    out[i] = in[i];
  }
}

const PedalClass pedal_template_class = {
    .create = template_create,
    .destroy = template_destroy,
    .reset = template_reset,
    .process = template_process,
};
