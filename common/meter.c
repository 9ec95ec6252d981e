// SPDX-License-Identifier: ISC
// dB helpers and level meters. Gains are amplitude ratios, levels are power ratios, so
// gain dB = 20·log10 and level dB = 10·log10 (the original used 10·log10 for both).

#include "meter.h"

#include <math.h>

static double
clamp_db(const double db)
{
  if (!(db > JAM_METER_FLOOR_DB)) { // also catches -inf and NaN from log10(0) or log10(<0)
    return JAM_METER_FLOOR_DB;
  }
  return db < JAM_METER_CEIL_DB ? db : JAM_METER_CEIL_DB;
}

double
jam_db_to_lin(const double db)
{
  return pow(10.0, db / 20.0);
}

double
jam_lin_to_db(const double lin)
{
  return lin > 0.0 ? clamp_db(20.0 * log10(lin)) : JAM_METER_FLOOR_DB;
}

double
jam_power_to_db(const double mean_square)
{
  return mean_square > 0.0 ? clamp_db(10.0 * log10(mean_square)) : JAM_METER_FLOOR_DB;
}

static double
sum_squares(const float* const x, const size_t n)
{
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    sum += (double)x[i] * (double)x[i];
  }
  return sum;
}

double
jam_frame_power_db(const float* const x, const size_t n, const double gain)
{
  if (n == 0) {
    return JAM_METER_FLOOR_DB;
  }
  return jam_power_to_db(sum_squares(x, n) * gain * gain / (double)n);
}

double
jam_frame_power_db_stereo(const float* const left, const float* const right, const size_t n,
                          const double gain)
{
  if (n == 0) {
    return JAM_METER_FLOOR_DB;
  }
  const double sum = sum_squares(left, n) + sum_squares(right, n);
  return jam_power_to_db(sum * gain * gain / (double)(2 * n));
}

void
jam_power_meter_init(JamPowerMeter* const self)
{
  jam_peak_init(&self->peak, JAM_METER_PEAK_ATTACK_TC, JAM_METER_PEAK_RELEASE_TC, JAM_METER_RATE);
  jam_smoother_init(&self->avg, JAM_METER_AVG_TC, JAM_METER_RATE);
  // Fix of the original's quirk: start at the floor, not at 0 dB.
  self->peak.y = JAM_METER_FLOOR_DB;
  self->avg.y = JAM_METER_FLOOR_DB;
  self->last_peak = JAM_METER_FLOOR_DB;
  self->last_avg = JAM_METER_FLOOR_DB;
}

static void
step(JamPowerMeter* const self, const double db)
{
  self->last_peak = jam_peak_step(&self->peak, db);
  self->last_avg = jam_smoother_step(&self->avg, db);
}

void
jam_power_meter_add(JamPowerMeter* const self, const float* const x, const size_t n,
                    const double gain)
{
  step(self, jam_frame_power_db(x, n, gain));
}

void
jam_power_meter_add_stereo(JamPowerMeter* const self, const float* const left,
                           const float* const right, const size_t n, const double gain)
{
  step(self, jam_frame_power_db_stereo(left, right, n, gain));
}

double
jam_power_meter_peak(const JamPowerMeter* const self)
{
  return self->last_peak;
}

double
jam_power_meter_avg(const JamPowerMeter* const self)
{
  return self->last_avg;
}
