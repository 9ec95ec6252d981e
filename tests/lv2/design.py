#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Independent design figures for the LV2 host tests (issue 10): the expected gains worked out
from docs/pedals.md and pedals_spec.md, never from the code under test. RBJ Audio-EQ-Cookbook
analog prototypes through the bilinear map, first-order bilinear sections, comb sums, gain laws.

  design.py response   every pedal at 100 Hz, 1 kHz, 5 kHz: "slug<TAB>Hz<TAB>dB<TAB>lv2file opts"
  design.py chain      the jalv chain's gain at 1 kHz, dB (settings: tests/integration/lv2_jalv.sh)
"""
import cmath
import math
import sys

FS = 48000.0

def s_of(f, f0):
    # bilinear map prewarped at f0: the analog prototype's s on the digital unit circle
    return 1j * math.tan(math.pi * f / FS) / math.tan(math.pi * f0 / FS)

def rbj(shape, f0, q, g, f):
    # RBJ Audio-EQ-Cookbook analog prototypes; q is Q, or the slope S for shelves
    s = s_of(f, f0)
    A = 10 ** (g / 40)
    if shape == "LPF": return 1 / (s * s + s / q + 1)
    if shape == "HPF": return s * s / (s * s + s / q + 1)
    if shape == "NOTCH": return (s * s + 1) / (s * s + s / q + 1)
    if shape == "PK": return (s * s + s * A / q + 1) / (s * s + s / (A * q) + 1)
    sa = math.sqrt(A) * math.sqrt((A + 1 / A) * (1 / q - 1) + 2)
    if shape == "LS": return A * (s * s + sa * s + A) / (A * s * s + sa * s + 1)
    if shape == "HS": return A * (A * s * s + sa * s + 1) / (s * s + sa * s + A)

def fo(lp, fc, f):  # first-order bilinear section (pedals_spec.md §3.6)
    s = s_of(f, fc)
    return 1 / (s + 1) if lp else s / (s + 1)

def onepole(fc, f):  # y += c(x - y), c = 1 - e^(-2 pi fc / fs)
    c = 1 - math.exp(-2 * math.pi * fc / FS)
    return c / (1 - (1 - c) * cmath.exp(-2j * math.pi * f / FS))

def dcblock(fc, f):  # (1 + r)/2 (1 - z^-1) / (1 - r z^-1), r = e^(-2 pi fc / fs)
    r = math.exp(-2 * math.pi * fc / FS)
    z1 = cmath.exp(-2j * math.pi * f / FS)
    return 0.5 * (1 + r) * (1 - z1) / (1 - r * z1)

def delayed(frames, f):
    return cmath.exp(-2j * math.pi * f * frames / FS)

def db(h):
    return 20 * math.log10(abs(h))

def drive(v, drive_db, treble, level, f):
    # docs/pedals.md "Drive voicings" (frequencies: pedals_spec.md §2.11 table)
    hpf1, lpf1, pk, hpf2, lpf2, ls, tilt, dry = v
    g = 10 ** (drive_db / 20)
    h = g * onepole(min(664000 / g, 0.45 * FS), f)
    h *= rbj("HPF", hpf1, 0.7071067811865476, 0, f) * rbj("LPF", lpf1, 0.7071067811865476, 0, f)
    h *= rbj("PK", pk[0], pk[2], pk[1], f) * dcblock(10, f)
    h *= rbj("HPF", hpf2, 0.7071067811865476, 0, f) * rbj("LPF", lpf2, 0.7071067811865476, 0, f)
    h *= rbj("LS", ls[0], 0.7071067811865476, ls[1], f)
    h *= rbj("HS", tilt, 0.7071067811865476, treble, f) * 10 ** (-max(treble, 0) / 20)
    return db(10 ** (level / 20) * (h + dry))

TUBE = (170, 4220, (740, 12, 0.9), 104, 5880, (130, 6), 2200, 0.0)
SOUL = (120, 7500, (630, 6, 1.0), 55, 10000, (150, 3), 1000, 0.2)
Q = 0.7071067811865476

rows = [
    # Noise Gate at its defaults (threshold -50 dBFS): a -30 dBFS tone holds it open, and an
    # open gate is unity (docs/pedals.md "Noise Gate").
    ("noise-gate", "", lambda f: 0.0),
    # Compressor, level +3: a -30 dBFS peak is below the -20 dB threshold, so only the make-up
    # gain acts (G = 0 below T, pedals_spec.md §2.7 / docs/pedals.md).
    ("compressor", "-p level:3", lambda f: 3.0),
    # Boost at Gain 6: +6 dB (dB20 law, docs/pedals.md "Gain law").
    ("boost", "-p Gain:6", lambda f: 6.0),
    # Tone Stack bass +10, mid -6, treble +8: HS(2000, +8, S 1)·PK(700, -6, Q 2)·LS(200, +10,
    # S 1), plain cookbook peak (pedals_spec.md §2.1 R, §5 item 5).
    ("tone-stack", "-p bass:10 -p mid:-6 -p treble:8",
     lambda f: db(rbj("HS", 2000, 1, 8, f) * rbj("PK", 700, 2, -6, f) * rbj("LS", 200, 1, 10, f))),
    # TubeDrive, drive 0, treble 10 (default), level 0: the voicing chain, tanh at slope 1.
    ("tube-drive", "-p drive:0 -p level:0", lambda f: drive(TUBE, 0, 10, 0, f)),
    # Tube Screamer, drive 1 (linear at -40 dBFS), tone 0.28, output 1: pedals_spec.md §2.15
    # (HP1 720, LP1 800 twice, 0.5·LP1(300 + 7250·tone)) with the 664 kHz/drive pole.
    # Reviewed: -23.40 / -16.74 / -46.57 dB; Appendix A.4 (filters only, drive 1): -23.4 at
    # 100 Hz, -16.7 at 1 kHz, -46.5 at 5 kHz.
    ("tube-screamer", "-p drive:1",
     lambda f: db(onepole(min(664000, 0.45 * FS), f) * fo(0, 720, f) * fo(1, 800, f) ** 2
                  * 0.5 * fo(1, 300 + 7250 * 0.28, f))),
    # SoulDrive, drive 0, treble 10 (default), level 0, its 0.2 clean path included.
    ("soul-drive", "-p drive:0 -p level:0", lambda f: drive(SOUL, 0, 10, 0, f)),
    # Speaker Sim at its defaults (1x12, level 0): HPF(90)·NOTCH(700, Q 2·10^(-16/40))·
    # HS(800, +8, S 0.707)·LPF(4000)² (pedals_spec.md §2.4 table, "intended" two-stage LPF).
    # Reviewed: this formula gives 40 Hz -14.27, 100 Hz -2.27, 2 kHz 5.85, 4 kHz 1.62, 8 kHz
    # -19.14, 15 kHz -51.78 dB; the spec's Appendix A.2 "intended design": -14.3, -2.3, 5.8,
    # 1.6, -19.1, -51.8.
    ("speaker-sim", "",
     lambda f: db(rbj("HPF", 90, Q, 0, f) * rbj("NOTCH", 700, 2 * 10 ** (-16 / 40), 0, f)
                  * rbj("HS", 800, Q, 8, f) * rbj("LPF", 4000, Q, 0, f) ** 2)),
    # Delay 2.5 ms (120 frames), feedback 0, level 0.5, drift at its minimum (no modulation):
    # y = x + 0.5·x(t - 120), a comb: 100 Hz +0.97 dB, 1 kHz and 5 kHz (odd half cycles) -6.02.
    ("delay", "-p duration:2.5 -p feedback:0 -p level:0.5 -p drift:-60",
     lambda f: db(1 + 0.5 * delayed(120, f))),
    # Chorus 2.5 ms, depth 0.5, drift at its minimum (static voice): y = 0.75·x + 0.5·x(t - 120).
    ("chorus", "-p duration:2.5 -p depth:0.5 -p drift:-50",
     lambda f: db(0.75 + 0.5 * delayed(120, f))),
    # Tremolo depth 0.4, rate 4 Hz: gain g = 0.8 + 0.2·sin, mean(g²) = 0.8² + 0.2²/2 = 0.66
    # over whole LFO cycles: -1.80 dB at every frequency.
    ("tremolo", "-p depth:0.4 -p rate:4", lambda f: 10 * math.log10(0.8 ** 2 + 0.2 ** 2 / 2)),
    # Sigma Reverb at level 0: the dry path alone, 0 dB (its wet sum is not analytic).
    ("sigma-reverb", "-p level:0", lambda f: 0.0),
]

def chain_1k():
    """The twelve pedals in a chain, as lv2_jalv.sh sets them, at 1 kHz (all linear at the
    test signal's -18 dBFS once the compressor's make-up has taken 20 dB off): Noise Gate,
    Boost, Tone Stack, Speaker Sim at their defaults (0, 0, flat, 1x12 design); Compressor
    threshold +20 (never compresses), level -20; TubeDrive and SoulDrive drive 0, level 0
    (voicing chains); Tube Screamer drive 1, output -6 dB (its output control is in dB: -6
    is exactly -6.00 dB on top of its row); Delay, Chorus, Sigma Reverb level/depth 0 and
    Tremolo depth 0 (dry path only, 0 dB)."""
    f = 1000
    by_slug = {slug: fn for slug, _, fn in rows}
    return (-20.0 + by_slug["tube-drive"](f) + (by_slug["tube-screamer"](f) - 6.0)
            + by_slug["soul-drive"](f) + by_slug["speaker-sim"](f))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "response"
    if what == "response":
        for slug, opts, fn in rows:
            for f in (100, 1000, 5000):
                print(f"{slug}\t{f}\t{fn(f):.3f}\t{opts}")
    elif what == "chain":
        print(f"{chain_1k():.3f}")
    else:
        sys.exit(f"design.py: unknown figure {what}")
