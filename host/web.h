// SPDX-License-Identifier: ISC
/// rtjam-host's web page: the control UI (web/index.html, app.js, style.css) served over HTTP
/// on the websocket's port, from one directory only (the web root), and its URL. Which pages may
/// open the websocket is common/ws_access.h's. See docs/host.md "Web page".

#ifndef HOST_WEB_H
#define HOST_WEB_H

#include <stddef.h>

/// Where the page's files are: `opt_root` when given (--web-root, config "webRoot"); else the
/// source tree's web/ when this binary is the one built in the tree (running from build/);
/// else the installed $(PREFIX)/share/rtjam/web; else the source tree's web/. A directory is
/// taken only when it holds index.html (except `opt_root`, which is taken as given).
/// @return 0 with the directory in out, or −1 when none was found (out is "")
int
host_web_root(const char* opt_root, char* out, size_t size);

/// The page's URL for a bind address and port, with ?token= when a token is set, the token
/// percent-encoded (every byte but A-Z a-z 0-9 - . _ ~: "a+b/c=" is a%2Bb%2Fc%3D, since a bare
/// '+' reads back as a space). A wildcard bind (0.0.0.0, "") names the machine: HOSTNAME.local.
void
host_web_url(const char* bind, int port, const char* token, char* out, size_t size);

#endif // HOST_WEB_H
