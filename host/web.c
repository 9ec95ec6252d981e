// SPDX-License-Identifier: ISC
// rtjam-host's web page: where its files are, its URL. See web.h.

#include "host/web.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Set by mk/host.mk for this file only: the installed page, the source tree's page, and the
// directory the build puts this binary in.
#ifndef RTJAM_WEB_DIR
#define RTJAM_WEB_DIR "/usr/local/share/rtjam/web"
#endif
#ifndef RTJAM_SRC_WEB_DIR
#define RTJAM_SRC_WEB_DIR ""
#endif
#ifndef RTJAM_BUILD_BIN_DIR
#define RTJAM_BUILD_BIN_DIR ""
#endif

static int
has_index(const char* dir)
{
  char path[PATH_MAX];
  const int n = snprintf(path, sizeof path, "%s/index.html", dir);
  return dir[0] && n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

// 1 when this process runs the binary the build tree holds.
static int
running_from_build_tree(void)
{
  char exe[PATH_MAX], bin[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0 || !RTJAM_BUILD_BIN_DIR[0] || !realpath(RTJAM_BUILD_BIN_DIR, bin)) {
    return 0;
  }
  exe[n] = '\0';
  char* slash = strrchr(exe, '/');
  if (slash) {
    *slash = '\0';
  }
  return !strcmp(exe, bin);
}

int
host_web_root(const char* const opt_root, char* const out, const size_t size)
{
  const char* dir = NULL;
  if (opt_root && opt_root[0]) {
    dir = opt_root;
  } else if (running_from_build_tree() && has_index(RTJAM_SRC_WEB_DIR)) {
    dir = RTJAM_SRC_WEB_DIR;
  } else if (has_index(RTJAM_WEB_DIR)) {
    dir = RTJAM_WEB_DIR;
  } else if (has_index(RTJAM_SRC_WEB_DIR)) {
    dir = RTJAM_SRC_WEB_DIR;
  }
  snprintf(out, size, "%s", dir ? dir : "");
  return dir ? 0 : -1;
}

// `in` percent-encoded into out (RFC 3986: every byte but the unreserved A-Z a-z 0-9 - . _ ~),
// so that a URL query reads back the same: libwebsockets and URLSearchParams decode '+' as a
// space. Truncated to whole escapes when out is short.
static void
percent_encode(const char* in, char* const out, const size_t size)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t n = 0;
  for (; *in; ++in) {
    const unsigned char c = (unsigned char)*in;
    const int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (n + (plain ? 1 : 3) >= size) {
      break;
    }
    if (plain) {
      out[n++] = (char)c;
    } else {
      out[n++] = '%';
      out[n++] = hex[c >> 4];
      out[n++] = hex[c & 15];
    }
  }
  out[n] = '\0';
}

void
host_web_url(const char* const bind, const int port, const char* const token, char* const out,
             const size_t size)
{
  char query[3 * 128 + 8] = "";
  if (token && token[0]) {
    memcpy(query, "?token=", 8);
    percent_encode(token, query + 7, sizeof query - 7);
  }
  char name[256] = "";
  if (!bind || !bind[0] || !strcmp(bind, "0.0.0.0")) {
    if (gethostname(name, sizeof name - 8) || !name[0]) {
      snprintf(name, sizeof name, "localhost");
    } else if (!strchr(name, '.')) {
      strcat(name, ".local");
    }
  } else {
    snprintf(name, sizeof name, "%s", bind);
  }
  snprintf(out, size, "http://%s:%d/%s", name, port, query);
}
