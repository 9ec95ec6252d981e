// SPDX-License-Identifier: ISC
// The version is given only to this file (-DRTJAM_VERSION from the Makefile), so that a new
// commit recompiles one object and relinks, instead of recompiling everything.

#include "version.h"

#ifndef RTJAM_VERSION
#error "RTJAM_VERSION must be defined by the build (see the Makefile's VERSION)"
#endif

const char*
jam_version(void)
{
  return RTJAM_VERSION;
}
