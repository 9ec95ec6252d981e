// SPDX-License-Identifier: ISC
/// rtjam-host's settings: the JSON config file, then the command line over it.

#ifndef HOST_OPTIONS_H
#define HOST_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

/// The range of a client id derived when none is configured (host_client_id_from_text): below
/// the ids the wire reserves (40000..40002, jam_packet_member_id_ok).
enum { HOST_CLIENT_ID_MIN = 1000, HOST_CLIENT_ID_MAX = 39999 };

/// Settings from the config file and the command line.
typedef struct {
  char jack_name[64];       ///< JACK client name
  char server[256];         ///< room server host ("" = no room at start)
  int port;                 ///< room server UDP port
  long client_id;           ///< our client id in the room
  char client_id_from[64];  ///< where a derived client id came from ("" = configured)
  char board_file[2][1024]; ///< board documents to load at start ("" = none)
  char ws_bind[64];         ///< websocket bind address
  int ws_port;              ///< websocket TCP port
  int connect;              ///< 1: auto-connect to system ports
  int player_outs;          ///< 1: register player_01..22
  char nation_api[512];     ///< rtjam-nation REST base URL ("" = no nation link)
  char nation_ws[512];      ///< rtjam-nation chat websocket URL ("" = no nation link)
  char mac[64];             ///< MAC address sent to the nation ("" = the first interface's)
  char token[128];          ///< websocket access token ("" = none; required beyond loopback)
  char web_origin[256];     ///< an extra Origin allowed on the websocket ("" = none)
  char web_root[1024];      ///< the web page's directory ("" = found by host_web_root)
} HostOptions;

/// Fills `o` with the defaults, then the --config file (if given), then the other flags.
/// @return 0 to run, 1 after --help or --version (exit 0), -1 on a usage error (exit 2)
int
host_options_parse(HostOptions* o, int argc, char** argv);

/// A client id from a machine's identity (its machine-id, its hostname): a hash of `text` into
/// HOST_CLIENT_ID_MIN..HOST_CLIENT_ID_MAX, never JAM_PACKET_UNCONNECTED_ID (4321, the placeholder
/// of a client that never connected). The same text gives the same id on every build.
uint32_t
host_client_id_from_text(const char* text);

/// The default client id of this machine: from the first line of `machine_id_path`
/// (/etc/machine-id), else from the hostname, else a random one (kept nowhere). Writes where it
/// came from into `from` (e.g. "from /etc/machine-id"), for the log.
uint32_t
host_client_id_default(const char* machine_id_path, char* from, size_t from_size);

#endif // HOST_OPTIONS_H
