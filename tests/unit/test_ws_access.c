// SPDX-License-Identifier: ISC
// Who may drive a control websocket (common/ws_access.c), rtjam-host's and rtjam-broadcast's:
// the Origins accepted, the page's own Origin, and the token (by URL or Authorization header).
// The addresses that need no token are in test_ws_bind.c.

#include "ws_access.h"

#include "check.h"

#include <stddef.h>

static void
no_origin_and_the_loopback_names_of_our_port_are_accepted(void)
{
  CHECK_INT(jam_ws_origin_allowed(NULL, 7999, NULL), 1); // a command line client
  CHECK_INT(jam_ws_origin_allowed("http://127.0.0.1:7999", 7999, NULL), 1);
  CHECK_INT(jam_ws_origin_allowed("http://localhost:7999", 7999, ""), 1);
  CHECK_INT(jam_ws_origin_allowed("http://127.0.0.1:7998", 7999, NULL), 0); // another port
  CHECK_INT(jam_ws_origin_allowed("https://127.0.0.1:7999", 7999, NULL), 0);
  CHECK_INT(jam_ws_origin_allowed("http://evil.example", 7999, NULL), 0);
  CHECK_INT(jam_ws_origin_allowed("null", 7999, NULL), 0);
  CHECK_INT(jam_ws_origin_allowed("", 7999, ""), 0);
  CHECK_INT(jam_ws_origin_allowed("http://127.0.0.1:79990", 7999, NULL), 0);
  // One configured extra Origin, exactly.
  CHECK_INT(jam_ws_origin_allowed("https://rtjam.example", 7999, "https://rtjam.example"), 1);
  CHECK_INT(jam_ws_origin_allowed("https://rtjam.example.evil", 7999, "https://rtjam.example"), 0);
}

static void
the_page_s_own_origin_is_http_plus_the_host_it_asked_for(void)
{
  CHECK_INT(jam_ws_same_origin("http://pi.local:9090", "pi.local:9090"), 1);
  CHECK_INT(jam_ws_same_origin("http://192.168.1.2:9090", "192.168.1.2:9090"), 1);
  CHECK_INT(jam_ws_same_origin("http://evil.example", "pi.local:9090"), 0);
  CHECK_INT(jam_ws_same_origin("http://pi.local:9091", "pi.local:9090"), 0);
  CHECK_INT(jam_ws_same_origin("https://pi.local:9090", "pi.local:9090"), 0);
  CHECK_INT(jam_ws_same_origin("http://pi.local:9090", ""), 0);
  CHECK_INT(jam_ws_same_origin("null", "null"), 0);
  CHECK_INT(jam_ws_same_origin(NULL, "pi.local:9090"), 0);
}

static void
the_token_comes_in_the_url_or_as_a_bearer_and_must_match_exactly(void)
{
  CHECK_INT(jam_ws_token_equal("s3cret", "s3cret"), 1);
  CHECK_INT(jam_ws_token_equal("s3cre", "s3cret"), 0);
  CHECK_INT(jam_ws_token_equal("s3cret", "s3cre"), 0);
  CHECK_INT(jam_ws_token_equal("", "s3cret"), 0);
  CHECK_INT(jam_ws_token_equal("s3crex", "s3cret"), 0);
  CHECK_INT(jam_ws_token_equal("", ""), 1);
  // No token set: nothing required.
  CHECK_INT(jam_ws_token_ok("", NULL, NULL), 1);
  CHECK_INT(jam_ws_token_ok(NULL, "x", NULL), 1);
  // A token set: the URL's or the header's, either one.
  CHECK_INT(jam_ws_token_ok("s3cret", NULL, NULL), 0);
  CHECK_INT(jam_ws_token_ok("s3cret", "s3cret", NULL), 1);
  CHECK_INT(jam_ws_token_ok("s3cret", "wrong", NULL), 0);
  CHECK_INT(jam_ws_token_ok("s3cret", "", NULL), 0);
  CHECK_INT(jam_ws_token_ok("s3cret", NULL, "Bearer s3cret"), 1);
  CHECK_INT(jam_ws_token_ok("s3cret", "wrong", "Bearer s3cret"), 1);
  CHECK_INT(jam_ws_token_ok("s3cret", NULL, "Bearer s3cre"), 0);
  CHECK_INT(jam_ws_token_ok("s3cret", NULL, "Basic s3cret"), 0);
  CHECK_INT(jam_ws_token_ok("s3cret", NULL, "s3cret"), 0);
}

int
main(void)
{
  RUN(no_origin_and_the_loopback_names_of_our_port_are_accepted);
  RUN(the_page_s_own_origin_is_http_plus_the_host_it_asked_for);
  RUN(the_token_comes_in_the_url_or_as_a_bearer_and_must_match_exactly);
  return jam_test_summary();
}
