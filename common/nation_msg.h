// SPDX-License-Identifier: ISC
/// The messages of the rtjam-nation link (rtjam_rust_spec.md §6–7) as pure functions: the
/// chat-room frames the unit sends, the primus ping -> pong reply, what an incoming frame
/// means, the REST request bodies and what a REST response means. No I/O, no threads.

#ifndef JAM_NATION_MSG_H
#define JAM_NATION_MSG_H

#include <stddef.h>

#define JAM_NATION_LAN_IP "10.0.0.0" ///< the legacy lanIp constant of every REST body

/// What an incoming chat-room text frame is.
typedef enum {
  JAM_NATION_FRAME_DROP = 0, ///< JSON that is not for us (welcome, action reply, a unit's status)
  JAM_NATION_FRAME_INVALID,  ///< not JSON, or not a JSON object (and no primus ping)
  JAM_NATION_FRAME_PING,     ///< a primus heartbeat: *out is the pong to send back
  JAM_NATION_FRAME_COMMAND,  ///< a user message: *out is its `message` string (a command)
} JamNationFrame;

/// What a keep-alive ping (`PUT jamUnit/ping`, `PUT broadcastUnit/ping`) response means.
typedef enum {
  JAM_NATION_PING_OK = 0, ///< the nation knows the unit (a non-null unit object)
  JAM_NATION_PING_FORGET, ///< anything else: an answer without the unit, an error (HTTP 5xx), no
                          ///< answer or not JSON; forget the token and register again at once,
                          ///< as the original units do (§4.13, §7)
} JamNationPing;

/// `{"messageId":id,"event":"action","params":{"name":"<token>","action":"createChatRoom"}}`.
/// @return malloc'ed text, NULL on allocation failure
char*
jam_nation_msg_create_room(long message_id, const char* token);

/// `{"event":"roomAdd","room":"<token>","messageId":id}`. @return malloc'ed text or NULL
char*
jam_nation_msg_room_add(long message_id, const char* token);

/// `{"messageId":id,"event":"say","room":"<token>","message":"<text>"}` (text is a JSON
/// document sent as a string). @return malloc'ed text or NULL
char*
jam_nation_msg_say(long message_id, const char* token, const char* text);

/// `{"messageId":id,"event":"action","params":<params>}` (an API action such as packetStatCreate;
/// params_json is a JSON object holding "action").
/// @return malloc'ed text, NULL when params_json is not a JSON object or on allocation failure
char*
jam_nation_msg_action(long message_id, const char* params_json);

/// Classifies one incoming text frame.
/// - `"primus::ping::<x>"` (a JSON string; bare text is accepted too) -> PING, *out =
///   `"primus::pong::<x>"` (a JSON string, quotes included);
/// - `{"context":"user","message":"<string>"}` -> COMMAND, *out = the string, unless it holds a
///   unit's own status (a JSON object with "speaker": what the room echoes back) -> DROP;
/// - other JSON -> DROP; anything else -> INVALID.
/// @param out  receives malloc'ed text for PING and COMMAND, NULL otherwise
JamNationFrame
jam_nation_msg_classify(const char* text, size_t len, char** out);

/// The body of a REST call: `{"token","lanIp","macAddress","gitHash"}`, all strings, then the
/// pairs of `extra` (key, value, key, value, ..., NULL), e.g. `"canTalkOnWebsocket","true"` for
/// POST jamUnit or `"port","7891","wanIp",""` for POST room. extra may be NULL.
/// @return malloc'ed text or NULL
char*
jam_nation_msg_rest_body(const char* token, const char* mac, const char* git_hash,
                         const char* const* extra);

/// The token of a registration response: `<key>.token`, a non-empty string (key "jamUnit" for
/// POST jamUnit, "broadcastUnit" for POST broadcastUnit, "room" for POST room).
/// @param http_code  the HTTP status (0 = no answer); 5xx is a failure whatever the body
/// @return malloc'ed token, or NULL when the registration failed
char*
jam_nation_msg_register_token(long http_code, const char* body, size_t len, const char* key);

/// What a ping response means: OK only for a 1xx-4xx JSON object whose `<key>` ("jamUnit",
/// "broadcastUnit") is a non-null object (4xx bodies are read like 2xx ones).
JamNationPing
jam_nation_msg_ping_result(long http_code, const char* body, size_t len, const char* key);

/// Endpoint URL: base + path, with one '/' between them.
/// @return malloc'ed text or NULL
char*
jam_nation_msg_url(const char* base, const char* path);

/// A websocket URL split into its parts.
typedef struct {
  int tls;         ///< 1 for wss://
  char host[256];  ///< host name or address (no brackets)
  int port;        ///< TCP port (default 80 for ws, 443 for wss)
  char path[1024]; ///< path and query, starting with '/'
} JamNationUrl;

/// Parses `ws://host[:port][/path]` or `wss://...`. @return 0, or −1 if it is not one
int
jam_nation_msg_parse_ws_url(const char* url, JamNationUrl* out);

/// Normalises a MAC address to lower-case `aa:bb:cc:dd:ee:ff` (18 bytes with the NUL).
/// @return 0, or −1 if it is not six colon-separated hex pairs
int
jam_nation_msg_mac(const char* text, char out[18]);

#endif // JAM_NATION_MSG_H
