// SPDX-License-Identifier: ISC
// The version is given only to this file (-DRTJAM_VERSION from the Makefile), so that a new
// commit recompiles one object and relinks, instead of recompiling everything.

#include "version.h"

#ifndef RTJAM_VERSION // the Makefile always defines it; this is for tools that read the file alone
#define RTJAM_VERSION "unknown"
#endif

const char*
jam_version(void)
{
  return RTJAM_VERSION;
}

#ifndef RTJAM_GIT_HASH
#define RTJAM_GIT_HASH RTJAM_VERSION
#endif

const char*
jam_git_hash(void)
{
  return RTJAM_GIT_HASH;
}
