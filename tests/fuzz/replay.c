// SPDX-License-Identifier: ISC
// A main() for a libFuzzer harness built without libFuzzer (gcc, any sanitizer): runs each file
// named on the command line through LLVMFuzzerTestOneInput once. A crash or a sanitizer report
// ends the process; otherwise it prints "N passed, 0 failed".

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char** argv)
{
  int passed = 0;
  int failed = 0;
  for (int i = 1; i < argc; ++i) {
    FILE* f = fopen(argv[i], "rb");
    if (!f) {
      fprintf(stderr, "replay: open %s failed\n", argv[i]);
      ++failed;
      continue;
    }
    static uint8_t buf[1 << 20];
    const size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    // A copy of exactly n bytes, so ASan sees reads past the end of the input.
    uint8_t* const copy = malloc(n ? n : 1);
    if (!copy) {
      return 2;
    }
    memcpy(copy, buf, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    ++passed;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
