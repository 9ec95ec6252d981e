#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""restrict_af.py "AF_INET AF_INET6 ..." CMD [ARG...]

Runs CMD with socket() refused (EAFNOSUPPORT, errno 97) for every address family not listed,
the way systemd's RestrictAddressFamilies= does it: a seccomp filter on socket()'s first
argument (systemd.exec(5)), so that tests/integration/deploy_units.sh can try a binary in a
unit's sandbox without systemd. Linux only; little-endian (x86_64, aarch64)."""
import ctypes
import errno
import os
import socket
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]
OFF_NR, OFF_ARG0 = 0, 16
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
NR_SOCKET = {"x86_64": 41, "aarch64": 198, "armv7l": 281, "i686": 359}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    nr = NR_SOCKET.get(os.uname().machine)
    if nr is None:
        sys.exit("restrict_af.py: unknown socket() number on " + os.uname().machine)
    fams = [int(getattr(socket, name)) for name in sys.argv[1].split()]
    ins = [(BPF_LD_W_ABS, 0, 0, OFF_NR), (BPF_JEQ_K, 0, len(fams) + 2, nr),
           (BPF_LD_W_ABS, 0, 0, OFF_ARG0)]
    for i, fam in enumerate(fams):  # a match jumps to the final ALLOW
        ins.append((BPF_JEQ_K, len(fams) - i, 0, fam))
    ins += [(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.EAFNOSUPPORT),
            (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW)]
    code = b"".join(struct.pack("=HBBI", *i) for i in ins)
    buf = ctypes.create_string_buffer(code, len(code))

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Prog(len(ins), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        sys.exit("restrict_af.py: seccomp: " + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    main()
