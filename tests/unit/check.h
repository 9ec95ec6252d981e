// SPDX-License-Identifier: ISC
/// Minimal test harness: CHECK macros that print file:line with expected and actual,
/// one test function per behaviour, and a closing "N passed, N failed" line.
/// Include once per test program; the counters live in that program.

#ifndef JAM_TEST_CHECK_H
#define JAM_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int jam_test_checks_failed; ///< failed CHECKs in the current test function
static int jam_tests_passed;       ///< test functions with no failed CHECK
static int jam_tests_failed;       ///< test functions with at least one failed CHECK
static int jam_tests_skipped;      ///< tests that could not run here, each with its reason

/// Fails the current test (and keeps going) when cond is false. Unaffected by NDEBUG.
#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond);                             \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      ++jam_test_checks_failed;                                                                    \
    }                                                                                              \
  } while (0)

/// Integer equality, printing both values.
#define CHECK_INT(actual, expected)                                                                \
  do {                                                                                             \
    const long long jam_a_ = (long long)(actual);                                                  \
    const long long jam_e_ = (long long)(expected);                                                \
    CHECK(jam_a_ == jam_e_, "expected %lld, got %lld", jam_e_, jam_a_);                            \
  } while (0)

/// |actual - expected| <= tol, printing both values.
#define CHECK_NEAR(actual, expected, tol)                                                          \
  do {                                                                                             \
    const double jam_a_ = (double)(actual);                                                        \
    const double jam_e_ = (double)(expected);                                                      \
    CHECK(fabs(jam_a_ - jam_e_) <= (double)(tol), "expected %.9g ± %g, got %.9g", jam_e_,          \
          (double)(tol), jam_a_);                                                                  \
  } while (0)

/// Byte-for-byte equality of two buffers, reporting the first differing offset.
#define CHECK_BYTES(actual, expected, n)                                                           \
  do {                                                                                             \
    const unsigned char* jam_a_ = (const unsigned char*)(actual);                                  \
    const unsigned char* jam_e_ = (const unsigned char*)(expected);                                \
    size_t jam_i_ = 0;                                                                             \
    while (jam_i_ < (size_t)(n) && jam_a_[jam_i_] == jam_e_[jam_i_]) {                             \
      ++jam_i_;                                                                                    \
    }                                                                                              \
    CHECK(jam_i_ == (size_t)(n), "first difference at byte %zu: expected 0x%02x, got 0x%02x",      \
          jam_i_, jam_i_ < (size_t)(n) ? jam_e_[jam_i_] : 0u,                                      \
          jam_i_ < (size_t)(n) ? jam_a_[jam_i_] : 0u);                                             \
  } while (0)

/// Runs one test function and records whether it passed.
#define RUN(test_fn)                                                                               \
  do {                                                                                             \
    jam_test_checks_failed = 0;                                                                    \
    test_fn();                                                                                     \
    if (jam_test_checks_failed) {                                                                  \
      ++jam_tests_failed;                                                                          \
      fprintf(stderr, "FAIL %s\n", #test_fn);                                                      \
    } else {                                                                                       \
      ++jam_tests_passed;                                                                          \
      printf("ok   %s\n", #test_fn);                                                               \
    }                                                                                              \
  } while (0)

/// Declares that the test `name` cannot run here and why ("skip: NAME: REASON", which
/// tests/run.sh lists in the suite's closing report). Call it instead of RUN for that test.
static inline void
jam_test_skip(const char* name, const char* reason)
{
  ++jam_tests_skipped;
  printf("skip: %s: %s\n", name, reason);
}

/// Prints the closing line; returns the process exit status. A program that ends without
/// calling it (a crash, an exit() midway) has no closing line, and tests/run.sh fails it.
static inline int
jam_test_summary(void)
{
  if (jam_tests_skipped) {
    printf("%d passed, %d failed, %d skipped\n", jam_tests_passed, jam_tests_failed,
           jam_tests_skipped);
  } else {
    printf("%d passed, %d failed\n", jam_tests_passed, jam_tests_failed);
  }
  fflush(stdout);
  return jam_tests_failed ? 1 : 0;
}

#endif // JAM_TEST_CHECK_H
