// SPDX-License-Identifier: ISC
// rtjam-host's web page (host/web.c): where its files are found and the URL the host logs.

#include "host/web.h"

#include "check.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
the_url_names_the_bind_address_or_the_machine_and_carries_the_token(void)
{
  char url[512];
  host_web_url("127.0.0.1", 9090, "", url, sizeof url);
  CHECK(!strcmp(url, "http://127.0.0.1:9090/"), "%s", url);
  host_web_url("192.168.1.2", 8000, "s3cret", url, sizeof url);
  CHECK(!strcmp(url, "http://192.168.1.2:8000/?token=s3cret"), "%s", url);
  host_web_url("0.0.0.0", 9090, "t", url, sizeof url);
  CHECK(!strncmp(url, "http://", 7) && strstr(url, ":9090/?token=t") && !strstr(url, "0.0.0.0"),
        "%s", url);
}

// Regression: the token went into the URL as it is, and a '+' in it (31 % of the tokens of the
// docs' old `base64` recipe) came back from libwebsockets and the page's URLSearchParams as a
// space, so the page could never connect. Now every byte but the unreserved ones is escaped.
static void
the_token_in_the_url_is_percent_encoded(void)
{
  char url[512];
  host_web_url("127.0.0.1", 9090, "a+b/c=", url, sizeof url);
  CHECK(!strcmp(url, "http://127.0.0.1:9090/?token=a%2Bb%2Fc%3D"), "%s", url);
  host_web_url("127.0.0.1", 9090, "A-z_0.9~ %&#?\xc3\xa9", url, sizeof url);
  CHECK(!strcmp(url, "http://127.0.0.1:9090/?token=A-z_0.9~%20%25%26%23%3F%C3%A9"), "%s", url);
  // the longest token (127 bytes, every one escaped) fits whole
  char token[128];
  memset(token, '+', sizeof token - 1);
  token[sizeof token - 1] = '\0';
  char big[1024];
  host_web_url("127.0.0.1", 9090, token, big, sizeof big);
  CHECK_INT((int)strlen(big), (int)strlen("http://127.0.0.1:9090/?token=") + 3 * 127);
  CHECK(!strcmp(big + strlen(big) - 6, "%2B%2B"), "%s", big);
}

static void
web_root_takes_the_given_directory_else_one_holding_index_html(void)
{
  char out[1024];
  CHECK_INT(host_web_root("/srv/given", out, sizeof out), 0);
  CHECK(!strcmp(out, "/srv/given"), "%s", out);
  // Without one: some directory holding index.html (this build's web/), or none.
  if (host_web_root(NULL, out, sizeof out) == 0) {
    char index[1100];
    snprintf(index, sizeof index, "%s/index.html", out);
    CHECK_INT(access(index, R_OK), 0);
  } else {
    CHECK_INT((int)strlen(out), 0);
  }
}

int
main(void)
{
  RUN(the_url_names_the_bind_address_or_the_machine_and_carries_the_token);
  RUN(the_token_in_the_url_is_percent_encoded);
  RUN(web_root_takes_the_given_directory_else_one_holding_index_html);
  return jam_test_summary();
}
