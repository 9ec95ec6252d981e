#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-export on takes written here byte by byte (rtjam_rust_spec.md §4.10: 28-byte header,
# NumAudioChunks x 32 bytes of audio): a clean 1-s take exports 48000 frames per player, exact
# to the sample; a sender's wild sequence jump (2^31 - 1 packets ahead) is left out and counted
# instead of placing its audio 2^31 packets later (a 2-TB sparse mix file); a take whose
# ServerTimes span more than 48 h is refused; a cut take exports what came before.
. "$(dirname "$0")/../lv2/lib.sh"

EXPORT="$RTJAM_BIN/rtjam-export"
# take FILE SPEC...: writes a take. Each SPEC is id:seq:server_time_us (128 frames, a ramp).
take() {
  python3 - "$@" <<'PY'
import struct, sys
out = open(sys.argv[1], "wb")
for spec in sys.argv[2:]:
    cid, seq, t = (int(x) for x in spec.split(":"))
    frames = 128
    audio = b"".join(struct.pack(">H", (32768 + 100 * ch + (seq * frames + i) % 1000) & 0xffff)
                     for ch in range(2) for i in range(frames))
    hdr = struct.pack(">BBBBQQII", 1, 0, len(audio) // 32, 0, t, 0, cid, seq)
    out.write(hdr + audio)
PY
}

# A clean take: one player, 375 packets of 128 frames (1 s), ServerTime 2.667 ms apart.
specs=()
for ((k = 0; k < 375; k++)); do specs+=("7:$k:$((1000000 + k * 8000 / 3))"); done
take "$T_TMP/clean.dmp" "${specs[@]}"
"$EXPORT" -q -o "$T_TMP" -n clean "$T_TMP/clean.dmp" 2>"$T_TMP/clean.err"
check "a clean take exports (status $?)" test -f "$T_TMP/clean-7-ch1.wav"
size=$(stat -c %s "$T_TMP/clean-7-ch1.wav" 2>/dev/null || echo 0)
check "player 7's channel 1 holds 375 x 128 = 48000 frames ($(( (size - 44) / 2 )))" \
  test "$size" -eq $((44 + 48000 * 2))
first=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read()[44:48]; print(struct.unpack("<2h",d))' "$T_TMP/clean-7-ch1.wav")
check "its first samples are the codes sent, minus 32768 ($first)" test "$first" = "(0, 1)"

# The same take with one packet whose sequence number jumps 2^31 - 1 ahead (the most a
# forward jump can be; more reads as a reordered packet from before the first).
take "$T_TMP/wild.dmp" "${specs[@]}" "7:2147483647:2000000"
"$EXPORT" -q -o "$T_TMP" -n wild "$T_TMP/wild.dmp" 2>"$T_TMP/wild.err"
rc=$?
mix=$(stat -c %s "$T_TMP/wild-mix.wav" 2>/dev/null || echo -1)
alloc=$(du -k "$T_TMP/wild-mix.wav" 2>/dev/null | cut -f1)
check "a wild sequence jump exports (status $rc) at the take's length: mix $mix bytes (48000 frames x 8 + 44)" \
  test "$rc" -eq 0 -a "$mix" -eq $((44 + 48000 * 8))
check "and says so: $(cat "$T_TMP/wild.err")" grep -q "1 packets left out" "$T_TMP/wild.err"
echo "     (mix file: $alloc KiB on disk)"

# ServerTimes 49 h apart: not a take.
take "$T_TMP/span.dmp" "7:0:1000000" "7:1:$((1000000 + 49 * 3600 * 1000000))"
"$EXPORT" -q -o "$T_TMP" -n span "$T_TMP/span.dmp" 2>"$T_TMP/span.err"
rc=$?
check "a take spanning 49 h is refused (status $rc): $(cat "$T_TMP/span.err")" \
  test "$rc" -ne 0 -a ! -e "$T_TMP/span-mix.wav"

# A take cut in the middle of a packet: what came before is exported, and the cut is reported.
head -c $((10 * 540 + 100)) "$T_TMP/clean.dmp" >"$T_TMP/cut.dmp"
"$EXPORT" -q -o "$T_TMP" -n cut "$T_TMP/cut.dmp" 2>"$T_TMP/cut.err"
rc=$?
size=$(stat -c %s "$T_TMP/cut-7-ch1.wav" 2>/dev/null || echo 0)
check "a cut take exports its 10 whole packets (status $rc, $(( (size - 44) / 2 )) frames)" \
  test "$rc" -eq 0 -a "$size" -eq $((44 + 1280 * 2))
check "and reports the cut: $(head -c 150 "$T_TMP/cut.err")" grep -q "cut or corrupt after packet 10" "$T_TMP/cut.err"
finish
