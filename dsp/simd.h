// SPDX-License-Identifier: ISC
/// Compiler hints for the hot loops of dsp/.
///
/// DSP_SIMD_CLONES: put before a block loop that -O2 vectorises (a filter over a block, a
/// curve over a buffer) to also compile it for AVX2 with FMA (x86-64-v3) and for AVX-512
/// (x86-64-v4) and pick the version once, at load time, from the CPU (GCC's target_clones, an
/// ifunc). The AVX2 clone works on 8 floats (4 doubles) per instruction instead of SSE2's 4,
/// the AVX-512 one on 16 (8), with the same IEEE operations in the same order (ISO C mode,
/// -std=c11, leaves -ffp-contract off: no FMA contraction even where the target has FMA), so
/// every version gives the same output bit for bit; the one exception is a function marked
/// DSP_FP_CONTRACT below (dsp/halfband.h's block filters), whose v3 and v4 clones fuse
/// multiply-adds. The AVX-512 clone is for the ADAA runs of dsp/clip.h (4-5 % on the
/// distortions here).
///
/// x86-64 with GCC only: elsewhere (aarch64 has NEON in its base ISA) and with clang 14 (which
/// gives every translation unit's resolver the same global name) it expands to nothing.

#ifndef DSP_SIMD_H
#define DSP_SIMD_H

// Not under ThreadSanitizer: an ifunc resolver runs before its runtime is set up, and every
// program with a clone crashed at start (make check SANITIZE=thread, exit 139).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute) && \
    !defined(__SANITIZE_THREAD__)
#if __has_attribute(target_clones)
#define DSP_SIMD_CLONES                                                                            \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
#endif

#ifndef DSP_SIMD_CLONES
#define DSP_SIMD_CLONES
#endif

/// DSP_FP_CONTRACT: lets GCC fuse a multiply and an add into one FMA instruction in this
/// function, where the code runs with FMA (aarch64; x86 in the x86-64-v3 and v4 clones above,
/// or a build for an FMA target). For a recursion bound by its latency (dsp/halfband.h), and
/// only where the same function's per-sample twin fuses the same operations itself. Clang
/// contracts within an expression by default and has no such attribute: nothing there.
#if defined(__GNUC__) && !defined(__clang__)
#define DSP_FP_CONTRACT __attribute__((optimize("fp-contract=fast")))
#else
#define DSP_FP_CONTRACT
#endif

/// DSP_ALWAYS_INLINE: for a per-sample function taking a selector (a clip shape) that callers
/// pass as a constant inside a switch, so that each case's loop gets its own copy with the
/// selector's own switches folded away (GCC and clang; elsewhere plain inline).
#if defined(__GNUC__) || defined(__clang__)
#define DSP_ALWAYS_INLINE __attribute__((always_inline))
#else
#define DSP_ALWAYS_INLINE
#endif

#endif // DSP_SIMD_H
