#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Frees the JACK shm-registry slots of servers whose process is gone.

jackd2 keeps at most 8 servers in /dev/shm/jack-shm-registry and reclaims a slot only when a
server of the *same name* starts again. Test servers with unique names that were killed with
SIGKILL leave their slot behind, and after 8 of them no jackd can start ("Too many servers
already active"). This clears only the slots whose pid no longer exists, under the registry's
own SysV semaphore lock (key 0x282929, as jackd does). Prints how many slots it freed.
"""
import ctypes
import errno
import os
import struct
import sys

REGISTRY = "/dev/shm/jack-shm-registry"
SEM_KEY = 0x282929
MAX_SERVERS = 8
FIRST = 24  # offset of server[0] in jack_shm_header_t (magic, protocol, size, hdr_len, entry_len)
ENTRY = 264  # pid_t pid; char name[256]; padding


class SemBuf(ctypes.Structure):
    _fields_ = [("sem_num", ctypes.c_ushort), ("sem_op", ctypes.c_short), ("sem_flg", ctypes.c_short)]


def dead(pid):
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.ESRCH
    return False


def main():
    try:
        f = open(REGISTRY, "r+b")
    except OSError:
        print(0)
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    semid = libc.semget(SEM_KEY, 1, 0)
    undo = 0x1000  # SEM_UNDO
    if semid >= 0:
        libc.semop(semid, ctypes.byref(SemBuf(0, -1, undo)), 1)
    freed = 0
    try:
        head = f.read(FIRST + MAX_SERVERS * ENTRY)
        if head[:4] != b"KCAJ":
            print(0)
            return 0
        for i in range(MAX_SERVERS):
            off = FIRST + i * ENTRY
            pid = struct.unpack_from("<i", head, off)[0]
            if pid > 0 and dead(pid):
                f.seek(off)
                f.write(b"\0" * (4 + 256))
                freed += 1
        f.flush()
    finally:
        if semid >= 0:
            libc.semop(semid, ctypes.byref(SemBuf(0, 1, undo)), 1)
        f.close()
    print(freed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
