// SPDX-License-Identifier: ISC
/// The one source of the rtjam.lv2 bundle's metadata: every pedal's URI, names, ports (index,
/// symbol, range, default, unit, JSON setting name) and factory presets. ttl/ttlgen.c prints
/// the Turtle files and the C port enums (pedal_ports.h) from this table; the plugins link it
/// to clamp and smooth their controls; tests/lv2/lv2check.c compares the installed TTL with it.
///
/// Port layout of every pedal: index 0 is the lv2:enabled bypass switch (the inverse of the
/// board JSON setting "bypass", setting index 0), indices 1..k are the controls in the board
/// JSON's setting order (pedals_spec.md §4.3: setting index k = control port k), then the mono
/// audio input and output, then (oversampled pedals only) the latency output.

#ifndef PEDAL_DEFS_H
#define PEDAL_DEFS_H

#include <stddef.h>

/// URI prefix of every plugin: the plugin URI is PEDAL_URI_BASE + slug. Never change it.
#define PEDAL_URI_BASE "https://rtjam.org/lv2/"

/// Home page and maintainer of every plugin of the bundle (doap:homepage, doap:maintainer).
#define PEDAL_HOMEPAGE        "https://rtjam.org"
#define PEDAL_MAINTAINER_NAME "RTJam maintainers"
#define PEDAL_MAINTAINER_MBOX "mailto:maintainers@rtjam.org"

/// Namespace of the bundle's own RDF properties (rtjam:jsonName).
#define PEDAL_NS "https://rtjam.org/ns/lv2#"

/// Frames per sub-block: controls are smoothed and coefficients updated once per sub-block,
/// aligned to multiples of this count since activate() (so output does not depend on the
/// host's block size). 64 frames (1.3 ms at 48 kHz): each stage's per-call work (a filter
/// cascade's state in and out of registers and its pipeline filled and drained, the
/// coefficients designed) spreads over twice the frames of 32, which made the drives about
/// 8 % cheaper (tests/bench/pedal_cpu.sh); a control still moves on a 20 ms one-pole, ramped
/// per sample within the sub-block.
#define PEDAL_BLOCK 64u

/// Kind of a port.
typedef enum {
  PEDAL_PORT_ENABLE,    ///< control input designated lv2:enabled: 1 = active, 0 = bypassed
  PEDAL_PORT_CONTROL,   ///< control input
  PEDAL_PORT_AUDIO_IN,  ///< audio input
  PEDAL_PORT_AUDIO_OUT, ///< audio output
  PEDAL_PORT_LATENCY,   ///< control output designated lv2:latency: processing delay, frames
} PedalPortKind;

/// Unit of a control (units: vocabulary of LV2).
typedef enum {
  PEDAL_UNIT_NONE, ///< unitless (ratio, position of a knob)
  PEDAL_UNIT_DB,   ///< decibels of amplitude: 10^(v/20) (units:db)
  PEDAL_UNIT_MS,   ///< milliseconds (units:ms)
  PEDAL_UNIT_HZ,   ///< hertz (units:hz)
  PEDAL_UNIT_COEF, ///< linear factor (units:coef)
} PedalUnit;

/// Port property flags.
enum {
  PEDAL_FLAG_LOG = 1u << 0,     ///< pprops:logarithmic (times and frequencies)
  PEDAL_FLAG_INTEGER = 1u << 1, ///< lv2:integer
  PEDAL_FLAG_ENUM = 1u << 2,    ///< lv2:enumeration with the labels as scale points 0..n-1
  PEDAL_FLAG_TOGGLED = 1u << 3, ///< lv2:toggled
};

/// One port. Audio ports use only kind, symbol, name and comment.
typedef struct {
  PedalPortKind kind;        ///< input/output, control/audio
  const char* symbol;        ///< lv2:symbol: a C identifier, frozen forever (presets use it)
  const char* name;          ///< lv2:name shown by hosts
  const char* json;          ///< board JSON setting name (pedals_spec.md §1.3); NULL for audio
  PedalUnit unit;            ///< unit of min/max/def
  float min;                 ///< lv2:minimum, in `unit`
  float max;                 ///< lv2:maximum, in `unit`
  float def;                 ///< lv2:default, in `unit`
  float step;                ///< JSON step; written as pprops:rangeSteps; 0 = continuous
  float smooth_ms;           ///< smoothing time constant, ms; 0 = applied at once
  unsigned flags;            ///< PEDAL_FLAG_* bits
  const char* const* labels; ///< enumeration labels, NULL-terminated (PEDAL_FLAG_ENUM)
  const char* group;         ///< symbol of a control group in PedalDef.groups, or NULL
  const char* comment;       ///< rdfs:comment: what the control does, in its unit
} PedalPortDef;

/// A named set of controls (pg:Group), e.g. a delay's modulation controls.
typedef struct {
  const char* symbol; ///< lv2:symbol of the group, unique within the plugin
  const char* label;  ///< rdfs:label
} PedalGroupDef;

/// One control value of a preset.
typedef struct {
  const char* symbol; ///< port symbol
  float value;        ///< value in the port's unit
} PedalPresetValue;

/// A factory preset (pset:Preset). Ports it does not list take their defaults.
typedef struct {
  const char* slug;               ///< URI fragment: PEDAL_URI_BASE slug "#preset-" preset slug
  const char* label;              ///< rdfs:label
  const PedalPresetValue* values; ///< the values, terminated by a NULL symbol
} PedalPresetDef;

/// One pedal (one LV2 plugin).
typedef struct {
  const char* slug;              ///< URI suffix and .ttl file name, e.g. "noise-gate"
  const char* id;                ///< upper-case C name for the generated enums, e.g. "NOISE_GATE"
  const char* json;              ///< board JSON type name (pedals_spec.md §1.1), e.g. "Noise Gate"
  const char* name;              ///< doap:name, e.g. "RTJam Noise Gate"
  const char* lv2_class;         ///< plugin class in the lv2: namespace, e.g. "GatePlugin"
  const char* comment;           ///< rdfs:comment: one paragraph on what it does
  const PedalPortDef* ports;     ///< ports in index order
  size_t n_ports;                ///< number of ports
  const PedalGroupDef* groups;   ///< control groups, terminated by a NULL symbol (may be NULL)
  const PedalPresetDef* presets; ///< factory presets, terminated by a NULL slug
} PedalDef;

/// Every pedal of the bundle, in lv2_descriptor() order.
extern const PedalDef pedal_defs[];

/// Number of entries in pedal_defs.
extern const size_t pedal_defs_count;

/// The pedal with this slug, or NULL.
const PedalDef*
pedal_defs_find(const char* slug);

/// The index of the port with this symbol in `def`, or -1.
int
pedal_defs_port_index(const PedalDef* def, const char* symbol);

#endif // PEDAL_DEFS_H
