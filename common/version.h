// SPDX-License-Identifier: ISC
/// The one version string every binary prints: `git describe` at build time, else VERSION.

#ifndef JAM_VERSION_H
#define JAM_VERSION_H

/// Returns the build's version, e.g. "0.1.0-g1fccdc4" or "0.1.2" (static storage).
const char*
jam_version(void);

/// Returns the commit the build comes from (`git rev-parse --short HEAD`, e.g. "1fccdc4"), or
/// the version when it was built outside a git tree (static storage). rtjam-nation gets it as
/// gitHash.
const char*
jam_git_hash(void);

#endif // JAM_VERSION_H
