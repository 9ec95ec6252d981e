// SPDX-License-Identifier: ISC
/// rtjam-loadgen --stalls: measures how often this machine takes the CPU away from a thread
/// that never sleeps (a hypervisor running another guest on the vCPU, an interrupt storm, a
/// non-preemptible kernel section), the floor under any real-time thread's p99 latency here.

#ifndef LOADGEN_STALLS_H
#define LOADGEN_STALLS_H

/// Spins for `seconds` on the calling thread, reading CLOCK_MONOTONIC back to back, and prints
/// the gaps between two reads: how many exceeded 50 µs, 200 µs and 1 ms, the longest, and the
/// share of the time lost in gaps over 50 µs. @return the process exit status
int
loadgen_stalls(double seconds);

#endif // LOADGEN_STALLS_H
