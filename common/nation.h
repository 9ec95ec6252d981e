// SPDX-License-Identifier: ISC
/// The optional rtjam-nation link of rtjam-host and rtjam-broadcast (rtjam_rust_spec.md §4.1,
/// §4.13, §5.2, §6–7): REST registration and keep-alive (libcurl) and the chat room named after
/// the unit's token, or the broadcast room's (libwebsockets client), each on its own thread. Other
/// threads only queue under a mutex and wake the websocket thread with lws_cancel_service; nothing
/// here ever blocks the caller.

#ifndef JAM_NATION_H
#define JAM_NATION_H

#include <stddef.h>

typedef struct JamNationImpl JamNation;

/// What kind of unit registers.
typedef enum {
  JAM_NATION_JAM_UNIT = 0,   ///< rtjam-host: POST jamUnit; the chat room is the unit's token
  JAM_NATION_BROADCAST_UNIT, ///< rtjam-broadcast: POST broadcastUnit, POST room; the room's token
} JamNationKind;

/// What jam_nation_new needs.
typedef struct {
  const char* api_url;  ///< REST base, e.g. "http://rtjam-nation.com/api/1/"
  const char* ws_url;   ///< chat websocket, e.g. "ws://rtjam-nation.com/primus" (or wss://)
  const char* mac;      ///< the unit's MAC address, lower-case aa:bb:cc:dd:ee:ff
  const char* git_hash; ///< build hash or version, sent as gitHash
  JamNationKind kind;   ///< jamUnit or broadcastUnit
  const char* name;     ///< log prefix ("host" when NULL), e.g. "room 7891"
  unsigned port;        ///< broadcast unit: the room's UDP port, sent with POST room
  const char* wan_ip;   ///< broadcast unit: wanIp of POST room (NULL = "")
} JamNationOptions;

/// A snapshot of the link, for logs and tests.
typedef struct {
  int registered;        ///< 1 while a token is held
  int connected;         ///< 1 while the chat websocket is open
  int joined;            ///< 1 once roomAdd was sent on the open websocket
  char token[128];       ///< the chat room's token: the jamUnit's, or the room's ("" when none)
  char unit[128];        ///< the unit's token ("" when not registered)
  unsigned long dropped; ///< status messages and commands dropped from full queues
} JamNationStatus;

/// Starts registering and, once a token is held, joining its chat room. Failures of the
/// nation (down, 5xx, dropped websocket) are retried every 2 s in the background.
/// @return NULL when the options are unusable (logged): a URL that is not http(s):// or
///         ws(s)://, or a thread or library that cannot start
JamNation*
jam_nation_new(const JamNationOptions* opt);

/// Stops the threads (within the 5 s REST timeout at most) and frees everything; NULL is a
/// no-op.
void
jam_nation_free(JamNation* n);

/// Takes the oldest command received from the room (a user message's `message` string).
/// @return malloc'ed NUL-terminated text (`*len` bytes), or NULL
char*
jam_nation_poll(JamNation* n, size_t* len);

/// Queues a status message to say to the room (at most 64 wait; the oldest is dropped).
/// Messages wait while the unit is registered but not (yet, or again) in its room; they are
/// dropped while it holds no token, and when the token changes. NULL n or text is a no-op.
void
jam_nation_say(JamNation* n, const char* text);

/// Queues an API action (`{"event":"action","params":...}`, e.g. packetStatCreate), like
/// jam_nation_say. params_json is a JSON object holding "action". When `room` is not NULL the
/// action is dropped unless it is still the current chat room's token (params that name a room
/// must not reach another one). NULL n or params_json is a no-op.
void
jam_nation_act(JamNation* n, const char* room, const char* params_json);

/// Copies the current state into *st.
void
jam_nation_status(JamNation* n, JamNationStatus* st);

/// The first non-loopback interface's MAC address (interfaces sorted by name, from
/// /sys/class/net), lower-case aa:bb:cc:dd:ee:ff, else all zeros: the default MAC of both units.
void
jam_nation_default_mac(char out[18]);

#endif // JAM_NATION_H
