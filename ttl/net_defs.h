// SPDX-License-Identifier: ISC
/// The one source of the rtjam-net plugin's ports: ttl/net_ttlgen.c prints rtjam-net.ttl, the
/// manifest entry and the C port enums (net_ports.h) from this table. A row with count > 1
/// stands for that many consecutive ports; its symbol and name are printf patterns taking the
/// 1-based number (e.g. "gain_%02u", "Player %u gain").

#ifndef NET_DEFS_H
#define NET_DEFS_H

#include <stddef.h>

/// URI of the plugin, and of its patch parameters (the room to join).
#define NET_URI           "https://rtjam.org/lv2/net"
#define NET_URI_SERVER    NET_URI "#server"   ///< atom:String, host name or address
#define NET_URI_PORT      NET_URI "#port"     ///< atom:Int, UDP port of the room
#define NET_URI_CLIENT_ID NET_URI "#clientId" ///< atom:Int, our player id

#define NET_SLOTS           11              ///< remote player slots: the one definition
#define NET_PLAYER_CHANNELS (2 * NET_SLOTS) ///< remote channels, two per slot

/// Range and default of the atom:Int patch parameters (lv2:minimum/maximum/default in the TTL,
/// so generic host controls can reach port 7891), and of the matching control ports.
#define NET_PARAM_PORT_MIN      1.0f
#define NET_PARAM_PORT_MAX      65535.0f
#define NET_PARAM_PORT_DEF      7891.0f
#define NET_PARAM_CLIENT_ID_MIN 0.0f
#define NET_PARAM_CLIENT_ID_MAX 16777215.0f ///< 2^24 - 1: exact in a float control port
#define NET_PARAM_CLIENT_ID_DEF 0.0f

/// Kind of a port row.
typedef enum {
  NET_PORT_AUDIO_IN,
  NET_PORT_AUDIO_OUT,
  NET_PORT_CONTROL_IN,
  NET_PORT_CONTROL_OUT,
  NET_PORT_ATOM_IN,  ///< patch:Message input (lv2:control designation)
  NET_PORT_ATOM_OUT, ///< patch:Message output (notify)
} NetPortKind;

/// Port property flags.
enum {
  NET_FLAG_TOGGLED = 1u << 0, ///< lv2:toggled + lv2:integer
  NET_FLAG_INTEGER = 1u << 1, ///< lv2:integer
  NET_FLAG_ENUM = 1u << 2,    ///< lv2:enumeration; scale points from labels/values
};

/// One row of ports.
typedef struct {
  NetPortKind kind;          ///< what the ports are
  const char* id;            ///< C enum suffix: NET_PORT_<id>
  const char* symbol;        ///< lv2:symbol (a pattern when count > 1)
  const char* name;          ///< lv2:name (a pattern when count > 1)
  unsigned count;            ///< consecutive ports in this row
  float min;                 ///< lv2:minimum (controls)
  float max;                 ///< lv2:maximum (controls)
  float def;                 ///< lv2:default (control inputs)
  const char* unit;          ///< units: suffix ("db", "ms", "frame", "bpm"...), or NULL
  unsigned flags;            ///< NET_FLAG_* bits
  const char* const* labels; ///< enumeration labels, NULL-terminated
  const float* values;       ///< enumeration values, one per label
  const char* comment;       ///< rdfs:comment
} NetPortDef;

/// One control value of a preset.
typedef struct {
  const char* symbol; ///< port symbol
  float value;        ///< value in the port's unit
} NetPresetValue;

/// A factory preset of rtjam-net (pset:Preset); controls it does not list keep their defaults.
typedef struct {
  const char* slug;             ///< URI fragment: NET_URI "#preset-" slug
  const char* label;            ///< rdfs:label
  const char* comment;          ///< rdfs:comment: when to use it
  const NetPresetValue* values; ///< terminated by a NULL symbol
} NetPresetDef;

/// The factory presets, terminated by a NULL slug.
extern const NetPresetDef net_preset_defs[];

/// The rows, in port index order.
extern const NetPortDef net_port_defs[];

/// Rows in net_port_defs.
extern const size_t net_port_def_count;

/// Expands a row's symbol or name pattern for port number k (1-based): "%u" and "%02u" are the
/// only conversions the table uses.
void
net_port_expand(const char* pattern, unsigned k, char* out, size_t size);

/// The row holding port index `port`, with the port's 0-based position in the row in *k.
/// @return NULL past the last port
const NetPortDef*
net_port_def_at(unsigned port, unsigned* k);

/// The lv2:symbol of port k (0-based) of the row with C enum suffix `id` (e.g. "GAIN", 1 ->
/// "gain_02"). @return 0, or -1 when there is no such row or k is past its count (out = "")
int
net_port_symbol(const char* id, unsigned k, char* out, size_t size);

#endif // NET_DEFS_H
