// SPDX-License-Identifier: ISC
/// Real-time markers and helpers for code that runs on an audio thread.

#ifndef JAM_RT_H
#define JAM_RT_H

/// Marks a function that runs on an audio thread (JACK process callback, LV2 run()):
/// it must not allocate, lock, log, resolve names or block. clang >= 20 checks it.
#if defined(__clang__) && defined(__clang_major__) && __clang_major__ >= 20
#define JAM_REALTIME __attribute__((nonblocking))
#else
#define JAM_REALTIME
#endif

/// Sets flush-to-zero (and denormals-are-zero where the CPU has it) for the calling thread.
/// Call it from the audio thread itself: the FP control register is per thread.
static inline void
jam_rt_flush_denormals(void)
{
#if defined(__SSE__)
  unsigned int csr = __builtin_ia32_stmxcsr();
  csr |= 0x8040u; /* FTZ (bit 15) | DAZ (bit 6) */
  __builtin_ia32_ldmxcsr(csr);
#elif defined(__aarch64__)
  unsigned long fpcr = 0;
  __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
  __asm__ volatile("msr fpcr, %0" ::"r"(fpcr | (1UL << 24)));
#elif defined(__arm__) && defined(__ARM_FP)
  unsigned int fpscr = 0;
  __asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
  __asm__ volatile("vmsr fpscr, %0" ::"r"(fpscr | (1U << 24)));
#endif
}

#endif // JAM_RT_H
