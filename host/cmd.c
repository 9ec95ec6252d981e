// SPDX-License-Identifier: ISC
// Command parsing for rtjam-host (rtjam_rust_spec.md §4.9 rules, §5.7 table).

#include "host/cmd.h"

#include <cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

// Parses a whole decimal integer string; returns 0 on success.
static int
parse_int_string(const char* s, int64_t* out)
{
  if (!s || !*s) {
    return -1;
  }
  char* end = NULL;
  errno = 0;
  const long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end != '\0') {
    return -1;
  }
  *out = (int64_t)v;
  return 0;
}

// iValue rule: an integer number, or an integer string (a bad string rejects the message);
// a number with a fraction is silently ignored (stays 0).
static int
read_ivalue(const cJSON* item, int64_t* out)
{
  *out = 0;
  if (!item) {
    return 0;
  }
  if (cJSON_IsNumber(item)) {
    const double v = item->valuedouble;
    if (v == floor(v) && fabs(v) < 9.0e18) {
      *out = (int64_t)v;
    }
    return 0;
  }
  if (cJSON_IsString(item)) {
    return parse_int_string(item->valuestring, out);
  }
  return 0;
}

static JamStatus
parse_object(const cJSON* root, HostCmd* cmd)
{
  const cJSON* p = cJSON_GetObjectItemCaseSensitive(root, "param");
  int64_t param = 0;
  if (cJSON_IsNumber(p)) {
    if (p->valuedouble != floor(p->valuedouble) || fabs(p->valuedouble) > 2147483647.0) {
      return JAM_ERR_PARSE; // a float param is not a command number
    }
    param = (int64_t)p->valuedouble;
  } else if (cJSON_IsString(p)) {
    if (parse_int_string(p->valuestring, &param) || param > INT32_MAX || param < INT32_MIN) {
      return JAM_ERR_PARSE;
    }
  } else {
    return JAM_ERR_PARSE;
  }
  cmd->param = (int32_t)param;
  if (read_ivalue(cJSON_GetObjectItemCaseSensitive(root, "iValue1"), &cmd->ivalue1) ||
      read_ivalue(cJSON_GetObjectItemCaseSensitive(root, "iValue2"), &cmd->ivalue2)) {
    return JAM_ERR_PARSE;
  }
  const cJSON* f = cJSON_GetObjectItemCaseSensitive(root, "fValue");
  if (cJSON_IsNumber(f)) {
    cmd->fvalue = f->valuedouble;
  } else if (cJSON_IsString(f) && f->valuestring) {
    char* end = NULL;
    const double v = strtod(f->valuestring, &end);
    if (end != f->valuestring && *end == '\0' && isfinite(v)) {
      cmd->fvalue = v;
    }
  }
  const cJSON* s = cJSON_GetObjectItemCaseSensitive(root, "sValue");
  const char* sv = cJSON_IsString(s) && s->valuestring ? s->valuestring : "";
  size_t n = strlen(sv);
  if (n > HOST_CMD_SVALUE_MAX) {
    return JAM_ERR_PARSE;
  }
  cmd->svalue = malloc(n + 1);
  if (!cmd->svalue) {
    return JAM_ERR_NO_MEMORY;
  }
  memcpy(cmd->svalue, sv, n + 1);
  return JAM_SUCCESS;
}

JamStatus
host_cmd_parse(const char* const text, const size_t len, HostCmd* const cmd)
{
  memset(cmd, 0, sizeof *cmd);
  if (!text) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  cJSON* root = cJSON_ParseWithLength(text, len);
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    return JAM_ERR_PARSE;
  }
  JamStatus st;
  const cJSON* msg = cJSON_GetObjectItemCaseSensitive(root, "message");
  if (cJSON_IsString(msg) && msg->valuestring) {
    cJSON* inner = cJSON_Parse(msg->valuestring);
    st = cJSON_IsObject(inner) ? parse_object(inner, cmd) : JAM_ERR_PARSE;
    cJSON_Delete(inner);
  } else {
    st = parse_object(root, cmd);
  }
  cJSON_Delete(root);
  if (st != JAM_SUCCESS) {
    host_cmd_clear(cmd);
  }
  return st;
}

void
host_cmd_clear(HostCmd* const cmd)
{
  if (cmd) {
    free(cmd->svalue);
    memset(cmd, 0, sizeof *cmd);
  }
}

const char*
host_cmd_refusal(const int32_t param)
{
  switch (param) {
  case HOST_CMD_RANDOM_COMMAND:
    return "RandomCommand (1004) would run an arbitrary program: refused";
  case HOST_CMD_SET_AUDIO_INPUT:
  case HOST_CMD_SET_AUDIO_OUTPUT:
    return "SetAudioInput/Output (1000/1001) write files on the unit: refused; use the JACK "
           "configuration";
  case HOST_CMD_LIST_AUDIO_CONFIG:
    return "ListAudioConfig (1002) runs external programs: not supported";
  case HOST_CMD_CHECK_FOR_UPDATE:
    return "CheckForUpdate (1003) exits the process: refused; update through the package manager";
  case HOST_CMD_REBOOT_DEVICE:
  case HOST_CMD_SHUTDOWN_DEVICE:
    return "Reboot/ShutdownDevice (9998/9999) exit the process: refused";
  case HOST_CMD_STOP_AUDIO:
    return "StopAudio (10000): refused; stop the service instead";
  case HOST_CMD_MASTER_VOL:
  case HOST_CMD_ROOM_CHANGE:
  case HOST_CMD_DISCONNECT:
  case HOST_CMD_GET_CONFIG_JSON:
  case HOST_CMD_SET_EFFECT_CONFIG:
  case HOST_CMD_INSERT_PEDAL:
  case HOST_CMD_DELETE_PEDAL:
  case HOST_CMD_MOVE_PEDAL:
  case HOST_CMD_LOAD_BOARD:
  case HOST_CMD_TUNE_CHANNEL:
  case HOST_CMD_SET_FADER:
  case HOST_CMD_MUTE_TO_ROOM:
  case HOST_CMD_KEEP_ALIVE:
  case HOST_CMD_CHANNEL_MUTE:
  case HOST_CMD_CHANNEL_GAIN:
  case HOST_CMD_METRONOME_GAIN:
  case HOST_CMD_METRONOME_MUTE:
  case HOST_CMD_GET_PEDAL_TYPES:
  case HOST_CMD_SET_UPDATE_INTERVAL:
    return NULL;
  default:
    break;
  }
  if (param >= 0 && param <= 13) {
    return NULL; // deprecated ChanGain1..14: channel gain by number
  }
  return "unknown or unsupported command";
}

int
host_cmd_update_interval_ms(const int64_t requested)
{
  if (requested < 0 || requested > 2000) {
    return 2000;
  }
  return requested < 150 ? 150 : (int)requested;
}
