// SPDX-License-Identifier: ISC
/// Levelled logging to stderr for non-real-time code. Never call it from an audio thread.

#ifndef JAM_LOG_H
#define JAM_LOG_H

#include <stddef.h>

/// Log levels, most severe first.
typedef enum {
  JAM_LOG_ERROR = 0, ///< something failed and was not recovered
  JAM_LOG_WARN,      ///< something failed and was recovered, or looks wrong
  JAM_LOG_INFO,      ///< one line per meaningful event (join, leave, start, stop)
  JAM_LOG_DEBUG,     ///< detail for developers
} JamLogLevel;

/// Sets the most verbose level that is printed (default JAM_LOG_INFO, or $RTJAM_LOG).
void
jam_log_set_level(JamLogLevel level);

/// Parses "error", "warn", "info" or "debug"; returns 0 on success, -1 if unknown.
int
jam_log_parse_level(const char* name, JamLogLevel* level);

/// Returns whether a message at this level would be printed.
int
jam_log_enabled(JamLogLevel level);

/// A text from outside (a command, a reason quoting one) as a log line may show it: text[0..len),
/// up to a NUL, cut to cap - 1 bytes, with each control character (bytes below 0x20, and 0x7f)
/// replaced by '?', so that a decoded "\n" or an escape sequence cannot forge log lines.
void
jam_log_printable(const char* text, size_t len, char* out, size_t cap);

/// Prints "TIME LEVEL message" to stderr, if level is enabled. Thread-safe (one write per line).
void
jam_log(JamLogLevel level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

#endif // JAM_LOG_H
