// SPDX-License-Identifier: ISC
// The host's mixer model. See mix.h.

#include "host/mix.h"

#include <stdio.h>
#include <string.h>

static double
clamp(const double v, const double lo, const double hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

static HostNetWrite
write_of(const char* const symbol, const double value)
{
  HostNetWrite w;
  snprintf(w.symbol, sizeof w.symbol, "%s", symbol);
  w.value = (float)value;
  return w;
}

// A slot's port of the row `id` of rtjam-net's port table (ttl/net_defs.c), e.g. "GAIN", 2 ->
// "gain_02".
static HostNetWrite
slot_write(const char* const id, const int slot, const double value)
{
  HostNetWrite w;
  net_port_symbol(id, (unsigned)(slot - 1), w.symbol, sizeof w.symbol);
  w.value = (float)value;
  return w;
}

void
host_mix_init(HostMix* const m)
{
  memset(m, 0, sizeof *m);
  m->click_db = -12.0;
  m->click_mute = 1;
}

int
host_mix_valid_channel(const int64_t ch)
{
  return ch >= 0 && ch < HOST_MIX_CHANNELS;
}

HostNetWrite
host_mix_set_gain(HostMix* const m, const int ch, const double db)
{
  const double g = clamp(db, -60.0, 12.0);
  if (ch < 2) {
    m->gain_db[0] = m->gain_db[1] = g;
    return write_of("monitor", g);
  }
  const int slot = ch / 2;
  m->gain_db[2 * slot] = m->gain_db[2 * slot + 1] = g;
  return slot_write("GAIN", slot, g);
}

HostNetWrite
host_mix_set_pan(HostMix* const m, const int ch, const double pan)
{
  const int slot = ch / 2;
  const double p = clamp(pan, -1.0, 1.0);
  m->pan[2 * slot] = m->pan[2 * slot + 1] = p;
  return slot_write("PAN", slot, p);
}

HostNetWrite
host_mix_set_mute(HostMix* const m, const int ch, const int on)
{
  if (ch < 2) {
    m->mute[0] = m->mute[1] = on;
    return write_of("monitor_mute", on ? 1.0 : 0.0);
  }
  const int slot = ch / 2;
  m->mute[2 * slot] = m->mute[2 * slot + 1] = on;
  return slot_write("MUTE", slot, on ? 1.0 : 0.0);
}

HostNetWrite
host_mix_set_master(HostMix* const m, const double db)
{
  m->master_db = clamp(db, -60.0, 12.0);
  return write_of("master", m->master_db);
}

HostNetWrite
host_mix_set_click(HostMix* const m, const double db)
{
  m->click_db = clamp(db, -60.0, 12.0);
  return write_of("click", m->click_db);
}

HostNetWrite
host_mix_set_click_mute(HostMix* const m, const int on)
{
  m->click_mute = on;
  return write_of("click_mute", on ? 1.0 : 0.0);
}

HostNetWrite
host_mix_set_room_mute(HostMix* const m, const int input, const int on)
{
  HostNetWrite w;
  snprintf(w.symbol, sizeof w.symbol, "room_mute_%d", input + 1);
  w.value = on ? 1.0f : 0.0f;
  m->room_mute[input] = on;
  return w;
}
