#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-host in a room: a dummy JACK server (48 kHz, 64 frames), rtjam-broadcast and two hosts,
# A and B, driven only through their websockets. The test inserts, moves and deletes pedals,
# loads a board, sets a parameter and joins a room, then measures with jack_rec + sox:
#   - a 1 kHz tone into A's in_1 comes out of B's out_l at the tone's level (+-0.5 dB);
#   - levelEvent shows the levels and the room members with their latency;
#   - Boost Gain +12 dB on A raises B's output by 12 +- 0.5 dB;
#   - refused commands get a reason;
#   - a host given a server where nothing listens logs once, after 5 s, that the room does not
#     answer (levelEvent: connected true, rttMs 0), and A logs its room's first answer.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"

export JACK_DEFAULT_SERVER="rtjam-host-room-$$"
BASE=$((20100 + RANDOM % 400))
PORT=$BASE WS_A=$((BASE + 500)) WS_B=$((BASE + 501)) WS_N=$((BASE + 502)) DEAD=$((BASE + 1))

need jackd jack_wait jack_lsp jack_connect jack_rec jalv sox python3 || { finish; exit; }
start_jackd || { cat "$T_TMP/jackd.log"; not_ok "jackd starts"; finish; exit; }
start_server "$PORT"
start_tone sig && start_host hA "$WS_A" && start_host hB "$WS_B" ||
  { not_ok "the tone and both hosts start"; finish; exit; }
jack_connect sig:out hA:in_1
# N: a room at a UDP port where nothing listens (checked at the end, once 5 s have passed).
start_host hN "$WS_N" --server 127.0.0.1 --port "$DEAD" || not_ok "host N starts"

# Board edits on A, all through the websocket.
info=$(ws "$WS_A" \
  send '{"param":29,"iValue1":0,"iValue2":0,"sValue":"Tone Stack"}' expect pedalInfo 5 \
  send '{"param":29,"iValue1":0,"iValue2":9,"sValue":"Boost"}' expect pedalInfo 5 \
  send '{"param":31,"iValue1":0,"iValue2":1,"fValue":0}' expect pedalInfo 5 \
  send '{"param":30,"iValue1":0,"iValue2":1}' expect pedalInfo 5 | tail -n 1)
names=$(jq_py "$info" '",".join(e["name"] for e in d["pedalInfo"][0]["effects"])')
check "insert Tone Stack + Boost, move Boost first, delete Tone Stack: board 0 = [$names]" \
  test "$names" = "Boost"

# LoadBoard on A's board 0: a nation document with one Boost at 0 dB.
BOARD='{"id":77,"name":"Test","config":[{"index":0,"name":"Boost","settings":[{"index":0,"name":"bypass","value":false},{"index":1,"name":"Gain","value":0}]}]}'
cmd=$(python3 -c 'import json,sys; print(json.dumps({"param":32,"iValue1":0,"sValue":sys.argv[1]}))' "$BOARD")
info=$(ws "$WS_A" send "$cmd" expect pedalInfo 5)
check "LoadBoard installs board 77 with a Boost at 0 dB" test \
  "$(jq_py "$info" 'd["pedalInfo"][0]["boardId"], d["pedalInfo"][0]["effects"][0]["name"], d["pedalInfo"][0]["effects"][0]["settings"][1]["value"]')" = "(77, 'Boost', 0)"

# Join the room: A as 101, B as 202 (string numerics, as the spec allows).
ws "$WS_A" send "{\"param\":21,\"sValue\":\"127.0.0.1\",\"iValue1\":$PORT,\"iValue2\":101}" >/dev/null
ws "$WS_B" send "{\"param\":\"21\",\"sValue\":\"127.0.0.1\",\"iValue1\":\"$PORT\",\"iValue2\":\"202\"}" >/dev/null
ev=$(ws "$WS_B" send '{"param":1006,"iValue1":150}' \
  until 'ev["connected"] and any(p["clientId"] == 101 and p["level0"] > -40 for p in ev["players"])' 10)
check "B joins and hears A within 10 s (levelEvent after $(echo "$ev" | cut -d' ' -f1) s)" \
  test "${ev%% *}" != timeout
ev=${ev#* }
sleep 1
# The level recordings must run in real time: one with an xrun is taken again (record_clean),
# and when every one had xruns the level checks are skips with the counts.
room_xr=$(record_clean "$T_TMP/room.wav" 2 sig:out hB:out_l hB:out_r)
room_clean=$?
sig=$(rms_db "$T_TMP/room.wav" 1)
b_l=$(rms_db "$T_TMP/room.wav" 2)
b_r=$(rms_db "$T_TMP/room.wav" 3)
echo "     tone $sig dB RMS; B out_l $b_l, out_r $b_r (xruns in the recordings: $room_xr)"
if [ "$room_clean" -eq 0 ]; then
  check "A's tone reaches B's out_l at its level ($b_l vs $sig dB, +-0.5)" near "$b_l" "$sig" 0.5
  check "and B's out_r ($b_r vs $sig dB, +-0.5)" near "$b_r" "$sig" 0.5
else
  skip "A's tone at B's out_l and out_r at its level: every recording had xruns ($room_xr): this machine could not record in real time"
fi

# levelEvent: A's levels, B's room members with their latency.
evA=$(ws "$WS_A" send '{"param":1006,"iValue1":150}' sleep 0.5 \
  until 'ev["connected"] and ev["inputLeft"] > -40' 5)
evA=${evA#* }
inA=$(jq_py "$evA" 'round(d["inputLeft"], 2)')
roomA=$(jq_py "$evA" 'round(d["roomInputLeft"], 2)')
echo "     A levelEvent: inputLeft $inA dB, roomInputLeft $roomA dB"
check "A's levelEvent reports its input at the tone's level ($inA vs $sig dB, +-1)" near "$inA" "$sig" 1
check "and the level sent to the room ($roomA dB, +-1)" near "$roomA" "$sig" 1
# As for A: wait (up to 5 s) for a report with the member's level up; one taken while B's buffer
# ran dry on a loaded machine reads the dropout. On a timeout the last report is checked.
evB=$(ws "$WS_B" send '{"param":1006,"iValue1":150}' \
  until 'any(p["clientId"] == 101 and p["level0"] > -40 for p in ev["players"])' 5)
evB=${evB#* }
read -r lvl rtt depth total <<<"$(jq_py "$evB" '" ".join(str(round(x, 2)) for x in [p for p in d["players"] if p["clientId"] == 101][0:1] and ([q["level0"], q["latency"]["rttMs"], q["latency"]["depthMs"], q["latency"]["totalMs"]] for q in [p for p in d["players"] if p["clientId"] == 101]).__next__())')"
echo "     B sees member 101: level0 $lvl dB, rtt $rtt ms, buffer $depth ms, total $total ms"
check "B's levelEvent lists member 101 at the tone's level ($lvl vs $sig dB, +-1.5)" near "$lvl" "$sig" 1.5
check "with its latency: rtt > 0 ($rtt ms), buffer depth > 0 ($depth ms)" \
  awk -v r="$rtt" -v d="$depth" 'BEGIN { exit !(r > 0 && d > 0) }'

# The room's first answer is logged (once the server answered: rtt > 0).
for ((i = 0; i < 50; i++)); do grep -q "room 127.0.0.1:$PORT answers, rtt" "$T_TMP/hA.log" && break; sleep 0.1; done
check "A logs that its room answers ($(grep -o "room 127.0.0.1:$PORT answers.*" "$T_TMP/hA.log" | head -n 1))" \
  grep -q "room 127.0.0.1:$PORT answers, rtt [0-9.]* ms" "$T_TMP/hA.log"
check "and never that it does not answer" test "$(grep -c "room 127.0.0.1:$PORT does not answer" "$T_TMP/hA.log")" = 0

# The pedal change is audible: Boost Gain 0 -> 12 dB on A.
ws "$WS_A" send '{"param":28,"iValue1":0,"iValue2":0,"sValue":"{\"name\":\"Gain\",\"value\":12}"}' sleep 0.5 >/dev/null
boost_xr=$(record_clean "$T_TMP/boost.wav" 2 sig:out hB:out_l)
boost_clean=$?
sig2=$(rms_db "$T_TMP/boost.wav" 1)
b2=$(rms_db "$T_TMP/boost.wav" 2)
rise=$(awk -v a="$b2" -v b="$b_l" -v s="$sig2" -v s0="$sig" 'BEGIN { printf "%.2f", (a - s) - (b - s0) }')
echo "     after Boost Gain 12: B out_l $b2 dB (tone $sig2 dB): +$rise dB (xruns in the recordings: $boost_xr)"
if [ "$room_clean" -eq 0 ] && [ "$boost_clean" -eq 0 ]; then
  check "Boost Gain +12 dB on A raises B's output by 12 +- 0.5 dB (+$rise)" near "$rise" 12 0.5
else
  skip "Boost Gain +12 dB on A raises B's output by 12 dB: a recording had xruns in every try ($room_xr; $boost_xr): this machine could not record in real time"
fi

# Refusals come with a reason.
r=$(ws "$WS_A" send '{"param":1004,"sValue":"touch /tmp/pwned"}' expect refused 5)
check "RandomCommand 1004 is refused with a reason" test -n "$(jq_py "$r" 'd["refused"]["reason"]')"
r=$(ws "$WS_A" send '{"param":1000,"sValue":"x"}' expect refused 5)
check "SetAudioInput 1000 (a file write) is refused" test "$(jq_py "$r" 'd["refused"]["param"]')" = 1000
grep -q "command 1004 refused" "$T_TMP/hA.log"
check "the refusal is logged" test $? -eq 0

# Board swaps fade (host/engine.c: the old chain fades out over one JACK period, then the new
# one fades in over the next; 64 + 64 frames here). Record A's out_l (its zero-latency monitor
# of the 1 kHz tone through board 0) while LoadBoard swaps board 0 between a Boost at +12 dB and
# one at 0 dB every 0.3 s: the tone's peak goes 0.5 <-> 0.126. Measured on 48-sample blocks
# (one cycle of the tone: the block's 1 kHz component is its amplitude and phase, exactly for a
# steady tone). A faded swap dips: the block holding the bottom of the V has about half the
# lower level (0.47-0.6 of it, by where the block falls), so a swap is faded when a block
# between the two levels falls below 0.8 of the lower one. A hard swap steps straight from one
# level to the other (by up to 0.37 between two samples; the sine's own largest step is 0.066),
# its blocks never below the lower level. On a loaded machine the recording can lose or repeat a
# period: that jumps the tone's phase by 120 degrees (64 frames of 1 kHz). 3 lost periods (4
# cycles of the tone) jump it by 0 and could cut a whole V out, unseen; so a recording with any
# phase jump (periods lost or repeated: the machine could not keep up) is discarded, at most 3
# runs, then a skip with the counts. (The cycles JACK logs as lost are reported too, but many
# leave the recording whole.) A loaded host applies the swaps late: 3 of 10 seen is enough.
board_cmd() { # ID GAIN: LoadBoard of a Boost at GAIN dB on board 0, as one word
  python3 -c 'import json,sys; c=(",",":"); print(json.dumps({"param":32,"iValue1":0,"sValue":json.dumps({"id":int(sys.argv[1]),"name":"Swap","config":[{"index":0,"name":"Boost","settings":[{"index":0,"name":"bypass","value":False},{"index":1,"name":"Gain","value":float(sys.argv[2])}]}]},separators=c)},separators=c))' "$1" "$2"
}
b12=$(board_cmd 78 12)
b0=$(board_cmd 79 0)
# One run: the recording, the swaps, and the counts "FADED HARD UNCLASSIFIED LO HI DIP_FADE
# DIP_HARD STEP GAPS TRIMMED_MS LOST" (LOST: cycles JACK lost during it; 3 lost periods = 4 cycles of 1 kHz
# leave no phase jump and can cut a whole V out, so a run with any is discarded, at most 3 runs).
swap_run() {
  local x0 rec
  x0=$(jack_lost_cycles)
  timeout 20 jack_rec -f "$T_TMP/edits.wav" -d 6 hA:out_l >/dev/null 2>&1 &
  rec=$!
  sleep 0.3
  ws "$WS_A" $(for i in 1 2 3 4 5; do
    echo send "$b0" sleep 0.3 send "$b12" sleep 0.3
  done) >/dev/null
  wait $rec
  sox "$T_TMP/edits.wav" -t f32 -e floating-point "$T_TMP/edits.f32"
  echo "$(python3 - "$T_TMP/edits.f32" <<'PY'
import cmath, math, struct, sys
raw = open(sys.argv[1], "rb").read()
x = struct.unpack("<%df" % (len(raw) // 4), raw)[2400:]  # skip jack_rec's start
B = 48  # one cycle of 1 kHz at 48 kHz
w = 2 * math.pi / B
blocks = []
for k in range(len(x) // B):
    c = sum(x[n] * cmath.exp(-1j * w * n) for n in range(k * B, (k + 1) * B)) * 2 / B
    blocks.append(c)
amp = [abs(c) for c in blocks]
# jack_rec connects its port after it starts writing, later on a loaded machine: leading (and
# trailing) silence is not the host's. Trim blocks under 5 % of the peak at both ends. Silence
# left in the middle counts below: up to 3 ms within a steady stretch is a period JACK zeroed (a
# late cycle on a loaded machine: the run is discarded, as for a lost period); at a swap, or
# longer, it is the board gone quiet (a gap: a failure).
loud = [k for k, a in enumerate(amp) if a > 0.05 * max(amp)]
if loud:
    x = x[loud[0] * B:(loud[-1] + 1) * B]
    blocks, amp = blocks[loud[0]:loud[-1] + 1], amp[loud[0]:loud[-1] + 1]
trimmed_ms = (len(raw) // 4 - 2400 - len(x)) / 48.0
audible = [a for a in amp if a > 0.05 * max(amp)]  # the two levels, without any silence
if not audible:  # nothing recorded: no level, every block a gap
    print(0, 0, 0, "0.000", "0.000", "1.00", "0.00", "0.000", len(amp), "%.0f" % trimmed_ms)
    sys.exit(0)
gm = math.sqrt(max(audible) * min(audible))
lows = sorted(a for a in audible if a < gm)
highs = sorted(a for a in audible if a >= gm)
lo = lows[len(lows) // 2] if lows else 0
hi = highs[len(highs) // 2] if highs else 0
def state(a):
    if abs(a - hi) < 0.15 * hi:
        return "H"
    if abs(a - lo) < 0.15 * lo:
        return "L"
    return "T"
st = [state(a) for a in amp]
faded = hard = unclassified = jumps = 0
dip_fade, dip_hard, worst_step = 1.0, 0.0, 0.0
last = None  # index of the last steady block
def dphase(a, b):
    return abs((cmath.phase(blocks[b]) - cmath.phase(blocks[a]) + math.pi) % (2 * math.pi) - math.pi)
gaps = 0  # silences at a swap or over 3 ms: the board went quiet
for k in range(len(st)):
    if st[k] == "T":
        continue
    # A faded swap's deepest block is 0.3-0.6 of lo; under a tenth is silence. Up to 3 silent
    # blocks (two 64-frame periods) in a steady stretch are a period JACK zeroed; more is a gap.
    quiet = 0 if last is None else sum(1 for a in amp[last + 1:k] if a < 0.1 * lo)
    silent = quiet > 0
    if last is not None and st[last] == st[k] and quiet > 3:
        gaps += 1
    elif last is not None and st[last] == st[k] and (silent or dphase(last, k) > math.radians(30)):
        jumps += 1  # a period lost, repeated or zeroed (a late JACK cycle) in a steady stretch
    if last is not None and st[last] != st[k]:  # a level change between last and k
        dip = min(amp[last:k + 1]) / lo
        if silent:
            gaps += 1
        elif dphase(last, k) > math.radians(30):
            unclassified += 1
        elif dip < 0.8:
            faded += 1
            dip_fade = min(dip_fade, dip)
        else:
            hard += 1
            dip_hard = max(dip_hard, dip)
            seg = x[last * B:(k + 1) * B]
            worst_step = max(worst_step, max(abs(seg[i] - seg[i - 1]) for i in range(1, len(seg))))
    last = k
print(faded, hard, unclassified + jumps, "%.3f" % lo, "%.3f" % hi, "%.2f" % dip_fade, "%.2f" % dip_hard, "%.3f" % worst_step, gaps, "%.0f" % trimmed_ms)
PY
)" $(($(jack_lost_cycles) - x0))
}
lost_counts=()
for attempt in 1 2 3; do
  read -r faded hard jumps lo hi dip_fade dip_hard step gaps trimmed lost <<<"$(swap_run)"
  echo "     run $attempt: 10 board swaps, tone $lo <-> $hi (1 kHz amplitude): $faded faded (deepest dip to $dip_fade of the lower level), $hard hard (no dip; worst step $step); $gaps silences (at a swap or over 3 ms); $jumps phase jumps or dropouts (periods lost, repeated or zeroed in the recording); $lost cycles lost by JACK while recording; $trimmed ms of silence trimmed at the ends (jack_rec connecting)"
  lost_counts+=("$jumps/$lost")
  [ "$jumps" -eq 0 ] && break
done
if [ "$jumps" -eq 0 ]; then
  check "the swaps change the level by 12 dB ($lo -> $hi: $(awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%.1f", (a > 0 ? 20 * log(b / a) / log(10) : 0) }') dB, +-1)" \
    awk -v a="$lo" -v b="$hi" 'BEGIN { exit !(a > 0 && (20 * log(b / a) / log(10) - 12) ^ 2 <= 1) }'
  check "no board swap is hard: every swap fades ($hard hard swaps)" test "$hard" = 0
  check "the board never goes silent ($gaps silences: at a swap, or over 3 ms, 1 ms blocks under a tenth of the lower level)" test "$gaps" = 0
  check "the swaps are seen and classified ($((faded + hard)) of 10 >= 3, $faded faded; a loaded host applies them late)" test $((faded + hard)) -ge 3
else
  skip "board swaps fade: every one of 3 recordings lost or repeated periods (phase jumps/cycles JACK lost: ${lost_counts[*]}): this machine could not record in real time"
fi

# Any installed plugin by URI; an unknown one is refused with the reason.
info=$(ws "$WS_A" send '{"param":29,"iValue1":1,"sValue":"http://gareus.org/oss/lv2/nodelay"}' expect pedalInfo 5)
check "a plugin by URI joins board 1 with its controls as settings ($(jq_py "$info" '[s["name"] for s in d["pedalInfo"][1]["effects"][0]["settings"]]'))" \
  test "$(jq_py "$info" 'd["pedalInfo"][1]["effects"][0]["settings"][1]["name"]')" = delay
# A stereo plugin: its second input hears silence, its second output goes to a scratch buffer.
info=$(ws "$WS_A" send '{"param":29,"iValue1":1,"iValue2":9,"sValue":"http://drobilla.net/plugins/mda/Delay"}' expect pedalInfo 5 sleep 1 send '{"param":27}' expect pedalInfo 5 | tail -n 1)
check "a stereo plugin (mda Delay) runs on a mono board ($(jq_py "$info" 'len(d["pedalInfo"][1]["effects"])') pedals on board 1, host alive)" \
  test "$(jq_py "$info" 'd["pedalInfo"][1]["effects"][1]["name"]')" = http://drobilla.net/plugins/mda/Delay
r=$(ws "$WS_A" send '{"param":29,"iValue1":1,"sValue":"urn:no-such-plugin"}' expect refused 5)
check "an unknown pedal is refused with the reason ($(jq_py "$r" 'd["refused"]["reason"]'))" \
  test "$(jq_py "$r" '"urn:no-such-plugin" in d["refused"]["reason"]')" = True

# Tuner: TuneChannel on A's input 1 reads the 1 kHz tone.
ev=$(ws "$WS_A" send '{"param":33,"iValue1":0,"iValue2":1}' send '{"param":1006,"iValue1":150}' \
  until 'ev["leftTunerOn"] and ev["inputLeftFreq"] > 0' 5)
hz=$(jq_py "${ev#* }" 'round(d["inputLeftFreq"], 2)')
check "TuneChannel 0 reports the 1 kHz tone ($hz Hz, +-2)" near "$hz" 1000 2

# Latency: a TubeDrive (8x oversampling, lv2:latency output) on B's second board is reported
# to JACK on B's outputs (its inputs are unconnected, so the capture latency is the board's).
ws "$WS_B" send '{"param":29,"iValue1":1,"sValue":"TubeDrive"}' expect pedalInfo 5 sleep 0.5 >/dev/null
# The host logs the new latency once the plugin has run (within 5 s on a loaded machine).
for ((i = 0; i < 50; i++)); do
  logged=$(sed -n 's/.*board latency now \([0-9]*\) frames.*/\1/p' "$T_TMP/hB.log" | tail -n 1)
  jack_lat=$(jack_lsp -l hB:out_l | sed -n 's/.*capture latency = \[ \([0-9]*\) .*/\1/p' | head -n 1)
  [ -n "$logged" ] && [ "$logged" = "$jack_lat" ] && break
  sleep 0.1
done
echo "     TubeDrive on B's board 1: board latency $logged frames; JACK capture latency of hB:out_l $jack_lat"
check "the board's latency reaches JACK (${jack_lat:-none} = ${logged:-none} frames, > 0)" \
  test -n "$logged" -a "${jack_lat:-x}" = "$logged" -a "${logged:-0}" -gt 0

# N, given a server where nothing listens: "connected" (rtjam-net's socket is set up, the
# original's meaning) but no round trip; the host says so once, 5 s after connecting.
for ((i = 0; i < 100; i++)); do grep -q "does not answer" "$T_TMP/hN.log" && break; sleep 0.1; done
want="room 127.0.0.1:$DEAD does not answer (is rtjam-broadcast running there, and UDP $DEAD open?)"
check "N (no server at UDP $DEAD) warns: $want" grep -qF "$want" "$T_TMP/hN.log"
sleep 1
check "once ($(grep -c "does not answer" "$T_TMP/hN.log")), and never that it answers" \
  test "$(grep -c "does not answer" "$T_TMP/hN.log")" = 1 -a "$(grep -c " answers, rtt" "$T_TMP/hN.log")" = 0
evN=$(ws "$WS_N" send '{"param":1006,"iValue1":150}' until 'ev["connected"]' 5)
check "N's levelEvent: connected true, rttMs 0, roomServer/roomPort its room ($(jq_py "${evN#* }" 'd["connected"], d["rttMs"], d.get("roomServer"), d.get("roomPort")'))" \
  test "$(jq_py "${evN#* }" 'd["connected"], d["rttMs"], d.get("roomServer"), d.get("roomPort")')" = "(True, 0, '127.0.0.1', $DEAD)"
finish
