// SPDX-License-Identifier: ISC
// The rtjam-net plugin's ports, in index order. See net_defs.h.

#include "net_defs.h"

#include <stdio.h>
#include <string.h>

static const char* const jitter_labels[] = {"Auto", "Fixed", NULL};
static const float jitter_values[] = {0.0f, 1.0f};
static const char* const packet_labels[] = {"64 frames", "128 frames", NULL};
static const float packet_values[] = {64.0f, 128.0f};

#define PORT(k, i, s, n, c, text)                                                                  \
  {                                                                                                \
    .kind = (k), .id = (i), .symbol = (s), .name = (n), .count = (c), .comment = (text)            \
  }
#define CTL(k, i, s, n, c, lo, hi, d, u, f, text)                                                  \
  {                                                                                                \
    .kind = (k), .id = (i), .symbol = (s), .name = (n), .count = (c), .min = (lo), .max = (hi),    \
    .def = (d), .unit = (u), .flags = (f), .comment = (text)                                       \
  }
#define ENUM(i, s, n, lo, hi, d, u, l, v, text)                                                    \
  {                                                                                                \
    .kind = NET_PORT_CONTROL_IN, .id = (i), .symbol = (s), .name = (n), .count = 1, .min = (lo),   \
    .max = (hi), .def = (d), .unit = (u), .flags = NET_FLAG_ENUM | NET_FLAG_INTEGER,               \
    .labels = (l), .values = (v), .comment = (text)                                                \
  }
#define IN  NET_PORT_CONTROL_IN
#define OUT NET_PORT_CONTROL_OUT

const NetPortDef net_port_defs[] = {
    PORT(NET_PORT_AUDIO_IN, "IN_1", "in_1", "Input 1", 1, "First channel sent to the room (voice)"),
    PORT(NET_PORT_AUDIO_IN, "IN_2", "in_2", "Input 2", 1,
         "Second channel sent to the room (guitar)"),
    PORT(NET_PORT_AUDIO_OUT, "OUT_L", "out_l", "Room mix left", 1,
         "Remote players, local monitor and click"),
    PORT(NET_PORT_AUDIO_OUT, "OUT_R", "out_r", "Room mix right", 1,
         "Remote players, local monitor and click"),
    PORT(NET_PORT_AUDIO_OUT, "PLAYER", "player_%02u", "Remote channel %u", NET_PLAYER_CHANNELS,
         "One remote channel after its jitter buffer, before gain: player k has 2k-1 and 2k"),
    PORT(NET_PORT_ATOM_IN, "CONTROL", "control", "Control", 1,
         "patch:Set and patch:Get of the room settings"),
    PORT(NET_PORT_ATOM_OUT, "NOTIFY", "notify", "Notify", 1,
         "The room settings, after a change or a patch:Get"),
    CTL(IN, "MASTER", "master", "Master", 1, -60.0f, 12.0f, 0.0f, "db", 0, "Room mix master gain"),
    CTL(IN, "MONITOR", "monitor", "Monitor", 1, -60.0f, 12.0f, 0.0f, "db", 0,
        "Level of the local inputs in the mix (no added latency)"),
    CTL(IN, "MONITOR_MUTE", "monitor_mute", "Monitor mute", 1, 0.0f, 1.0f, 0.0f, NULL,
        NET_FLAG_TOGGLED, "Leave the local inputs out of the mix"),
    CTL(IN, "ROOM_MUTE", "room_mute_%u", "Room mute %u", 2, 0.0f, 1.0f, 0.0f, NULL,
        NET_FLAG_TOGGLED, "Send silence to the room for this input"),
    CTL(IN, "CLICK", "click", "Click", 1, -60.0f, 12.0f, -12.0f, "db", 0, "Metronome click level"),
    CTL(IN, "CLICK_MUTE", "click_mute", "Click mute", 1, 0.0f, 1.0f, 1.0f, NULL, NET_FLAG_TOGGLED,
        "Silence the metronome click"),
    ENUM("JITTER_MODE", "jitter_mode", "Jitter buffer", 0.0f, 1.0f, 0.0f, NULL, jitter_labels,
         jitter_values, "Auto follows the measured jitter plus the margin; Fixed holds the depth"),
    CTL(IN, "JITTER_DEPTH", "jitter_depth", "Fixed depth", 1, 1.0f, 100.0f, 5.0f, "ms", 0,
        "Jitter-buffer depth in Fixed mode"),
    CTL(IN, "JITTER_MARGIN", "jitter_margin", "Safety margin", 1, 0.0f, 50.0f, 1.0f, "ms", 0,
        "Added to the measured jitter in Auto mode"),
    ENUM("PACKET", "packet_frames", "Packet size", 64.0f, 128.0f, 128.0f, "frame", packet_labels,
         packet_values, "Frames per packet sent (the wire runs at 48 kHz)"),
    CTL(IN, "GAIN", "gain_%02u", "Player %u gain", NET_SLOTS, -60.0f, 12.0f, 0.0f, "db", 0,
        "Gain of this player in the room mix"),
    CTL(IN, "PAN", "pan_%02u", "Player %u pan", NET_SLOTS, -1.0f, 1.0f, 0.0f, "coef", 0,
        "Constant-power pan: -1 left, 1 right"),
    CTL(IN, "MUTE", "mute_%02u", "Player %u mute", NET_SLOTS, 0.0f, 1.0f, 0.0f, NULL,
        NET_FLAG_TOGGLED, "Leave this player out of the room mix"),
    CTL(OUT, "CONNECTED", "connected", "Connected", 1, 0.0f, 1.0f, 0.0f, NULL, NET_FLAG_TOGGLED,
        "1 while joined to a room"),
    CTL(OUT, "RATE_OK", "rate_ok", "Rate OK", 1, 0.0f, 1.0f, 0.0f, NULL, NET_FLAG_TOGGLED,
        "0 when the host does not run at 48 kHz: nothing is sent or heard, the output is the "
        "monitor"),
    CTL(OUT, "INPUT_LEVEL", "input_level_%u", "Input %u level", 2, -60.0f, 100.0f, 0.0f, "db", 0,
        "RMS level of the input"),
    CTL(OUT, "PLAYER_LEVEL", "player_level_%02u", "Remote channel %u level", NET_PLAYER_CHANNELS,
        -60.0f, 100.0f, 0.0f, "db", 0, "RMS level of the remote channel"),
    CTL(OUT, "RTT", "rtt", "Round trip", 1, 0.0f, 10000.0f, 0.0f, "ms", 0,
        "Round trip to the server, from our own echoes"),
    CTL(OUT, "DEPTH", "depth_%02u", "Player %u buffer", NET_SLOTS, 0.0f, 400.0f, 0.0f, "ms", 0,
        "Average jitter-buffer depth"),
    CTL(OUT, "JITTER", "jitter_%02u", "Player %u jitter", NET_SLOTS, 0.0f, 10000.0f, 0.0f, "ms", 0,
        "Packet lateness the buffer covers (Auto: the target glitch rate's quantile)"),
    CTL(OUT, "LOST", "lost", "Lost packets", 1, 0.0f, 1e9f, 0.0f, NULL, NET_FLAG_INTEGER,
        "Packets lost or too late, all players"),
    CTL(OUT, "UNDERRUNS", "underruns", "Underruns", 1, 0.0f, 1e9f, 0.0f, NULL, NET_FLAG_INTEGER,
        "Jitter-buffer underruns, all players"),
    CTL(OUT, "BEAT", "beat", "Beat", 1, 0.0f, 3.0f, 0.0f, "beat", NET_FLAG_INTEGER,
        "Metronome beat from the server, 0..3"),
    CTL(OUT, "CLIENT_ID", "client_id_%02u", "Player %u id", NET_SLOTS, 0.0f, 16777216.0f, 0.0f,
        NULL, NET_FLAG_INTEGER, "Client id of the player in this slot, 0 when empty"),
    CTL(OUT, "PLAYER_PEAK", "player_peak_%02u", "Remote channel %u peak", NET_PLAYER_CHANNELS,
        -60.0f, 100.0f, 0.0f, "db", 0, "Peak level of the remote channel"),
    CTL(OUT, "DROPS", "drops_%02u", "Player %u drops", NET_SLOTS, 0.0f, 1e9f, 0.0f, NULL,
        NET_FLAG_INTEGER, "Packets of this player lost or too late"),
    CTL(OUT, "CLIENT_ID_HI", "client_id_hi_%02u", "Player %u id, high half", NET_SLOTS, 0.0f,
        65535.0f, 0.0f, NULL, NET_FLAG_INTEGER,
        "Bits 16..31 of the client id: with the low half the exact 32-bit id (a float port "
        "carries only 24 bits)"),
    CTL(OUT, "CLIENT_ID_LO", "client_id_lo_%02u", "Player %u id, low half", NET_SLOTS, 0.0f,
        65535.0f, 0.0f, NULL, NET_FLAG_INTEGER, "Bits 0..15 of the client id"),
    CTL(IN, "CHAN_GAIN", "chan_gain_%02u", "Remote channel %u gain", NET_PLAYER_CHANNELS, -60.0f,
        12.0f, 0.0f, "db", 0, "Gain of this remote channel, added to its player's gain"),
    CTL(IN, "CHAN_PAN", "chan_pan_%02u", "Remote channel %u pan", NET_PLAYER_CHANNELS, -1.0f, 1.0f,
        0.0f, "coef", 0, "Pan of this remote channel, added to its player's pan (sum clamped)"),
    CTL(IN, "CHAN_MUTE", "chan_mute_%02u", "Remote channel %u mute", NET_PLAYER_CHANNELS, 0.0f,
        1.0f, 0.0f, NULL, NET_FLAG_TOGGLED, "Leave this remote channel out of the room mix"),
    CTL(IN, "INPUT_GAIN", "monitor_gain_%u", "Monitor input %u gain", 2, -60.0f, 12.0f, 0.0f, "db",
        0, "Gain of this local input in the monitor, added to the monitor level"),
    CTL(IN, "INPUT_PAN", "monitor_pan_%u", "Monitor input %u pan", 2, -1.0f, 1.0f, 0.0f, "coef", 0,
        "Constant-power pan of this local input in the monitor"),
    CTL(IN, "INPUT_MUTE", "monitor_mute_%u", "Monitor input %u mute", 2, 0.0f, 1.0f, 0.0f, NULL,
        NET_FLAG_TOGGLED, "Leave this local input out of the monitor"),
    // The room as plain controls, for hosts whose generic controls cannot send patch:Set of a
    // string (Ardour's and Carla's generic UIs, jalv's stdin). Appended, so the indices above
    // never move. Server address 0.0.0.0 = the controls are unused (the room comes from the
    // patch parameters or the saved state); any other address joins it, and changing any of
    // these controls joins again with the new values.
    CTL(IN, "ROOM_IP", "room_ip_%u", "Server IPv4 octet %u", 4, 0.0f, 255.0f, 0.0f, NULL,
        NET_FLAG_INTEGER,
        "One octet of the server's IPv4 address (a.b.c.d: octet 1 is a); 0.0.0.0 leaves the "
        "room to the patch parameters"),
    CTL(IN, "ROOM_PORT", "room_port", "Room port", 1, NET_PARAM_PORT_MIN, NET_PARAM_PORT_MAX,
        NET_PARAM_PORT_DEF, NULL, NET_FLAG_INTEGER, "UDP port of the room on the server"),
    CTL(IN, "ROOM_CLIENT_ID", "room_client_id", "Client id", 1, NET_PARAM_CLIENT_ID_MIN,
        NET_PARAM_CLIENT_ID_MAX, NET_PARAM_CLIENT_ID_DEF, NULL, NET_FLAG_INTEGER,
        "Our player id in the room"),
    CTL(IN, "JITTER_GLITCH", "jitter_glitch", "Target glitch rate", 1, 0.001f, 5.0f, 0.05f, "pc", 0,
        "Auto mode: the share of packets the depth may leave too late (to be concealed) at "
        "most: a light tail is covered up to it, jitter_cost may stop earlier; lower is safer, "
        "higher has less latency"),
    CTL(OUT, "CYCLE_LATE", "cycle_late", "Cycle lateness", 1, 0.0f, 1000.0f, 0.0f, "ms", 0,
        "Worst lateness of our own audio cycles over the last 2 to 4 s (not network jitter)"),
    // Appended (issue 11's cost rule), so the indices above never move.
    CTL(IN, "JITTER_COST", "jitter_cost", "Late-packet cost", 1, 0.0f, 1000.0f, 30.0f, "ms", 0,
        "Auto mode: the depth one late (concealed) packet is worth. A ms of depth is bought only "
        "while it spares more than 1/cost of the packets, so rare long spikes are left to "
        "concealment; 0: off (cover the target glitch rate whatever it costs)"),
};

const size_t net_port_def_count = sizeof net_port_defs / sizeof net_port_defs[0];

void
net_port_expand(const char* const pattern, const unsigned k, char* const out, const size_t size)
{
  size_t o = 0;
  for (const char* p = pattern; *p && o + 8 < size; ++p) {
    if (!strncmp(p, "%02u", 4)) {
      o += (size_t)snprintf(out + o, size - o, "%02u", k);
      p += 3;
    } else if (!strncmp(p, "%u", 2)) {
      o += (size_t)snprintf(out + o, size - o, "%u", k);
      p += 1;
    } else {
      out[o++] = *p;
    }
  }
  out[o] = '\0';
}

const NetPortDef*
net_port_def_at(unsigned port, unsigned* const k)
{
  for (size_t r = 0; r < net_port_def_count; ++r) {
    if (port < net_port_defs[r].count) {
      *k = port;
      return &net_port_defs[r];
    }
    port -= net_port_defs[r].count;
  }
  return NULL;
}

int
net_port_symbol(const char* const id, const unsigned k, char* const out, const size_t size)
{
  out[0] = '\0';
  for (size_t r = 0; r < net_port_def_count; ++r) {
    const NetPortDef* d = &net_port_defs[r];
    if (!strcmp(d->id, id) && k < d->count) {
      net_port_expand(d->symbol, k + 1, out, size);
      return 0;
    }
  }
  return -1;
}

static const NetPresetValue net_low_latency[] = {
    {"jitter_mode", 0.0f}, {"jitter_margin", 0.5f}, {"packet_frames", 64.0f}, {NULL, 0.0f}};
static const NetPresetValue net_safe_wifi[] = {
    {"jitter_mode", 0.0f}, {"jitter_margin", 12.0f}, {"packet_frames", 128.0f}, {NULL, 0.0f}};
static const NetPresetValue net_fixed_20[] = {
    {"jitter_mode", 1.0f}, {"jitter_depth", 20.0f}, {"packet_frames", 128.0f}, {NULL, 0.0f}};

const NetPresetDef net_preset_defs[] = {
    {"low-latency", "Low latency", "Wired LAN or fibre: 64-frame packets, 0.5 ms margin",
     net_low_latency},
    {"safe-wifi", "Safe Wi-Fi", "Wi-Fi or a busy line: 128-frame packets, 12 ms margin",
     net_safe_wifi},
    {"fixed-20ms", "Fixed 20 ms", "A fixed 20 ms jitter buffer, 128-frame packets", net_fixed_20},
    {NULL, NULL, NULL, NULL},
};
