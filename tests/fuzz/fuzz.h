// SPDX-License-Identifier: ISC
/// Shared helpers of the libFuzzer targets: a cursor that takes typed values off the input.
/// Every target defines LLVMFuzzerTestOneInput; the libFuzzer driver (clang -fsanitize=fuzzer)
/// supplies main(). See tests/fuzz/README.md.

#ifndef JAM_FUZZ_H
#define JAM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/// The fuzzer's bytes, consumed front to back; reads past the end give zeros.
typedef struct {
  const uint8_t* p; ///< next byte
  size_t n;         ///< bytes left
} FuzzIn;

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static inline uint8_t
fuzz_u8(FuzzIn* const in)
{
  if (!in->n) {
    return 0;
  }
  --in->n;
  return *in->p++;
}

static inline uint16_t
fuzz_u16(FuzzIn* const in)
{
  const uint16_t hi = fuzz_u8(in);
  return (uint16_t)(hi << 8 | fuzz_u8(in));
}

static inline uint32_t
fuzz_u32(FuzzIn* const in)
{
  const uint32_t hi = fuzz_u16(in);
  return hi << 16 | fuzz_u16(in);
}

/// Up to `max` bytes (fewer if the input runs out); returns the count and sets *out.
static inline size_t
fuzz_bytes(FuzzIn* const in, size_t max, const uint8_t** const out)
{
  const size_t k = max < in->n ? max : in->n;
  *out = in->p;
  in->p += k;
  in->n -= k;
  return k;
}

#endif // JAM_FUZZ_H
