# SPDX-License-Identifier: ISC
"""An independent rtjam protocol peer for the server's integration tests.

Written from the wire-format description (rtjam_rust_spec.md section 2) and the server's
documented behaviour (docs/server.md), not from the C sources: its own header codec, its own
float <-> u16 sample conversion, its own real-time packet pump. Python 3 standard library only.

Wire format v1, all integers big-endian:
    0  u8  Channel (0)            1  u8  SampleRate code (0 = 48 kHz)
    2  u8  NumAudioChunks = datagram bytes // 32
    3  u8  Beat (set by the server)
    4  u64 ServerTime (set by the server; clients echo the last one they received)
   12  u64 TimeStamp (client send time, us)
   20  u32 ClientId                24  u32 SequenceNumber
   28  N x u16 channel 1, then N x u16 channel 2 (planar)
"""

import json
import os
import random
import select
import socket
import struct
import sys
import time
from collections import deque

HEADER = struct.Struct(">BBBBQQII")
HEADER_SIZE = 28
MAX_DATAGRAM = 1024
SAMPLE_RATE = 48000

assert HEADER.size == HEADER_SIZE


# ---------------------------------------------------------------------------------------------
# Samples (spec 2.2): encode clips v + 1 to [0, 2] in float32 and truncates (v + 1) * 32766;
# NaN gives 0. Decode is code / 32768 - 1 in float32.

def f32(x):
    """Rounds a Python float to the nearest float32, as the original computes in f32."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def encode_sample(v):
    if v != v:  # NaN
        return 0
    s = f32(f32(v) + 1.0)
    if s > 2.0:
        s = 2.0
    if s < 0.0:
        s = 0.0
    return int(f32(s * 32766.0))  # int() truncates toward zero


def decode_sample(code):
    return f32(f32(code * f32(1.0 / 32768.0)) - 1.0)


# The table of spec 2.2: (float in, code).
SPEC_SAMPLE_TABLE = [
    (-1.0, 0), (float("nan"), 0), (-0.5, 16383), (-0.25, 24574), (-0.00001, 32765),
    (0.0, 32766), (0.25, 40957), (0.5, 49149), (0.6, 52425), (1.0, 65532), (2.0, 65532),
]


# ---------------------------------------------------------------------------------------------
# Packets

def encode_packet(client_id, seq, echo_server_time, client_time, ch1, ch2):
    """A whole datagram: header (chunks computed from the size) and planar u16 audio."""
    frames = len(ch1)
    assert len(ch2) == frames
    size = HEADER_SIZE + 4 * frames
    header = HEADER.pack(0, 0, (size // 32) & 0xFF, 0, echo_server_time & (2**64 - 1),
                         client_time & (2**64 - 1), client_id & 0xFFFFFFFF, seq & 0xFFFFFFFF)
    audio = struct.pack(">%dH" % (2 * frames), *[encode_sample(v) for v in list(ch1) + list(ch2)])
    return header + audio


def encode_packet_raw(client_id, seq, echo_server_time, client_time, audio_bytes):
    """A datagram with the given audio bytes (the pump uses precomputed audio for speed)."""
    size = HEADER_SIZE + len(audio_bytes)
    return HEADER.pack(0, 0, (size // 32) & 0xFF, 0, echo_server_time, client_time,
                       client_id, seq & 0xFFFFFFFF) + audio_bytes


def is_valid_length(n):
    """Spec 2.3: at least 28 bytes, even; and no more than the 1024-byte buffer."""
    return HEADER_SIZE <= n <= MAX_DATAGRAM and n % 2 == 0


def decode_header(data):
    ch, rate, chunks, beat, server_time, client_time, cid, seq = HEADER.unpack_from(data, 0)
    return {"channel": ch, "sample_rate": rate, "chunks": chunks, "beat": beat,
            "server_time": server_time, "client_time": client_time, "client_id": cid,
            "seq": seq}


def decode_packet(data):
    """Returns (header dict, ch1 list, ch2 list), or None for an invalid datagram."""
    if not is_valid_length(len(data)):
        return None
    h = decode_header(data)
    frames = (len(data) - HEADER_SIZE) // 4
    codes = struct.unpack_from(">%dH" % (2 * frames), data, HEADER_SIZE)
    return h, [decode_sample(c) for c in codes[:frames]], [decode_sample(c) for c in codes[frames:]]


def wall_us():
    return time.time_ns() // 1000


def looks_like_server_time(value, tolerance_s=10.0):
    """True when a ServerTime is a wall-clock time near ours (server and peer share a host):
    the server's first reply to an unverified source carries a cookie instead (docs/server.md)."""
    return abs(value - wall_us()) < tolerance_s * 1e6


# ---------------------------------------------------------------------------------------------
# Peers

def udp_drops():
    """Kernel receive drops per local UDP port (/proc/net/udp{,6}: the last column): datagrams
    a busy machine dropped at a socket before its process read them."""
    out = {}
    for path in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    port = int(cols[1].rsplit(":", 1)[1], 16)
                    out[port] = out.get(port, 0) + int(cols[-1])
        except (OSError, ValueError, IndexError, StopIteration):
            pass
    return out


class Peer:
    """One client: a UDP socket, a client id, a sequence counter, and the ServerTime echo.

    echo_delay_s: echo a ServerTime only once it has been held that long (simulates a longer
                  round trip by a known amount; the server's latency must grow by it).
    echo: False makes a peer that never echoes (a spoofer that cannot see replies).
    plain_recv: connect the socket to the server and use plain send()/recv(), one datagram per
                call, as the original client does (no recvmmsg, no GRO).
    """

    def __init__(self, server, client_id, frames=128, bind_host=None, echo_delay_s=0.0,
                 echo=True, name=None, plain_recv=False):
        self.server = server
        family = socket.AF_INET6 if ":" in server[0] else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((bind_host or ("::1" if family == socket.AF_INET6 else "127.0.0.1"), 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.plain_recv = plain_recv
        if plain_recv:
            self.sock.connect(server)
        self.client_id = client_id
        self.frames = frames
        self.period = frames / SAMPLE_RATE
        self.echo_delay_s = echo_delay_s
        self.echo = echo
        self.name = name or "peer%d" % client_id
        self.seq = 0
        self.echoed = 0                  # ServerTime we put in our packets
        self.pending = deque()           # (monotonic receive time, ServerTime) awaiting delay
        self.sent = {}                   # seq -> bytes, for byte comparisons
        self.sent_count = 0
        self.sent_bytes = 0
        self.received = []               # (monotonic time, bytes)
        self.received_bytes = 0
        self.keep_sent = True
        self.active = True
        self.next_send = 0.0
        self.lateness = []               # (monotonic time, s late) of each sending turn
        rnd = random.Random(client_id)
        self.audio = [bytes(rnd.getrandbits(8) for _ in range(4 * frames)) for _ in range(4)]

    def close(self):
        self.sock.close()

    def _current_echo(self, now):
        if not self.echo:
            return 0
        while self.pending and now - self.pending[0][0] >= self.echo_delay_s:
            self.echoed = self.pending.popleft()[1]
        return self.echoed

    def send_one(self, now):
        data = encode_packet_raw(self.client_id, self.seq, self._current_echo(now), wall_us(),
                                 self.audio[self.seq % len(self.audio)])
        if self.plain_recv:
            self.sock.send(data)
        else:
            self.sock.sendto(data, self.server)
        if self.keep_sent:
            self.sent[self.seq] = data
        self.seq += 1
        self.sent_count += 1
        self.sent_bytes += len(data)

    def send_raw(self, data):
        self.sock.sendto(data, self.server)
        self.sent_count += 1
        self.sent_bytes += len(data)

    def drain(self, now):
        while True:
            try:
                if self.plain_recv:
                    data = self.sock.recv(65536)
                else:
                    data, _ = self.sock.recvfrom(65536)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionRefusedError:  # ICMP port unreachable on our socket
                continue
            self.received.append((now, data))
            self.received_bytes += len(data)
            if len(data) >= HEADER_SIZE:
                self.pending.append((now, decode_header(data)["server_time"]))
                if self.echo_delay_s == 0.0:
                    self.echoed = self.pending.pop()[1]
                    self.pending.clear()

    # What arrived --------------------------------------------------------------------------
    def echoes(self):
        """28-byte datagrams (the server's echoes to us)."""
        return [d for _, d in self.received if len(d) == HEADER_SIZE]

    def forwards(self):
        """Longer datagrams: other members' packets."""
        return [d for _, d in self.received if len(d) > HEADER_SIZE]

    def joined(self):
        """The server has answered with a real time: we are a member (see looks_like_server_time)."""
        return any(looks_like_server_time(decode_header(d)["server_time"])
                   for _, d in self.received[-50:] if len(d) >= HEADER_SIZE)


class Session:
    """Drives several peers in real time: each sends one packet per period; all receive."""

    def __init__(self, peers):
        self.peers = list(peers)

    def add(self, peer):
        self.peers.append(peer)

    def run(self, seconds, until=None):
        start = time.monotonic()
        end = start + seconds
        for i, p in enumerate(self.peers):
            if p.next_send < start:
                p.next_send = start + p.period * i / max(1, len(self.peers))
        while True:
            now = time.monotonic()
            if now >= end or (until is not None and until()):
                break
            for p in self.peers:
                if p.active:
                    # Catch up at most a few periods after a hiccup, as a real client would not
                    # send a burst of more than its buffered periods.
                    if p.next_send <= now:
                        p.lateness.append((now, now - p.next_send))  # how late this loop ran
                    if now - p.next_send > 4 * p.period:
                        p.next_send = now
                    while p.next_send <= now:
                        p.send_one(now)
                        p.next_send += p.period
            due = min([p.next_send for p in self.peers if p.active] + [end])
            timeout = max(0.0, min(due, end) - time.monotonic())
            ready, _, _ = select.select([p.sock for p in self.peers], [], [], timeout)
            now = time.monotonic()
            for p in self.peers:
                if p.sock in ready:
                    p.drain(now)
        self.settle(0.1)
        return time.monotonic() - start

    def settle(self, seconds):
        """Receives (without sending) for a while, so packets in flight arrive."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([p.sock for p in self.peers], [], [], left)
            now = time.monotonic()
            for p in self.peers:
                if p.sock in ready:
                    p.drain(now)

    def join_all(self, timeout=5.0):
        """Streams until every active peer is a member. Returns True on success."""
        self.run(timeout, until=lambda: all(p.joined() for p in self.peers if p.active))
        return all(p.joined() for p in self.peers if p.active)

    def fresh_status(self, path, timeout=10.0):
        """Keeps streaming (so members stay members) until the server writes a status file
        newer than now, and returns it. The server writes it every second; under ASan and CPU
        hogs its main thread has taken over 3 s, so the wait is generous."""
        since = wall_us()
        found = []
        last_check = [0.0]

        def poll():
            now = time.monotonic()
            if now - last_check[0] < 0.02:
                return False
            last_check[0] = now
            try:
                with open(path) as f:
                    doc = json.load(f)
            except (OSError, ValueError):
                return False
            if doc.get("time_us", 0) > since:
                found.append(doc)
                return True
            return False

        self.run(timeout, until=poll)
        if not found:
            raise RuntimeError("no fresh status in %s after %.1f s" % (path, timeout))
        return found[0]

    def reset_records(self):
        for p in self.peers:
            p.received = []
            p.received_bytes = 0
            p.sent = {}
            p.sent_count = 0
            p.sent_bytes = 0


# ---------------------------------------------------------------------------------------------
# Test bookkeeping and server status

class Checks:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print("ok   %s" % what, flush=True)
        else:
            self.failed += 1
            print("FAIL %s %s" % (what, detail), flush=True)
        return cond

    def skip(self, what, why):
        """A check that cannot run here, and why (tests/run.sh lists it)."""
        self.skipped += 1
        print("skip: %s: %s" % (what, why), flush=True)

    def summary(self):
        if self.skipped:
            print("%d passed, %d failed, %d skipped" % (self.passed, self.failed, self.skipped),
                  flush=True)
        else:
            print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 1 if self.failed else 0


def read_status(path, newer_than_us=0, timeout=3.0):
    """Waits for a status file written after newer_than_us (its time_us) and returns it."""
    end = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < end:
        try:
            with open(path) as f:
                doc = json.load(f)
            if doc.get("time_us", 0) > newer_than_us:
                return doc
        except (OSError, ValueError) as e:
            last_error = e
        time.sleep(0.05)
    raise RuntimeError("no fresh status in %s (%s)" % (path, last_error))


def room_of(status, port):
    for room in status["rooms"]:
        if room["port"] == port:
            return room
    return None


def member_by_client(room, client_id):
    for m in room["members"]:
        if m["client_id"] == client_id:
            return m
    return None


def env_port(name, default):
    return int(os.environ.get(name, default))


def log(msg):
    print("#", msg, file=sys.stderr, flush=True)
