// SPDX-License-Identifier: ISC
/// rtjam-loadgen --floor: measures the kernel's CPU cost per UDP datagram sent and received on
/// this machine, the floor under any forwarder's cost per forwarded packet.

#ifndef LOADGEN_FLOOR_H
#define LOADGEN_FLOOR_H

/// Runs the measurement and prints it. @return the process exit status
int
loadgen_floor(void);

#endif // LOADGEN_FLOOR_H
