// SPDX-License-Identifier: ISC
/// Who may drive a control websocket (rtjam-host's, rtjam-broadcast's --control-port): the
/// Origin and token rules both servers apply at the handshake (common/ws_server.c), and the
/// loopback test that decides whether a token is required. Pure functions, no I/O.
///
/// A handshake is accepted when its Origin is absent (a command line client: rtjam-ctl, a
/// script), http://127.0.0.1:PORT, http://localhost:PORT or the one configured extra Origin;
/// with a token set, also when it is the page's own ("http://" + the Host it asked for). With
/// a token set the handshake must carry it (?token=X or "Authorization: Bearer X").

#ifndef JAM_WS_ACCESS_H
#define JAM_WS_ACCESS_H

/// 1 when a handshake's Origin may drive a server on `port`: no Origin (origin NULL: a command
/// line client), http://127.0.0.1:PORT, http://localhost:PORT, or exactly `extra_origin`
/// ("" or NULL: none).
int
jam_ws_origin_allowed(const char* origin, int port, const char* extra_origin);

/// 1 when a handshake's Origin is the page's own: "http://" + the Host header it was sent to
/// (the page was loaded from that host and port). Only to be used when a token is set: without
/// a token a DNS-rebinding page (its own name resolving to us) would pass this test.
int
jam_ws_same_origin(const char* origin, const char* host);

/// 1 when the two tokens are equal; compares without an early exit, so that the time taken
/// does not tell how much matched.
int
jam_ws_token_equal(const char* a, const char* b);

/// 1 when the token a handshake presents matches `token`: `url_token` (its ?token=, NULL when
/// absent) or `authorization` (its Authorization header, "Bearer X"; NULL when absent). An
/// empty or NULL `token` requires nothing.
int
jam_ws_token_ok(const char* token, const char* url_token, const char* authorization);

/// 1 when addr is a numeric loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104): only this
/// machine reaches it, so no token is required there. Names are not loopback: use
/// jam_ws_bind_address() first.
int
jam_ws_is_loopback(const char* addr);

/// The address to bind a websocket server to: addr when it is a numeric IPv4 or IPv6 address,
/// "127.0.0.1" for "localhost", NULL for anything else (a host or interface name, whose binding
/// libwebsockets would resolve on its own: an unknown one left nothing listening, and "::1"
/// with IPv6 off bound every interface).
const char*
jam_ws_bind_address(const char* addr);

#endif // JAM_WS_ACCESS_H
