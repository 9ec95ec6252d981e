// SPDX-License-Identifier: ISC
// Fuzz target: the rtjam-nation messages (common/nation_msg.c). From the nation to the host: chat
// frames (jam_nation_msg_classify), REST answers (register_token, ping_result), URLs and MAC
// addresses from the settings. From the host to the nation: every frame and REST body built
// from hostile text (a token, a message) must be one JSON object that carries that text back
// unchanged. The first byte picks the function; the rest is its text.

#include "fuzz.h"

#include "nation_msg.h"

#include <cJSON.h>

#include <stdlib.h>

// `json` is one JSON object whose string at `key` (inside `inner` if given) equals `want`.
static void
expect_string(const char* json, const char* inner, const char* key, const char* want)
{
  if (!json) {
    return; // allocation failure
  }
  cJSON* const root = cJSON_Parse(json);
  const cJSON* obj = inner ? cJSON_GetObjectItemCaseSensitive(root, inner) : root;
  const cJSON* const v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!cJSON_IsObject(root) || !cJSON_IsString(v) || strcmp(v->valuestring, want) != 0) {
    abort();
  }
  cJSON_Delete(root);
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (size < 1 || size > 65536) {
    return 0;
  }
  const size_t len = size - 1;
  char* const text = malloc(size);
  if (!text) {
    return 0;
  }
  memcpy(text, data + 1, len);
  text[len] = '\0';
  const size_t slen = strlen(text); // the C-string view (builders take C strings)
  char* out = NULL;
  switch (data[0] % 8u) {
  case 0: {
    const JamNationFrame f = jam_nation_msg_classify(text, len, &out);
    if ((f == JAM_NATION_FRAME_PING || f == JAM_NATION_FRAME_COMMAND) != (out != NULL)) {
      abort(); // out is set exactly for PING and COMMAND
    }
    if (f == JAM_NATION_FRAME_PING && strncmp(out, "\"primus::pong::", 15) != 0) {
      abort();
    }
    break;
  }
  case 1:
    out = jam_nation_msg_register_token((long)(data[0] >> 3) * 25, text, len,
                                        data[0] & 8 ? "broadcastUnit" : "jamUnit");
    if (out && !out[0]) {
      abort(); // a token is never empty
    }
    break;
  case 2: {
    const JamNationPing p =
        jam_nation_msg_ping_result((long)(data[0] >> 3) * 25, text, len, "broadcastUnit");
    if (p != JAM_NATION_PING_OK && p != JAM_NATION_PING_FORGET) {
      abort();
    }
    break;
  }
  case 3: {
    JamNationUrl u;
    if (jam_nation_msg_parse_ws_url(text, &u) == 0 &&
        (u.port < 1 || u.port > 65535 || u.path[0] != '/' || !memchr(u.host, 0, sizeof u.host))) {
      abort();
    }
    break;
  }
  case 4: {
    char mac[18];
    if (jam_nation_msg_mac(text, mac) == 0 && (strlen(mac) != 17 || mac[2] != ':')) {
      abort();
    }
    break;
  }
  case 5:
    out = jam_nation_msg_create_room(slen, text);
    expect_string(out, "params", "name", text);
    break;
  case 6: {
    // token | text, split at the first 0x01 byte
    char* const bar = strchr(text, 1);
    const char* const msg = bar ? bar + 1 : "";
    if (bar) {
      *bar = '\0';
    }
    out = jam_nation_msg_say((long)len, text, msg);
    expect_string(out, NULL, "room", text);
    expect_string(out, NULL, "message", msg);
    free(out);
    out = jam_nation_msg_room_add(-1, text);
    expect_string(out, NULL, "room", text);
    break;
  }
  case 7: {
    const char* const room[] = {"port", text, "wanIp", text, NULL};
    out = jam_nation_msg_rest_body(text, "aa:bb:cc:dd:ee:ff", text, data[0] & 8 ? room : NULL);
    expect_string(out, NULL, "token", text);
    expect_string(out, NULL, "gitHash", text);
    free(out);
    out = jam_nation_msg_url(text, "jamUnit/ping");
    free(out);
    out = jam_nation_msg_action((long)len, text); // hostile params: an object or NULL
    break;
  }
  default:
    break;
  }
  free(out);
  free(text);
  return 0;
}
