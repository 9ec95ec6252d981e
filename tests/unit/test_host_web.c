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
  RUN(web_root_takes_the_given_directory_else_one_holding_index_html);
  return jam_test_summary();
}
