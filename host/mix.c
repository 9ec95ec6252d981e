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

// Channel ch's port of a per-channel row: the local inputs' row (`local`, ch 0/1) or the
// remote channels' row (`remote`, ch 2..23 = remote channel ch - 2).
static HostNetWrite
channel_write(const char* const local, const char* const remote, const int ch, const double value)
{
  HostNetWrite w;
  net_port_symbol(ch < 2 ? local : remote, (unsigned)(ch < 2 ? ch : ch - 2), w.symbol,
                  sizeof w.symbol);
  w.value = (float)value;
  return w;
}

HostNetWrite
host_mix_set_gain(HostMix* const m, const int ch, const double db)
{
  m->gain_db[ch] = clamp(db, -60.0, 12.0);
  return channel_write("INPUT_GAIN", "CHAN_GAIN", ch, m->gain_db[ch]);
}

HostNetWrite
host_mix_set_pan(HostMix* const m, const int ch, const double pan)
{
  m->pan[ch] = clamp(pan, -1.0, 1.0);
  return channel_write("INPUT_PAN", "CHAN_PAN", ch, m->pan[ch]);
}

HostNetWrite
host_mix_set_mute(HostMix* const m, const int ch, const int on)
{
  m->mute[ch] = on;
  return channel_write("INPUT_MUTE", "CHAN_MUTE", ch, on ? 1.0 : 0.0);
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
