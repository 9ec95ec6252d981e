// SPDX-License-Identifier: ISC
/// The pedal table: ports, ranges, defaults and presets of the 25 pedals (pedals_spec.md
/// §1). JSON type and setting names are copied exactly from the spec so that saved boards load;
/// ranges and defaults follow the spec except where noted (docs/pedals.md lists the changes).
/// Every dB control here is amplitude dB, 10^(v/20) (spec §5 item 1).

#include "pedal_defs.h"

#include <string.h>

#define ENABLE_PORT                                                                                \
  {                                                                                                \
    .kind = PEDAL_PORT_ENABLE, .symbol = "enable", .name = "Enabled", .json = "bypass",            \
    .min = 0.0f, .max = 1.0f, .def = 1.0f, .step = 1.0f,                                           \
    .flags = PEDAL_FLAG_TOGGLED | PEDAL_FLAG_INTEGER,                                              \
    .comment = "1 = on, 0 = bypassed with a 10 ms crossfade (board JSON 'bypass' is the "          \
               "inverse)",                                                                         \
  }

#define AUDIO_PORTS                                                                                \
  {.kind = PEDAL_PORT_AUDIO_IN, .symbol = "in", .name = "In", .comment = "Mono audio input"},      \
  {                                                                                                \
    .kind = PEDAL_PORT_AUDIO_OUT, .symbol = "out", .name = "Out", .comment = "Mono audio output"   \
  }

#define LATENCY_PORT                                                                               \
  {                                                                                                \
    .kind = PEDAL_PORT_LATENCY, .symbol = "latency", .name = "Latency", .min = 0.0f,               \
    .max = 256.0f, .def = 0.0f, .flags = PEDAL_FLAG_INTEGER,                                       \
    .comment = "Delay of the oversampling filters, frames (the bypassed signal is delayed "        \
               "as much, so the latency never changes)"                                            \
  }

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// ---------------------------------------------------------------------------------------------
// Noise Gate (spec §2.2, "better" version: dB20 threshold, hysteresis, real time constants)

static const PedalPortDef noise_gate_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "threshold",
     .name = "Threshold",
     .json = "threshold",
     .unit = PEDAL_UNIT_DB,
     .min = -70.0f,
     .max = -35.0f,
     .def = -50.0f,
     .step = 0.25f,
     .smooth_ms = 20.0f,
     .comment = "The gate opens when the input peak envelope rises above this level (dBFS) and "
                "closes when it falls 4 dB below it"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "attack",
     .name = "Attack",
     .json = "attack",
     .unit = PEDAL_UNIT_MS,
     .min = 2.0f,
     .max = 100.0f,
     .def = 10.0f,
     .step = 1.0f,
     .flags = PEDAL_FLAG_LOG,
     .group = "timing",
     .comment = "Opening time constant: the gain reaches 63 % of the way to open in this time"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "hold",
     .name = "Hold",
     .json = "hold",
     .unit = PEDAL_UNIT_MS,
     .min = 20.0f,
     .max = 250.0f,
     .def = 40.0f,
     .step = 1.0f,
     .group = "timing",
     .comment = "Time the gate stays open after the signal drops below the "
                "closing level"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "release",
     .name = "Release",
     .json = "release",
     .unit = PEDAL_UNIT_MS,
     .min = 10.0f,
     .max = 450.0f,
     .def = 100.0f,
     .step = 1.0f,
     .flags = PEDAL_FLAG_LOG,
     .group = "timing",
     .comment = "Closing time constant after the hold: the gain falls by 63 % in this time"},
    AUDIO_PORTS,
};

static const PedalGroupDef noise_gate_groups[] = {{"timing", "Timing"}, {NULL, NULL}};

static const PedalPresetValue noise_gate_gentle[] = {
    {"threshold", -62.0f}, {"attack", 5.0f}, {"hold", 80.0f}, {"release", 200.0f}, {NULL, 0}};
static const PedalPresetValue noise_gate_tight[] = {
    {"threshold", -45.0f}, {"attack", 2.0f}, {"hold", 20.0f}, {"release", 30.0f}, {NULL, 0}};
static const PedalPresetDef noise_gate_presets[] = {
    {"gentle", "Gentle", noise_gate_gentle},
    {"tight", "Tight", noise_gate_tight},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Compressor (spec §2.7, rectified detector, dB20 everywhere)

static const PedalPortDef compressor_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "threshold",
     .name = "Threshold",
     .json = "threshold",
     .unit = PEDAL_UNIT_DB,
     .min = -80.0f,
     .max = 20.0f,
     .def = -20.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .group = "curve",
     .comment = "Level (dBFS of the peak envelope) above which the gain is reduced"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "ratio",
     .name = "Ratio",
     .json = "ratio",
     .unit = PEDAL_UNIT_COEF,
     .min = 1.0f,
     .max = 20.0f,
     .def = 4.0f,
     .step = 0.1f,
     .smooth_ms = 20.0f,
     .flags = PEDAL_FLAG_LOG,
     .group = "curve",
     .comment = "Compression ratio N:1 above the threshold (1 = no compression)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "level",
     .name = "Make-up",
     .json = "level",
     .unit = PEDAL_UNIT_DB,
     .min = -20.0f,
     .max = 20.0f,
     .def = 0.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Make-up gain applied after the gain reduction"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "attack",
     .name = "Attack",
     .json = "attack",
     .unit = PEDAL_UNIT_MS,
     .min = 2.0f,
     .max = 200.0f,
     .def = 20.0f,
     .step = 0.5f,
     .flags = PEDAL_FLAG_LOG,
     .group = "detector",
     .comment = "Detector attack time constant"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "release",
     .name = "Release",
     .json = "release",
     .unit = PEDAL_UNIT_MS,
     .min = 50.0f,
     .max = 1000.0f,
     .def = 120.0f,
     .step = 0.5f,
     .flags = PEDAL_FLAG_LOG,
     .group = "detector",
     .comment = "Detector release time constant"},
    AUDIO_PORTS,
};

static const PedalGroupDef compressor_groups[] = {
    {"curve", "Static curve"}, {"detector", "Detector"}, {NULL, NULL}};

static const PedalPresetValue compressor_gentle[] = {{"threshold", -24.0f}, {"ratio", 2.0f},
                                                     {"level", 3.0f},       {"attack", 30.0f},
                                                     {"release", 250.0f},   {NULL, 0}};
static const PedalPresetValue compressor_sustain[] = {{"threshold", -40.0f}, {"ratio", 8.0f},
                                                      {"level", 12.0f},      {"attack", 5.0f},
                                                      {"release", 400.0f},   {NULL, 0}};
static const PedalPresetDef compressor_presets[] = {
    {"gentle", "Gentle", compressor_gentle},
    {"sustain", "Sustain", compressor_sustain},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Boost (spec §2.14)

static const PedalPortDef boost_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "Gain",
     .name = "Gain",
     .json = "Gain",
     .unit = PEDAL_UNIT_DB,
     .min = 0.0f,
     .max = 12.0f,
     .def = 0.0f,
     .step = 0.25f,
     .smooth_ms = 20.0f,
     .comment = "Clean gain"},
    AUDIO_PORTS,
};

static const PedalPresetValue boost_clean[] = {{"Gain", 6.0f}, {NULL, 0}};
static const PedalPresetValue boost_solo[] = {{"Gain", 12.0f}, {NULL, 0}};
static const PedalPresetDef boost_presets[] = {
    {"clean", "Clean +6 dB", boost_clean},
    {"solo", "Solo +12 dB", boost_solo},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Tone Stack (spec §2.1, R's series EQ initialised from its knobs)

static const PedalPortDef tone_stack_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "treble",
     .name = "Treble",
     .json = "treble",
     .unit = PEDAL_UNIT_DB,
     .min = -20.0f,
     .max = 20.0f,
     .def = 0.0f,
     .step = 0.25f,
     .smooth_ms = 20.0f,
     .comment = "High shelf at 2 kHz (slope 1)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "mid",
     .name = "Mid",
     .json = "mid",
     .unit = PEDAL_UNIT_DB,
     .min = -20.0f,
     .max = 20.0f,
     .def = 0.0f,
     .step = 0.25f,
     .smooth_ms = 20.0f,
     .comment = "Peaking filter at 700 Hz, Q 2"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "bass",
     .name = "Bass",
     .json = "bass",
     .unit = PEDAL_UNIT_DB,
     .min = -20.0f,
     .max = 20.0f,
     .def = 0.0f,
     .step = 0.25f,
     .smooth_ms = 20.0f,
     .comment = "Low shelf at 200 Hz (slope 1)"},
    AUDIO_PORTS,
};

static const PedalPresetValue tone_stack_scooped[] = {
    {"treble", 5.0f}, {"mid", -8.0f}, {"bass", 5.0f}, {NULL, 0}};
static const PedalPresetValue tone_stack_mid_push[] = {
    {"treble", -2.0f}, {"mid", 6.0f}, {"bass", -3.0f}, {NULL, 0}};
static const PedalPresetDef tone_stack_presets[] = {
    {"scooped", "Scooped", tone_stack_scooped},
    {"mid-push", "Mid Push", tone_stack_mid_push},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// TubeDrive and SoulDrive (spec §2.11, distortion base, 1 stage, oversampled)

static const PedalPortDef tube_drive_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "drive",
     .name = "Drive",
     .json = "drive",
     .unit = PEDAL_UNIT_DB,
     .min = 0.0f,
     .max = 60.0f,
     .def = 18.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Gain into the clipper (falls above 670 kHz / gain, as an "
                "op-amp stage's gain-bandwidth product does)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "treble",
     .name = "Treble",
     .json = "treble",
     .unit = PEDAL_UNIT_DB,
     .min = -10.0f,
     .max = 30.0f,
     .def = 10.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Treble tilt after the clipper: highs (shelf at 2.2 kHz) "
                "relative to lows; the tone stage never boosts above 0 dB"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "level",
     .name = "Level",
     .json = "level",
     .unit = PEDAL_UNIT_DB,
     .min = -60.0f,
     .max = 12.0f,
     .def = -6.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Output level"},
    AUDIO_PORTS,
    LATENCY_PORT,
};

static const PedalPresetValue tube_drive_edge[] = {
    {"drive", 8.0f}, {"treble", 6.0f}, {"level", 0.0f}, {NULL, 0}};
static const PedalPresetValue tube_drive_lead[] = {
    {"drive", 40.0f}, {"treble", 14.0f}, {"level", -6.0f}, {NULL, 0}};
static const PedalPresetDef tube_drive_presets[] = {
    {"edge", "Edge of Breakup", tube_drive_edge},
    {"lead", "Lead", tube_drive_lead},
    {NULL, NULL, NULL},
};

static const PedalPortDef soul_drive_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "drive",
     .name = "Drive",
     .json = "drive",
     .unit = PEDAL_UNIT_DB,
     .min = 0.0f,
     .max = 60.0f,
     .def = 18.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Gain into the clipper (same gain-bandwidth limit as TubeDrive)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "treble",
     .name = "Treble",
     .json = "treble",
     .unit = PEDAL_UNIT_DB,
     .min = -10.0f,
     .max = 30.0f,
     .def = 10.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Treble tilt after the clipper: highs (shelf at 1 kHz) "
                "relative to lows; the tone stage never boosts above 0 dB"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "level",
     .name = "Level",
     .json = "level",
     .unit = PEDAL_UNIT_DB,
     .min = -60.0f,
     .max = 12.0f,
     .def = -6.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .comment = "Output level (of the clipped and the clean path)"},
    AUDIO_PORTS,
    LATENCY_PORT,
};

static const PedalPresetValue soul_drive_clean[] = {
    {"drive", 6.0f}, {"treble", 4.0f}, {"level", 0.0f}, {NULL, 0}};
static const PedalPresetValue soul_drive_cranked[] = {
    {"drive", 36.0f}, {"treble", 12.0f}, {"level", -6.0f}, {NULL, 0}};
static const PedalPresetDef soul_drive_presets[] = {
    {"transparent", "Transparent", soul_drive_clean},
    {"cranked", "Cranked", soul_drive_cranked},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Tube Screamer (spec §2.15)

static const PedalPortDef tube_screamer_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "drive",
     .name = "Drive",
     .json = "drive",
     .unit = PEDAL_UNIT_COEF,
     .min = 1.0f,
     .max = 120.0f,
     .def = 25.0f,
     .step = 0.05f,
     .smooth_ms = 20.0f,
     .flags = PEDAL_FLAG_LOG,
     .comment = "Linear gain into the clipper (1 to 120, i.e. 0 to 41.6 dB)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "tone",
     .name = "Tone",
     .json = "tone",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 1.0f,
     .def = 0.28f,
     .step = 0.01f,
     .smooth_ms = 20.0f,
     .comment = "Tone low-pass corner: 300 + 7250 * tone Hz"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "output",
     .name = "Output",
     .json = "output",
     .unit = PEDAL_UNIT_DB,
     .min = -40.0f,
     .max = 20.0f,
     .def = 0.0f,
     .step = 0.1f,
     .smooth_ms = 20.0f,
     .comment = "Output gain after the tone stage (the original's boards store a 0..2 knob of gain "
                "10^(2 * (knob - 1)), i.e. 40 * (knob - 1) dB, which rtjam-host converts; "
                "knob 1.5 is the +20 dB top)"},
    AUDIO_PORTS,
    LATENCY_PORT,
};

static const PedalPresetValue tube_screamer_classic[] = {
    {"drive", 25.0f}, {"tone", 0.5f}, {"output", 0.0f}, {NULL, 0}};
static const PedalPresetValue tube_screamer_lead[] = {
    {"drive", 80.0f}, {"tone", 0.6f}, {"output", 4.0f}, {NULL, 0}};
static const PedalPresetDef tube_screamer_presets[] = {
    {"classic", "Classic", tube_screamer_classic},
    {"lead", "Boosted Lead", tube_screamer_lead},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Speaker Sim (spec §2.4, "fixed" mode: two independent low-pass stages)

static const char* const speaker_sim_cabinets[] = {"1x12", "2x12", "4x10", "4x12", NULL};

static const PedalPortDef speaker_sim_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "Level",
     .name = "Level",
     .json = "Level",
     .unit = PEDAL_UNIT_DB,
     .min = -20.0f,
     .max = 12.0f,
     .def = 0.0f,
     .step = 0.25f,
     .smooth_ms = 20.0f,
     .comment = "Output level"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "cabinetType",
     .name = "Cabinet",
     .json = "cabinetType",
     .unit = PEDAL_UNIT_NONE,
     .min = 0.0f,
     .max = 3.0f,
     .def = 0.0f,
     .step = 1.0f,
     .flags = PEDAL_FLAG_ENUM | PEDAL_FLAG_INTEGER,
     .labels = speaker_sim_cabinets,
     .comment = "Cabinet voicing"},
    AUDIO_PORTS,
};

static const PedalPresetValue speaker_sim_open[] = {
    {"Level", 0.0f}, {"cabinetType", 0.0f}, {NULL, 0}};
static const PedalPresetValue speaker_sim_closed[] = {
    {"Level", 2.0f}, {"cabinetType", 3.0f}, {NULL, 0}};
static const PedalPresetDef speaker_sim_presets[] = {
    {"open-1x12", "Open 1x12", speaker_sim_open},
    {"closed-4x12", "Closed 4x12", speaker_sim_closed},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Delay (spec §2.9, interpolated read, bounded feedback loop)

static const char* const delay_modes[] = {"Dig", "Ana", "HPF", NULL};

static const PedalPortDef delay_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "duration",
     .name = "Time",
     .json = "duration",
     .unit = PEDAL_UNIT_MS,
     .min = 2.0f,
     .max = 500.0f,
     .def = 250.0f,
     .step = 1.0f,
     .smooth_ms = 100.0f,
     .comment = "Delay time; changes glide like a tape delay"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "feedback",
     .name = "Feedback",
     .json = "feedback",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 1.0f,
     .def = 0.1f,
     .step = 0.01f,
     .smooth_ms = 20.0f,
     .comment = "Gain of each repeat (scaled by 0.98 and soft-clipped in the loop, so it never "
                "runs away)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "level",
     .name = "Level",
     .json = "level",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 1.0f,
     .def = 0.5f,
     .step = 0.01f,
     .smooth_ms = 20.0f,
     .comment = "Wet level added to the dry signal"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "drift",
     .name = "Drift",
     .json = "drift",
     .unit = PEDAL_UNIT_DB,
     .min = -60.0f,
     .max = -25.0f,
     .def = -48.0f,
     .step = 1.0f,
     .smooth_ms = 20.0f,
     .group = "mod",
     .comment = "Depth of the time modulation as a fraction of the delay time, dB (-40 dB = "
                "1 %)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "rate",
     .name = "Rate",
     .json = "rate",
     .unit = PEDAL_UNIT_HZ,
     .min = 0.1f,
     .max = 5.0f,
     .def = 1.4f,
     .step = 0.1f,
     .smooth_ms = 50.0f,
     .group = "mod",
     .comment = "Rate of the time modulation"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "delayMode",
     .name = "Mode",
     .json = "delayMode",
     .unit = PEDAL_UNIT_NONE,
     .min = 0.0f,
     .max = 2.0f,
     .def = 0.0f,
     .step = 1.0f,
     .flags = PEDAL_FLAG_ENUM | PEDAL_FLAG_INTEGER,
     .labels = delay_modes,
     .comment = "Filter in the feedback loop: Dig = low-pass 10 kHz, Ana = low-pass 1250 Hz, "
                "HPF = high-pass 1250 Hz"},
    AUDIO_PORTS,
};

static const PedalGroupDef delay_groups[] = {{"mod", "Modulation"}, {NULL, NULL}};

static const PedalPresetValue delay_slapback[] = {
    {"duration", 110.0f}, {"feedback", 0.0f},  {"level", 0.45f}, {"drift", -60.0f},
    {"rate", 1.0f},       {"delayMode", 0.0f}, {NULL, 0}};
static const PedalPresetValue delay_tape[] = {
    {"duration", 380.0f}, {"feedback", 0.45f}, {"level", 0.5f}, {"drift", -36.0f},
    {"rate", 0.8f},       {"delayMode", 1.0f}, {NULL, 0}};
static const PedalPresetDef delay_presets[] = {
    {"slapback", "Slapback", delay_slapback},
    {"tape-echo", "Tape Echo", delay_tape},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Chorus (spec §2.10, R's version with an interpolated read)

static const PedalPortDef chorus_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "duration",
     .name = "Delay",
     .json = "duration",
     .unit = PEDAL_UNIT_MS,
     .min = 2.0f,
     .max = 20.0f,
     .def = 10.0f,
     .step = 0.1f,
     .smooth_ms = 50.0f,
     .comment = "Centre delay of the chorus voice"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "depth",
     .name = "Depth",
     .json = "depth",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 0.99f,
     .def = 0.5f,
     .step = 0.01f,
     .smooth_ms = 20.0f,
     .comment = "Wet level of the modulated voice; the dry path is scaled by 1 - depth/2"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "drift",
     .name = "Drift",
     .json = "drift",
     .unit = PEDAL_UNIT_DB,
     .min = -50.0f,
     .max = -6.0f,
     .def = -24.0f,
     .step = 0.5f,
     .smooth_ms = 20.0f,
     .group = "mod",
     .comment = "Modulation depth as a fraction of the delay, dB (-24 dB = 6.3 %)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "rate",
     .name = "Rate",
     .json = "rate",
     .unit = PEDAL_UNIT_HZ,
     .min = 0.1f,
     .max = 5.0f,
     .def = 2.0f,
     .step = 0.1f,
     .smooth_ms = 50.0f,
     .group = "mod",
     .comment = "Modulation rate"},
    AUDIO_PORTS,
};

static const PedalGroupDef chorus_groups[] = {{"mod", "Modulation"}, {NULL, NULL}};

static const PedalPresetValue chorus_subtle[] = {
    {"duration", 8.0f}, {"depth", 0.3f}, {"drift", -30.0f}, {"rate", 0.6f}, {NULL, 0}};
static const PedalPresetValue chorus_lush[] = {
    {"duration", 15.0f}, {"depth", 0.6f}, {"drift", -18.0f}, {"rate", 1.2f}, {NULL, 0}};
static const PedalPresetDef chorus_presets[] = {
    {"subtle", "Subtle", chorus_subtle},
    {"lush", "Lush", chorus_lush},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Tremelo (spec §2.8; JSON key keeps the original spelling, the label is "Tremolo")

static const PedalPortDef tremolo_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "depth",
     .name = "Depth",
     .json = "depth",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 1.0f,
     .def = 0.4f,
     .step = 0.05f,
     .smooth_ms = 20.0f,
     .comment = "Modulation depth: the gain swings between 1 - depth and 1 (never above unity)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "rate",
     .name = "Rate",
     .json = "rate",
     .unit = PEDAL_UNIT_HZ,
     .min = 0.01f,
     .max = 8.0f,
     .def = 1.2f,
     .step = 0.1f,
     .smooth_ms = 50.0f,
     .comment = "Modulation rate (sine)"},
    AUDIO_PORTS,
};

static const PedalPresetValue tremolo_slow[] = {{"depth", 0.5f}, {"rate", 2.0f}, {NULL, 0}};
static const PedalPresetValue tremolo_fast[] = {{"depth", 0.8f}, {"rate", 6.5f}, {NULL, 0}};
static const PedalPresetDef tremolo_presets[] = {
    {"slow-pulse", "Slow Pulse", tremolo_slow},
    {"fast-shimmer", "Fast Shimmer", tremolo_fast},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Sigma Reverb (spec §2.5, lengths scaled with the sample rate, Butterworth loop filters)

static const PedalPortDef sigma_reverb_ports[] = {
    ENABLE_PORT,
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "level",
     .name = "Level",
     .json = "level",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 1.0f,
     .def = 0.3f,
     .step = 0.01f,
     .smooth_ms = 20.0f,
     .comment = "Wet level added to the dry signal"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "time",
     .name = "Time",
     .json = "time",
     .unit = PEDAL_UNIT_COEF,
     .min = 0.0f,
     .max = 0.95f,
     .def = 0.5f,
     .step = 0.01f,
     .smooth_ms = 50.0f,
     .comment = "Loop gain per pass; RT60 = 23.8 s / (-40 * log10(time)): 2.0 s at 0.5, 3.8 s "
                "at 0.7, 27 s at 0.95"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "lowFreq",
     .name = "Low cut",
     .json = "lowFreq",
     .unit = PEDAL_UNIT_HZ,
     .min = 10.0f,
     .max = 250.0f,
     .def = 10.0f,
     .step = 5.0f,
     .smooth_ms = 20.0f,
     .flags = PEDAL_FLAG_LOG,
     .group = "loop",
     .comment = "High-pass corner in the loop (Butterworth)"},
    {.kind = PEDAL_PORT_CONTROL,
     .symbol = "highFreq",
     .name = "High cut",
     .json = "highFreq",
     .unit = PEDAL_UNIT_HZ,
     .min = 400.0f,
     .max = 8000.0f,
     .def = 8000.0f,
     .step = 5.0f,
     .smooth_ms = 20.0f,
     .flags = PEDAL_FLAG_LOG,
     .group = "loop",
     .comment = "Low-pass corner in the loop (Butterworth)"},
    AUDIO_PORTS,
};

static const PedalGroupDef sigma_reverb_groups[] = {{"loop", "Loop filter"}, {NULL, NULL}};

static const PedalPresetValue sigma_reverb_room[] = {
    {"level", 0.25f}, {"time", 0.3f}, {"lowFreq", 80.0f}, {"highFreq", 5000.0f}, {NULL, 0}};
static const PedalPresetValue sigma_reverb_hall[] = {
    {"level", 0.35f}, {"time", 0.7f}, {"lowFreq", 40.0f}, {"highFreq", 6000.0f}, {NULL, 0}};
static const PedalPresetDef sigma_reverb_presets[] = {
    {"room", "Room", sigma_reverb_room},
    {"hall", "Hall", sigma_reverb_hall},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------
// Issue 16: the thirteen remaining types. A compact form of the entries above:
// CTRL(symbol, name, json, unit, min, max, def, step, smooth_ms, flags, labels, comment).

#define CTRL(sym_, name_, json_, unit_, min_, max_, def_, step_, smooth_, flags_, labels_,         \
             comment_)                                                                             \
  {                                                                                                \
    .kind = PEDAL_PORT_CONTROL, .symbol = sym_, .name = name_, .json = json_, .unit = unit_,       \
    .min = min_, .max = max_, .def = def_, .step = step_, .smooth_ms = smooth_, .flags = flags_,   \
    .labels = labels_, .comment = comment_                                                         \
  }

#define ENUM_FLAGS (PEDAL_FLAG_ENUM | PEDAL_FLAG_INTEGER)

// Bass Envelope and Guitar Envelope (spec §2.16, "better": rectified peak-hold detector,
// clamped sweep, two independent TPT state-variable sections). Same ports, other defaults.

static const char* const envelope_types[] = {"LPF", "BPF", "HPF", NULL};

#define ENVELOPE_PORTS(type_def_, freq_def_, sens_def_)                                            \
  ENABLE_PORT,                                                                                     \
      CTRL("type", "Type", "type", PEDAL_UNIT_NONE, 0.0f, 2.0f, type_def_, 1.0f, 0.0f, ENUM_FLAGS, \
           envelope_types, "Filter response: low-pass, band-pass or high-pass (4 poles)"),         \
      CTRL("frequency", "Frequency", "frequency", PEDAL_UNIT_HZ, 1.0f, 2000.0f, freq_def_, 5.0f,   \
           20.0f, 0, NULL, "Cutoff with no input (clamped to at least 20 Hz)"),                    \
      CTRL("resonance", "Resonance", "resonance", PEDAL_UNIT_COEF, 1.0f, 20.0f, 4.0f, 0.05f,       \
           20.0f, PEDAL_FLAG_LOG, NULL,                                                            \
           "Q of the resonant section; the filter peak is sqrt(Q/2) (+3 dB at Q 4), 12 dB more "   \
           "for BPF"),                                                                             \
      CTRL("sensitivity", "Sensitivity", "sensitivity", PEDAL_UNIT_COEF, 0.0f, 100.0f, sens_def_,  \
           1.0f, 20.0f, 0, NULL,                                                                   \
           "Sweep: the cutoff rises by 200 * sensitivity Hz per unit of input peak"),              \
      CTRL("attack", "Attack", "attack", PEDAL_UNIT_MS, 2.0f, 100.0f, 20.0f, 0.5f, 0.0f,           \
           PEDAL_FLAG_LOG, NULL, "Time constant of the sweep rising"),                             \
      CTRL("release", "Release", "release", PEDAL_UNIT_MS, 10.0f, 1000.0f, 250.0f, 5.0f, 0.0f,     \
           PEDAL_FLAG_LOG, NULL, "Time constant of the sweep falling (after a 25 ms peak hold)"),  \
      CTRL("level", "Filter level", "level", PEDAL_UNIT_DB, -10.0f, 10.0f, 0.0f, 0.1f, 20.0f, 0,   \
           NULL, "Level of the filtered signal"),                                                  \
      CTRL("dryLevel", "Dry level", "dry level", PEDAL_UNIT_DB, -80.0f, 0.0f, -80.0f, 0.1f, 20.0f, \
           0, NULL, "Level of the clean signal mixed in (-80 dB = off)"),                          \
      AUDIO_PORTS

static const PedalPortDef bass_envelope_ports[] = {ENVELOPE_PORTS(0.0f, 40.0f, 20.0f)};
static const PedalPortDef guitar_envelope_ports[] = {ENVELOPE_PORTS(1.0f, 300.0f, 30.0f)};

static const PedalPresetValue bass_envelope_funk[] = {
    {"type", 0.0f},         {"frequency", 60.0f}, {"resonance", 6.0f},
    {"sensitivity", 30.0f}, {"attack", 10.0f},    {"release", 200.0f},
    {"level", 0.0f},        {"dryLevel", -80.0f}, {NULL, 0}};
static const PedalPresetValue bass_envelope_blend[] = {
    {"type", 1.0f},         {"frequency", 100.0f}, {"resonance", 3.0f},
    {"sensitivity", 20.0f}, {"attack", 20.0f},     {"release", 300.0f},
    {"level", 0.0f},        {"dryLevel", -6.0f},   {NULL, 0}};
static const PedalPresetDef bass_envelope_presets[] = {
    {"funk", "Funk", bass_envelope_funk},
    {"blend", "Clean Blend", bass_envelope_blend},
    {NULL, NULL, NULL},
};

static const PedalPresetValue guitar_envelope_quack[] = {
    {"type", 1.0f},         {"frequency", 250.0f}, {"resonance", 8.0f},
    {"sensitivity", 40.0f}, {"attack", 5.0f},      {"release", 150.0f},
    {"level", 3.0f},        {"dryLevel", -80.0f},  {NULL, 0}};
static const PedalPresetValue guitar_envelope_sweep[] = {
    {"type", 0.0f},         {"frequency", 200.0f}, {"resonance", 5.0f},
    {"sensitivity", 60.0f}, {"attack", 20.0f},     {"release", 400.0f},
    {"level", 0.0f},        {"dryLevel", -20.0f},  {NULL, 0}};
static const PedalPresetDef guitar_envelope_presets[] = {
    {"quack", "Quack", guitar_envelope_quack},
    {"slow-sweep", "Slow Sweep", guitar_envelope_sweep},
    {NULL, NULL, NULL},
};

// Bass DI (spec §2.3: real dB in the EQ, dB20 volume, oversampled soft clip)

static const PedalPortDef bass_di_ports[] = {
    ENABLE_PORT,
    CTRL("Volume", "Volume", "Volume", PEDAL_UNIT_DB, -10.0f, 10.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "Output level after the soft clip"),
    CTRL("Bass", "Bass", "Bass", PEDAL_UNIT_DB, -35.0f, 35.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "Low shelf at 70 Hz (slope 0.707)"),
    CTRL("Mid", "Mid", "Mid", PEDAL_UNIT_DB, -35.0f, 35.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "Peaking filter at 180 Hz, Q 0.707"),
    CTRL("Treble", "Treble", "Treble", PEDAL_UNIT_DB, -35.0f, 35.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "High shelf at 350 Hz (slope 0.707)"),
    AUDIO_PORTS,
};

static const PedalPresetValue bass_di_vintage[] = {
    {"Volume", 0.0f}, {"Bass", 4.0f}, {"Mid", -3.0f}, {"Treble", 2.0f}, {NULL, 0}};
static const PedalPresetValue bass_di_growl[] = {
    {"Volume", -3.0f}, {"Bass", 2.0f}, {"Mid", 6.0f}, {"Treble", 5.0f}, {NULL, 0}};
static const PedalPresetDef bass_di_presets[] = {
    {"vintage", "Vintage", bass_di_vintage},
    {"growl", "Growl", bass_di_growl},
    {NULL, NULL, NULL},
};

static const char* const clip_types[] = {"hard", "tube", "brit", "oct", NULL};

// MetalDrive (spec §2.11: two hard-clip stages at 2x with 2nd-order ADAA, normalised tone stage)

static const PedalPortDef metal_drive_ports[] = {
    ENABLE_PORT,
    CTRL("drive", "Drive", "drive", PEDAL_UNIT_DB, 6.0f, 30.0f, 30.0f, 0.5f, 20.0f, 0, NULL,
         "Gain into each of the two clippers"),
    CTRL("bass", "Bass", "bass", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Low shelf at 100 Hz"),
    CTRL("mid", "Mid", "mid", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Peaking filter at 800 Hz, Q 0.7"),
    CTRL("treble", "Treble", "treble", PEDAL_UNIT_DB, -20.0f, 10.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "High shelf at 2 kHz"),
    CTRL("level", "Level", "level", PEDAL_UNIT_DB, -60.0f, 6.0f, -12.0f, 0.5f, 20.0f, 0, NULL,
         "Output level (the tone stage is normalised so that its loudest band is at 0 dB)"),
    AUDIO_PORTS,
};

static const PedalPresetValue metal_drive_scooped[] = {{"drive", 30.0f}, {"bass", 6.0f},
                                                       {"mid", -10.0f},  {"treble", 4.0f},
                                                       {"level", -6.0f}, {NULL, 0}};
static const PedalPresetValue metal_drive_crunch[] = {
    {"drive", 14.0f}, {"bass", 0.0f}, {"mid", 4.0f}, {"treble", 0.0f}, {"level", -3.0f}, {NULL, 0}};
static const PedalPresetDef metal_drive_presets[] = {
    {"scooped", "Scooped", metal_drive_scooped},
    {"crunch", "Crunch", metal_drive_crunch},
    {NULL, NULL, NULL},
};

// OctaveFuzz (spec §2.11: hard clip, then a full-wave rectifier one octave up)

static const PedalPortDef octave_fuzz_ports[] = {
    ENABLE_PORT,
    CTRL("drive", "Drive", "drive", PEDAL_UNIT_DB, 10.0f, 50.0f, 20.0f, 0.5f, 20.0f, 0, NULL,
         "Gain into both stages"),
    CTRL("treble", "Treble", "treble", PEDAL_UNIT_DB, -20.0f, 10.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "High shelf at 3 kHz"),
    CTRL("level", "Level", "level", PEDAL_UNIT_DB, -60.0f, 6.0f, -6.0f, 0.5f, 20.0f, 0, NULL,
         "Output level"),
    AUDIO_PORTS,
};

static const PedalPresetValue octave_fuzz_classic[] = {
    {"drive", 20.0f}, {"treble", 0.0f}, {"level", -6.0f}, {NULL, 0}};
static const PedalPresetValue octave_fuzz_searing[] = {
    {"drive", 45.0f}, {"treble", 6.0f}, {"level", -9.0f}, {NULL, 0}};
static const PedalPresetDef octave_fuzz_presets[] = {
    {"classic", "Classic", octave_fuzz_classic},
    {"searing", "Searing", octave_fuzz_searing},
    {NULL, NULL, NULL},
};

// DistortionSuperModeler (spec §2.11 with every parameter exposed)

static const PedalPortDef super_modeler_ports[] = {
    ENABLE_PORT,
    CTRL("stages", "Stages", "stages", PEDAL_UNIT_NONE, 1.0f, 2.0f, 2.0f, 1.0f, 0.0f,
         PEDAL_FLAG_INTEGER, NULL, "Number of clipping stages, 1 or 2"),
    CTRL("hpf1Freq", "HPF 1", "hpf1Freq", PEDAL_UNIT_HZ, 20.0f, 720.0f, 20.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "High-pass before stage 1"),
    CTRL("lpf1Freq", "LPF 1", "lpf1Freq", PEDAL_UNIT_HZ, 1000.0f, 15000.0f, 7000.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Low-pass before stage 1"),
    CTRL("drive1", "Drive 1", "drive1", PEDAL_UNIT_DB, 0.0f, 80.0f, 6.0f, 0.5f, 20.0f, 0, NULL,
         "Gain into stage 1"),
    CTRL("clip1Type", "Clip 1", "clip1Type", PEDAL_UNIT_NONE, 0.0f, 3.0f, 1.0f, 1.0f, 0.0f,
         ENUM_FLAGS, clip_types, "Stage 1 curve: hard, tube (soft), brit (asymmetric), oct"),
    CTRL("hpf2Freq", "HPF 2", "hpf2Freq", PEDAL_UNIT_HZ, 20.0f, 720.0f, 20.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "High-pass after stage 1"),
    CTRL("lpf2Freq", "LPF 2", "lpf2Freq", PEDAL_UNIT_HZ, 1000.0f, 15000.0f, 7000.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Low-pass after stage 1"),
    CTRL("drive2", "Drive 2", "drive2", PEDAL_UNIT_DB, 0.0f, 40.0f, 6.0f, 0.5f, 20.0f, 0, NULL,
         "Gain into stage 2"),
    CTRL("clip2Type", "Clip 2", "clip2Type", PEDAL_UNIT_NONE, 0.0f, 3.0f, 1.0f, 1.0f, 0.0f,
         ENUM_FLAGS, clip_types, "Stage 2 curve"),
    CTRL("hpf3Freq", "HPF 3", "hpf3Freq", PEDAL_UNIT_HZ, 20.0f, 720.0f, 20.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "High-pass after stage 2"),
    CTRL("lpf3Freq", "LPF 3", "lpf3Freq", PEDAL_UNIT_HZ, 1000.0f, 15000.0f, 7000.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Low-pass after stage 2"),
    CTRL("bass", "Bass", "bass", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Low shelf gain"),
    CTRL("bassFreq", "Bass freq", "bassFreq", PEDAL_UNIT_HZ, 30.0f, 300.0f, 100.0f, 0.5f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Low shelf midpoint"),
    CTRL("mid", "Mid", "mid", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Peaking filter gain"),
    CTRL("midFreq", "Mid freq", "midFreq", PEDAL_UNIT_HZ, 300.0f, 2500.0f, 700.0f, 0.1f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Peaking filter centre"),
    CTRL("midQ", "Mid Q", "midQ", PEDAL_UNIT_COEF, 0.1f, 20.0f, 0.707f, 0.1f, 20.0f, PEDAL_FLAG_LOG,
         NULL, "Peaking filter Q"),
    CTRL("treble", "Treble", "treble", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "High shelf gain"),
    CTRL("trebleFreq", "Treble freq", "trebleFreq", PEDAL_UNIT_HZ, 800.0f, 7000.0f, 4000.0f, 0.5f,
         20.0f, PEDAL_FLAG_LOG, NULL, "High shelf midpoint"),
    CTRL("level", "Level", "level", PEDAL_UNIT_DB, -60.0f, 12.0f, -12.0f, 0.5f, 20.0f, 0, NULL,
         "Level of the distorted path"),
    CTRL("dryLevel", "Dry level", "dryLevel", PEDAL_UNIT_DB, -100.0f, 12.0f, -100.0f, 1.0f, 20.0f,
         0, NULL, "Level of the clean path (-100 dB = off)"),
    AUDIO_PORTS,
};

static const PedalPresetValue super_modeler_stack[] = {
    {"stages", 2.0f},    {"hpf1Freq", 120.0f}, {"lpf1Freq", 5000.0f}, {"drive1", 30.0f},
    {"clip1Type", 1.0f}, {"hpf2Freq", 80.0f},  {"lpf2Freq", 6000.0f}, {"drive2", 12.0f},
    {"clip2Type", 2.0f}, {"mid", 4.0f},        {"level", -6.0f},      {NULL, 0}};
static const PedalPresetValue super_modeler_blend[] = {
    {"stages", 1.0f}, {"hpf1Freq", 200.0f}, {"drive1", 24.0f},   {"clip1Type", 0.0f},
    {"treble", 3.0f}, {"level", -8.0f},     {"dryLevel", -6.0f}, {NULL, 0}};
static const PedalPresetDef super_modeler_presets[] = {
    {"two-stage-stack", "Two-Stage Stack", super_modeler_stack},
    {"clean-blend", "Clean Blend", super_modeler_blend},
    {NULL, NULL, NULL},
};

// Distortion (spec §2.12: two clippers, 4th-order 5 kHz low-passes, tone crossfade)

static const char* const distortion_hpf_modes[] = {"Low", "Mid", NULL};

static const PedalPortDef distortion_ports[] = {
    ENABLE_PORT,
    CTRL("drive", "Drive", "drive", PEDAL_UNIT_DB, 0.0f, 40.0f, 6.0f, 0.5f, 20.0f, 0, NULL,
         "Gain into each of the two clippers"),
    CTRL("clipType", "Clip", "clipType", PEDAL_UNIT_NONE, 0.0f, 3.0f, 1.0f, 1.0f, 0.0f, ENUM_FLAGS,
         clip_types, "Clipping curve of both stages"),
    CTRL("tone", "Tone", "tone", PEDAL_UNIT_COEF, -1.0f, 1.0f, 0.0f, 0.05f, 20.0f, 0, NULL,
         "Equal-power crossfade from dark (-1: low-pass 2 kHz) to bright (+1: high-pass 3 kHz)"),
    CTRL("level", "Level", "level", PEDAL_UNIT_DB, -60.0f, 6.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Output level"),
    CTRL("hpfMode", "Low cut", "hpfMode", PEDAL_UNIT_NONE, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, ENUM_FLAGS,
         distortion_hpf_modes, "Input high-pass: Low = 150 Hz, Mid = 700 Hz"),
    AUDIO_PORTS,
};

static const PedalPresetValue distortion_warm[] = {{"drive", 12.0f},  {"clipType", 1.0f},
                                                   {"tone", -0.4f},   {"level", -3.0f},
                                                   {"hpfMode", 0.0f}, {NULL, 0}};
static const PedalPresetValue distortion_bright[] = {{"drive", 30.0f},  {"clipType", 0.0f},
                                                     {"tone", 0.5f},    {"level", -6.0f},
                                                     {"hpfMode", 1.0f}, {NULL, 0}};
static const PedalPresetDef distortion_presets[] = {
    {"warm", "Warm", distortion_warm},
    {"bright", "Bright", distortion_bright},
    {NULL, NULL, NULL},
};

// DistortionModeler (spec §2.13 with real dB in the EQ)

static const PedalPortDef distortion_modeler_ports[] = {
    ENABLE_PORT,
    CTRL("lowCut", "Low cut", "lowCut", PEDAL_UNIT_HZ, 20.0f, 720.0f, 20.0f, 5.0f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Input high-pass"),
    CTRL("drive", "Drive", "drive", PEDAL_UNIT_DB, 0.0f, 40.0f, 12.0f, 0.5f, 20.0f, 0, NULL,
         "Gain into each of the two clippers"),
    CTRL("clipType", "Clip", "clipType", PEDAL_UNIT_NONE, 0.0f, 3.0f, 1.0f, 1.0f, 0.0f, ENUM_FLAGS,
         clip_types, "Clipping curve of both stages"),
    CTRL("bass", "Bass", "bass", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Low shelf gain"),
    CTRL("bassFreq", "Bass freq", "bassFreq", PEDAL_UNIT_HZ, 30.0f, 300.0f, 100.0f, 0.5f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Low shelf midpoint"),
    CTRL("mid", "Mid", "mid", PEDAL_UNIT_DB, -18.0f, 18.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "Peaking filter gain (Q 0.707)"),
    CTRL("midFreq", "Mid freq", "midFreq", PEDAL_UNIT_HZ, 300.0f, 2500.0f, 700.0f, 0.1f, 20.0f,
         PEDAL_FLAG_LOG, NULL, "Peaking filter centre"),
    CTRL("treble", "Treble", "treble", PEDAL_UNIT_DB, -30.0f, 30.0f, 0.0f, 0.5f, 20.0f, 0, NULL,
         "High shelf gain"),
    CTRL("trebleFreq", "Treble freq", "trebleFreq", PEDAL_UNIT_HZ, 1000.0f, 7000.0f, 4000.0f, 0.5f,
         20.0f, PEDAL_FLAG_LOG, NULL, "High shelf midpoint"),
    CTRL("level", "Level", "level", PEDAL_UNIT_DB, -60.0f, 6.0f, -12.0f, 0.5f, 20.0f, 0, NULL,
         "Level of the distorted path"),
    CTRL("dryLevel", "Dry level", "dryLevel", PEDAL_UNIT_DB, -100.0f, 12.0f, -100.0f, 1.0f, 20.0f,
         0, NULL, "Level of the clean path (-100 dB = off)"),
    AUDIO_PORTS,
};

static const PedalPresetValue distortion_modeler_lead[] = {{"lowCut", 120.0f}, {"drive", 30.0f},
                                                           {"clipType", 1.0f}, {"mid", 6.0f},
                                                           {"level", -6.0f},   {NULL, 0}};
static const PedalPresetValue distortion_modeler_fuzz[] = {
    {"lowCut", 40.0f}, {"drive", 40.0f}, {"clipType", 0.0f}, {"bass", 4.0f},
    {"treble", -6.0f}, {"level", -9.0f}, {NULL, 0}};
static const PedalPresetDef distortion_modeler_presets[] = {
    {"lead", "Lead", distortion_modeler_lead},
    {"fuzz", "Fuzz", distortion_modeler_fuzz},
    {NULL, NULL, NULL},
};

// Champ (spec §2.17: tone, exponential clip, 1x12 cabinet with its 90 Hz high-pass applied)

static const PedalPortDef champ_ports[] = {
    ENABLE_PORT,
    CTRL("gain", "Gain", "gain", PEDAL_UNIT_DB, -6.0f, 20.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "Drive into the exponential clip (the clip output is divided by it, so it sets the "
         "compression, not the level)"),
    CTRL("treble", "Treble", "treble", PEDAL_UNIT_DB, -20.0f, 20.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "High shelf at 2 kHz (slope 1)"),
    CTRL("bass", "Bass", "bass", PEDAL_UNIT_DB, -20.0f, 20.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "Low shelf at 200 Hz (slope 1)"),
    CTRL("master", "Master", "master", PEDAL_UNIT_DB, -10.0f, 10.0f, 0.0f, 0.25f, 20.0f, 0, NULL,
         "Output level"),
    AUDIO_PORTS,
};

static const PedalPresetValue champ_clean[] = {
    {"gain", 0.0f}, {"treble", 2.0f}, {"bass", 0.0f}, {"master", 0.0f}, {NULL, 0}};
static const PedalPresetValue champ_cranked[] = {
    {"gain", 16.0f}, {"treble", 4.0f}, {"bass", -2.0f}, {"master", 3.0f}, {NULL, 0}};
static const PedalPresetDef champ_presets[] = {
    {"clean", "Clean", champ_clean},
    {"cranked", "Cranked", champ_cranked},
    {NULL, NULL, NULL},
};

// Princeton (spec §2.18, the decoded amp model at the host rate)

static const PedalPortDef princeton_ports[] = {
    ENABLE_PORT,
    CTRL("volume", "Volume", "volume", PEDAL_UNIT_COEF, 0.01f, 10.0f, 9.0f, 0.1f, 20.0f, 0, NULL,
         "Preamp volume: drive 0.5 * volume^2 into the preamp clip"),
    CTRL("treble", "Treble", "treble", PEDAL_UNIT_COEF, 0.0f, 10.0f, 7.0f, 0.01f, 20.0f, 0, NULL,
         "Treble of the Fender tone stack"),
    CTRL("bass", "Bass", "bass", PEDAL_UNIT_COEF, 0.0f, 10.0f, 3.5f, 0.01f, 20.0f, 0, NULL,
         "Bass of the Fender tone stack"),
    CTRL("master", "Master", "master", PEDAL_UNIT_COEF, 0.01f, 1.0f, 1.0f, 0.01f, 20.0f, 0, NULL,
         "Power-amp drive master^2 into the power-amp clip"),
    AUDIO_PORTS,
};

static const PedalPresetValue princeton_clean[] = {
    {"volume", 3.0f}, {"treble", 6.0f}, {"bass", 4.0f}, {"master", 1.0f}, {NULL, 0}};
static const PedalPresetValue princeton_dimed[] = {
    {"volume", 10.0f}, {"treble", 5.0f}, {"bass", 6.0f}, {"master", 0.8f}, {NULL, 0}};
static const PedalPresetDef princeton_presets[] = {
    {"clean", "Clean", princeton_clean},
    {"dimed", "Dimed", princeton_dimed},
    {NULL, NULL, NULL},
};

// Reverb (spec §2.6: a clean-room plate after Dattorro, 1997, not MVerb)

static const PedalPortDef reverb_ports[] = {
    ENABLE_PORT,
    CTRL("mix", "Mix", "mix", PEDAL_UNIT_COEF, 0.0f, 0.5f, 0.25f, 0.02f, 20.0f, 0, NULL,
         "Wet share: out = (1 - mix) * dry + mix * plate"),
    CTRL("decay", "Decay", "decay", PEDAL_UNIT_COEF, 0.1f, 0.9f, 0.5f, 0.01f, 50.0f, 0, NULL,
         "Tank decay factor: RT60 = 4.47 s * 1/(-log10(decay)) / 20 (1.8 s at 0.5)"),
    AUDIO_PORTS,
};

static const PedalPresetValue reverb_plate[] = {{"mix", 0.25f}, {"decay", 0.4f}, {NULL, 0}};
static const PedalPresetValue reverb_long[] = {{"mix", 0.3f}, {"decay", 0.8f}, {NULL, 0}};
static const PedalPresetDef reverb_presets[] = {
    {"plate", "Plate", reverb_plate},
    {"long-plate", "Long Plate", reverb_long},
    {NULL, NULL, NULL},
};

// Room Simulator (spec §2.19 "better": per-surface gains, ring buffer, normalised)

static const char* const room_surfaces[] = {"Hard", "Firm", "Soft", "Mush", NULL};

static const PedalPortDef room_simulator_ports[] = {
    ENABLE_PORT,
    CTRL("side", "Side", "side", PEDAL_UNIT_MS, 1.0f, 20.0f, 10.0f, 0.25f, 50.0f, 0, NULL,
         "Delay of the side-wall reflection"),
    CTRL("sideSurface", "Side surface", "sideSurface", PEDAL_UNIT_NONE, 0.0f, 3.0f, 0.0f, 1.0f,
         0.0f, ENUM_FLAGS, room_surfaces, "Side wall: gain and low-pass of its reflection"),
    CTRL("floor", "Floor", "floor", PEDAL_UNIT_MS, 1.0f, 20.0f, 10.0f, 0.25f, 50.0f, 0, NULL,
         "Delay of the floor reflection"),
    CTRL("floorSurface", "Floor surface", "floorSurface", PEDAL_UNIT_NONE, 0.0f, 3.0f, 0.0f, 1.0f,
         0.0f, ENUM_FLAGS, room_surfaces, "Floor: gain and low-pass of its reflection"),
    CTRL("top", "Ceiling", "top", PEDAL_UNIT_MS, 6.0f, 30.0f, 10.0f, 0.25f, 50.0f, 0, NULL,
         "Delay of the ceiling reflection"),
    CTRL("topSurface", "Ceiling surface", "topSurface", PEDAL_UNIT_NONE, 0.0f, 3.0f, 0.0f, 1.0f,
         0.0f, ENUM_FLAGS, room_surfaces, "Ceiling: gain and low-pass of its reflection"),
    AUDIO_PORTS,
};

static const PedalPresetValue room_small[] = {
    {"side", 3.0f}, {"sideSurface", 1.0f}, {"floor", 4.0f}, {"floorSurface", 2.0f},
    {"top", 7.0f},  {"topSurface", 1.0f},  {NULL, 0}};
static const PedalPresetValue room_hall[] = {
    {"side", 17.0f}, {"sideSurface", 0.0f}, {"floor", 9.0f}, {"floorSurface", 1.0f},
    {"top", 26.0f},  {"topSurface", 0.0f},  {NULL, 0}};
static const PedalPresetDef room_simulator_presets[] = {
    {"small-room", "Small Room", room_small},
    {"hall", "Hall", room_hall},
    {NULL, NULL, NULL},
};

// Template Pedal (spec §2.20: passes audio through; three knobs that do nothing)

static const PedalPortDef template_ports[] = {
    ENABLE_PORT,
    CTRL("knob1", "Knob 1", "knob 1", PEDAL_UNIT_DB, -20.0f, 20.0f, 0.0f, 0.25f, 0.0f, 0, NULL,
         "Unused (a template for new pedals)"),
    CTRL("knob2", "Knob 2", "knob 2", PEDAL_UNIT_DB, -20.0f, 20.0f, 0.0f, 0.25f, 0.0f, 0, NULL,
         "Unused"),
    CTRL("knob3", "Knob 3", "knob 3", PEDAL_UNIT_DB, -20.0f, 20.0f, 0.0f, 0.25f, 0.0f, 0, NULL,
         "Unused"),
    AUDIO_PORTS,
};

static const PedalPresetValue template_zero[] = {
    {"knob1", 0.0f}, {"knob2", 0.0f}, {"knob3", 0.0f}, {NULL, 0}};
static const PedalPresetValue template_other[] = {
    {"knob1", 5.0f}, {"knob2", -5.0f}, {"knob3", 10.0f}, {NULL, 0}};
static const PedalPresetDef template_presets[] = {
    {"zero", "All Zero", template_zero},
    {"example", "Example", template_other},
    {NULL, NULL, NULL},
};

// ---------------------------------------------------------------------------------------------

#define PEDAL(slug_, id_, json_, name_, class_, comment_, prefix_, groups_)                        \
  {                                                                                                \
    .slug = slug_, .id = id_, .json = json_, .name = name_, .lv2_class = class_,                   \
    .comment = comment_, .ports = prefix_##_ports, .n_ports = COUNT(prefix_##_ports),              \
    .groups = groups_, .presets = prefix_##_presets                                                \
  }

const PedalDef pedal_defs[] = {
    PEDAL("noise-gate", "NOISE_GATE", "Noise Gate", "RTJam Noise Gate", "GatePlugin",
          "Noise gate with hysteresis, attack, hold and release", noise_gate, noise_gate_groups),
    PEDAL("compressor", "COMPRESSOR", "Compressor", "RTJam Compressor", "CompressorPlugin",
          "Feed-forward peak compressor with a hard knee and make-up gain", compressor,
          compressor_groups),
    PEDAL("boost", "BOOST", "Boost", "RTJam Boost", "AmplifierPlugin", "Clean boost, 0 to 12 dB",
          boost, NULL),
    PEDAL("tone-stack", "TONE_STACK", "Tone Stack", "RTJam Tone Stack", "MultiEQPlugin",
          "Three-band EQ: low shelf 200 Hz, peak 700 Hz, high shelf 2 kHz", tone_stack, NULL),
    PEDAL("tube-drive", "TUBE_DRIVE", "TubeDrive", "RTJam TubeDrive", "DistortionPlugin",
          "Tube-style overdrive: mid-voiced soft clipper, 8x oversampled", tube_drive, NULL),
    PEDAL("tube-screamer", "TUBE_SCREAMER", "Tube Screamer", "RTJam Tube Screamer",
          "DistortionPlugin", "Overdrive modelled on the classic green pedal, 8x oversampled",
          tube_screamer, NULL),
    PEDAL("soul-drive", "SOUL_DRIVE", "SoulDrive", "RTJam SoulDrive", "DistortionPlugin",
          "Transparent overdrive that mixes a clean path with a hard clipper, 8x oversampled",
          soul_drive, NULL),
    PEDAL("speaker-sim", "SPEAKER_SIM", "Speaker Sim", "RTJam Speaker Sim", "SimulatorPlugin",
          "Guitar cabinet simulator with four voicings", speaker_sim, NULL),
    PEDAL("delay", "DELAY", "Delay", "RTJam Delay", "DelayPlugin",
          "Modulated delay with a filtered, bounded feedback loop", delay, delay_groups),
    PEDAL("chorus", "CHORUS", "Chorus", "RTJam Chorus", "ChorusPlugin",
          "Chorus: one voice on a sine-modulated short delay", chorus, chorus_groups),
    PEDAL("tremolo", "TREMELO", "Tremelo", "RTJam Tremolo", "ModulatorPlugin",
          "Sine tremolo that never rises above unity gain", tremolo, NULL),
    PEDAL("sigma-reverb", "SIGMA_REVERB", "Sigma Reverb", "RTJam Sigma Reverb", "ReverbPlugin",
          "Allpass-loop reverb in the style of the FV-1, with a set RT60", sigma_reverb,
          sigma_reverb_groups),
    PEDAL("bass-envelope", "BASS_ENVELOPE", "Bass Envelope", "RTJam Bass Envelope", "FilterPlugin",
          "Envelope filter (auto-wah) voiced for bass: 4-pole low-pass by default", bass_envelope,
          NULL),
    PEDAL("guitar-envelope", "GUITAR_ENVELOPE", "Guitar Envelope", "RTJam Guitar Envelope",
          "FilterPlugin",
          "Envelope filter (auto-wah) voiced for guitar: 4-pole band-pass by "
          "default",
          guitar_envelope, NULL),
    PEDAL("bass-di", "BASS_DI", "Bass DI", "RTJam Bass DI", "SimulatorPlugin",
          "Bass tone shaping: low shelf 70 Hz, peak 180 Hz, high shelf 350 Hz, soft clip", bass_di,
          NULL),
    PEDAL("metal-drive", "METAL_DRIVE", "MetalDrive", "RTJam MetalDrive", "DistortionPlugin",
          "Metal overdrive: two hard-clip stages at 2x with anti-aliasing, 3-band tone",
          metal_drive, NULL),
    PEDAL("octave-fuzz", "OCTAVE_FUZZ", "OctaveFuzz", "RTJam OctaveFuzz", "DistortionPlugin",
          "Octave fuzz: a hard clipper into a full-wave rectifier, one octave up", octave_fuzz,
          NULL),
    PEDAL("distortion-super-modeler", "DISTORTION_SUPER_MODELER", "DistortionSuperModeler",
          "RTJam Distortion Super Modeler", "DistortionPlugin",
          "Two-stage distortion with every filter, drive, curve and EQ on a knob", super_modeler,
          NULL),
    PEDAL("distortion", "DISTORTION", "Distortion", "RTJam Distortion", "DistortionPlugin",
          "Two-stage distortion with a dark-to-bright tone crossfade", distortion, NULL),
    PEDAL("distortion-modeler", "DISTORTION_MODELER", "DistortionModeler",
          "RTJam Distortion Modeler", "DistortionPlugin",
          "Distortion playground: two clip stages and a 3-band EQ with movable frequencies",
          distortion_modeler, NULL),
    PEDAL("champ", "CHAMP", "Champ", "RTJam Champ", "SimulatorPlugin",
          "Fender Champ style amp: tone, exponential preamp clip, 1x12 cabinet", champ, NULL),
    PEDAL("princeton", "PRINCETON", "Princeton", "RTJam Princeton", "SimulatorPlugin",
          "Fender Princeton amp model: preamp, Fender tone stack, power amp, cabinet voicing",
          princeton, NULL),
    PEDAL("reverb", "REVERB", "Reverb", "RTJam Reverb", "ReverbPlugin",
          "Plate reverb after Dattorro's published figure-8 tank, with a set RT60", reverb, NULL),
    PEDAL("room-simulator", "ROOM_SIMULATOR", "Room Simulator", "RTJam Room Simulator",
          "ReverbPlugin",
          "Three early reflections (side wall, floor, ceiling) with surface "
          "filters, normalised to 0 dB",
          room_simulator, NULL),
    PEDAL("template", "TEMPLATE", "Template Pedal", "RTJam Template Pedal", "UtilityPlugin",
          "Sample pedal template: passes audio through; its three knobs do nothing", template,
          NULL),
};

const size_t pedal_defs_count = COUNT(pedal_defs);

const PedalDef*
pedal_defs_find(const char* const slug)
{
  for (size_t i = 0; i < pedal_defs_count; ++i) {
    if (!strcmp(pedal_defs[i].slug, slug)) {
      return &pedal_defs[i];
    }
  }
  return NULL;
}

int
pedal_defs_port_index(const PedalDef* const def, const char* const symbol)
{
  for (size_t i = 0; i < def->n_ports; ++i) {
    if (!strcmp(def->ports[i].symbol, symbol)) {
      return (int)i;
    }
  }
  return -1;
}
