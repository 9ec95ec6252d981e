// SPDX-License-Identifier: ISC
// The rtjam-nation link's messages (rtjam_rust_spec.md §6–7): pure functions on text.

#include "nation_msg.h"

#include <cJSON.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PING_PREFIX "primus::ping::"
#define PONG_PREFIX "primus::pong::"

// Prints and deletes a message; NULL in, NULL out.
static char*
print_and_delete(cJSON* o)
{
  char* text = o ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return text;
}

char*
jam_nation_msg_create_room(const long message_id, const char* const token)
{
  cJSON* o = cJSON_CreateObject();
  cJSON* params = cJSON_CreateObject();
  if (!o || !params || !cJSON_AddNumberToObject(o, "messageId", (double)message_id) ||
      !cJSON_AddStringToObject(o, "event", "action") ||
      !cJSON_AddStringToObject(params, "name", token) ||
      !cJSON_AddStringToObject(params, "action", "createChatRoom") ||
      !cJSON_AddItemToObject(o, "params", params)) {
    cJSON_Delete(params);
    cJSON_Delete(o);
    return NULL;
  }
  return print_and_delete(o);
}

char*
jam_nation_msg_room_add(const long message_id, const char* const token)
{
  cJSON* o = cJSON_CreateObject();
  if (!o || !cJSON_AddStringToObject(o, "event", "roomAdd") ||
      !cJSON_AddStringToObject(o, "room", token) ||
      !cJSON_AddNumberToObject(o, "messageId", (double)message_id)) {
    cJSON_Delete(o);
    return NULL;
  }
  return print_and_delete(o);
}

char*
jam_nation_msg_say(const long message_id, const char* const token, const char* const text)
{
  cJSON* o = cJSON_CreateObject();
  if (!o || !cJSON_AddNumberToObject(o, "messageId", (double)message_id) ||
      !cJSON_AddStringToObject(o, "event", "say") || !cJSON_AddStringToObject(o, "room", token) ||
      !cJSON_AddStringToObject(o, "message", text)) {
    cJSON_Delete(o);
    return NULL;
  }
  return print_and_delete(o);
}

char*
jam_nation_msg_action(const long message_id, const char* const params_json)
{
  cJSON* params = cJSON_Parse(params_json);
  if (!cJSON_IsObject(params)) {
    cJSON_Delete(params);
    return NULL;
  }
  cJSON* o = cJSON_CreateObject();
  if (!o || !cJSON_AddNumberToObject(o, "messageId", (double)message_id) ||
      !cJSON_AddStringToObject(o, "event", "action") ||
      !cJSON_AddItemToObject(o, "params", params)) {
    cJSON_Delete(params);
    cJSON_Delete(o);
    return NULL;
  }
  return print_and_delete(o);
}

// The pong for a ping payload "primus::ping::<x>", as a JSON string; NULL if it is no ping.
static char*
pong_for(const char* s, size_t len)
{
  const size_t plen = sizeof PING_PREFIX - 1;
  if (len < plen || memcmp(s, PING_PREFIX, plen) != 0) {
    return NULL;
  }
  const size_t n = sizeof PONG_PREFIX - 1 + (len - plen);
  char* raw = malloc(n + 1);
  if (!raw) {
    return NULL;
  }
  memcpy(raw, PONG_PREFIX, sizeof PONG_PREFIX - 1);
  memcpy(raw + sizeof PONG_PREFIX - 1, s + plen, len - plen);
  raw[n] = '\0';
  cJSON* str = cJSON_CreateString(raw);
  free(raw);
  return print_and_delete(str);
}

// A user message holding a unit's status (`{"speaker":..}`): the room's echo of our own say.
static int
is_status_payload(const char* message)
{
  cJSON* p = cJSON_Parse(message);
  const int status = cJSON_IsObject(p) && cJSON_GetObjectItemCaseSensitive(p, "speaker") != NULL;
  cJSON_Delete(p);
  return status;
}

JamNationFrame
jam_nation_msg_classify(const char* const text, const size_t len, char** const out)
{
  *out = NULL;
  cJSON* root = cJSON_ParseWithLength(text, len);
  if (!root) {
    *out = pong_for(text, len); // a bare primus::ping:: (not JSON)
    return *out ? JAM_NATION_FRAME_PING : JAM_NATION_FRAME_INVALID;
  }
  JamNationFrame kind = JAM_NATION_FRAME_DROP;
  if (cJSON_IsString(root)) {
    *out = pong_for(root->valuestring, strlen(root->valuestring));
    kind = *out ? JAM_NATION_FRAME_PING : JAM_NATION_FRAME_INVALID;
  } else if (!cJSON_IsObject(root)) {
    kind = JAM_NATION_FRAME_INVALID;
  } else {
    const cJSON* ctx = cJSON_GetObjectItemCaseSensitive(root, "context");
    const cJSON* msg = cJSON_GetObjectItemCaseSensitive(root, "message");
    if (cJSON_IsString(ctx) && !strcmp(ctx->valuestring, "user") && cJSON_IsString(msg) &&
        !is_status_payload(msg->valuestring)) {
      *out = strdup(msg->valuestring);
      kind = *out ? JAM_NATION_FRAME_COMMAND : JAM_NATION_FRAME_DROP;
    }
  }
  cJSON_Delete(root);
  return kind;
}

char*
jam_nation_msg_rest_body(const char* const token, const char* const mac, const char* const git_hash,
                         const char* const* const extra)
{
  cJSON* o = cJSON_CreateObject();
  if (!o || !cJSON_AddStringToObject(o, "token", token ? token : "") ||
      !cJSON_AddStringToObject(o, "lanIp", JAM_NATION_LAN_IP) ||
      !cJSON_AddStringToObject(o, "macAddress", mac) ||
      !cJSON_AddStringToObject(o, "gitHash", git_hash)) {
    cJSON_Delete(o);
    return NULL;
  }
  for (const char* const* kv = extra; kv && kv[0] && kv[1]; kv += 2) {
    if (!cJSON_AddStringToObject(o, kv[0], kv[1])) {
      cJSON_Delete(o);
      return NULL;
    }
  }
  return print_and_delete(o);
}

// The response's `<key>` object, or NULL (no answer, 5xx, not a JSON object, no such object).
static const cJSON*
unit_of(const cJSON* root, const long http_code, const char* key)
{
  const int answered = root && http_code >= 100 && http_code < 500 && cJSON_IsObject(root);
  const cJSON* unit = answered ? cJSON_GetObjectItemCaseSensitive(root, key) : NULL;
  return cJSON_IsObject(unit) ? unit : NULL;
}

char*
jam_nation_msg_register_token(const long http_code, const char* const body, const size_t len,
                              const char* const key)
{
  cJSON* root = body ? cJSON_ParseWithLength(body, len) : NULL;
  const cJSON* unit = unit_of(root, http_code, key);
  const cJSON* tok = unit ? cJSON_GetObjectItemCaseSensitive(unit, "token") : NULL;
  char* token = cJSON_IsString(tok) && tok->valuestring[0] ? strdup(tok->valuestring) : NULL;
  cJSON_Delete(root);
  return token;
}

JamNationPing
jam_nation_msg_ping_result(const long http_code, const char* const body, const size_t len,
                           const char* const key)
{
  cJSON* root = body ? cJSON_ParseWithLength(body, len) : NULL;
  const cJSON* unit = unit_of(root, http_code, key);
  cJSON_Delete(root);
  return unit ? JAM_NATION_PING_OK : JAM_NATION_PING_FORGET;
}

char*
jam_nation_msg_url(const char* const base, const char* const path)
{
  const size_t b = strlen(base);
  const char* p = path;
  while (*p == '/') {
    ++p;
  }
  const int slash = b > 0 && base[b - 1] == '/';
  const size_t n = b + !slash + strlen(p) + 1;
  char* url = malloc(n);
  if (url) {
    snprintf(url, n, "%s%s%s", base, slash ? "" : "/", p);
  }
  return url;
}

int
jam_nation_msg_parse_ws_url(const char* const url, JamNationUrl* const out)
{
  memset(out, 0, sizeof *out);
  const char* p;
  if (!strncmp(url, "ws://", 5)) {
    p = url + 5;
  } else if (!strncmp(url, "wss://", 6)) {
    p = url + 6;
    out->tls = 1;
  } else {
    return -1;
  }
  out->port = out->tls ? 443 : 80;
  const char* host_end;
  const char* after;
  if (*p == '[') { // [IPv6]
    host_end = strchr(p, ']');
    if (!host_end) {
      return -1;
    }
    ++p;
    after = host_end + 1;
  } else {
    host_end = p + strcspn(p, ":/?#");
    after = host_end;
  }
  const size_t hlen = (size_t)(host_end - p);
  if (hlen == 0 || hlen >= sizeof out->host) {
    return -1;
  }
  memcpy(out->host, p, hlen);
  out->host[hlen] = '\0';
  if (*after == ':') {
    char* end = NULL;
    const long port = strtol(after + 1, &end, 10);
    if (end == after + 1 || port < 1 || port > 65535 || (*end && !strchr("/?#", *end))) {
      return -1;
    }
    out->port = (int)port;
    after = end;
  }
  if (*after && *after != '/' && *after != '?' && *after != '#') {
    return -1;
  }
  const size_t plen = strcspn(after, "#");
  if (plen + 2 > sizeof out->path) {
    return -1;
  }
  snprintf(out->path, sizeof out->path, "%s%.*s", *after == '/' ? "" : "/", (int)plen, after);
  return 0;
}

int
jam_nation_msg_mac(const char* const text, char out[18])
{
  if (strlen(text) != 17) {
    return -1;
  }
  for (int i = 0; i < 17; ++i) {
    const unsigned char c = (unsigned char)text[i];
    if (i % 3 == 2 ? c != ':' : !isxdigit(c)) {
      return -1;
    }
    out[i] = (char)tolower(c);
  }
  out[17] = '\0';
  return 0;
}
