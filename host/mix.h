// SPDX-License-Identifier: ISC
/// The host's mixer model: the values the mixer commands set (reported in levelEvent), and
/// the rtjam-net control-port write each change makes. Pure data: no engine, no JACK.
///
/// Channels (§5.7): 0/1 are the local monitor, 2k/2k+1 remote slot k (1..11, rtjam-net's
/// gain_kk, pan_kk, mute_kk). A channel pair shares one setting: setting either sets both.

#ifndef HOST_MIX_H
#define HOST_MIX_H

#include "ttl/net_defs.h"

#include <stdint.h>

#define HOST_MIX_CHANNELS (2 + NET_PLAYER_CHANNELS) ///< mixer channels: 2 local + 2 per remote slot

/// Mixer state the host set (reported in levelEvent).
typedef struct {
  double gain_db[HOST_MIX_CHANNELS]; ///< dB per mixer channel (0/1 local, 2k/2k+1 slot k)
  double pan[HOST_MIX_CHANNELS];     ///< −1..1
  int mute[HOST_MIX_CHANNELS];       ///< 1 muted
  double master_db;                  ///< dB
  double click_db;                   ///< dB
  int click_mute;                    ///< 1 muted
  int room_mute[2];                  ///< 1 muted
} HostMix;

/// One write to an rtjam-net control port, by its symbol.
typedef struct {
  char symbol[24]; ///< port symbol ("pan_01", "master", ...)
  float value;     ///< the port's value
} HostNetWrite;

/// Sets the start state: all gains 0 dB, pans centred, nothing muted but the click (−12 dB).
void
host_mix_init(HostMix* m);

/// 1 when `ch` is a mixer channel (0..23).
int
host_mix_valid_channel(int64_t ch);

/// Channel gain, clamped to −60..12 dB (channels 0/1: the monitor). `ch` must be valid.
HostNetWrite
host_mix_set_gain(HostMix* m, int ch, double db);

/// Pan of a remote channel (ch 2..23), clamped to −1..1.
HostNetWrite
host_mix_set_pan(HostMix* m, int ch, double pan);

/// Channel mute (channels 0/1: the monitor). `ch` must be valid.
HostNetWrite
host_mix_set_mute(HostMix* m, int ch, int on);

/// Master gain, clamped to −60..12 dB.
HostNetWrite
host_mix_set_master(HostMix* m, double db);

/// Metronome click gain, clamped to −60..12 dB.
HostNetWrite
host_mix_set_click(HostMix* m, double db);

/// Metronome click mute.
HostNetWrite
host_mix_set_click_mute(HostMix* m, int on);

/// Mutes input 0 or 1 to the room (it sends silence).
HostNetWrite
host_mix_set_room_mute(HostMix* m, int input, int on);

#endif // HOST_MIX_H
