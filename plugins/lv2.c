// SPDX-License-Identifier: ISC
/// The descriptor table of rtjam.so: one LV2_Descriptor per pedal, in pedal_defs[] order, all
/// sharing the glue of pedal_lv2.c, then rtjam-net's when it is linked in (plugins/net/), and
/// the only exported symbol, lv2_descriptor().

#include "pedal.h"
#include "pedal_lv2.h"
#include "pedal_ports.h"

#include <lv2/core/lv2.h>

#include <stdint.h>

extern const PedalClass pedal_noise_gate_class;
extern const PedalClass pedal_compressor_class;
extern const PedalClass pedal_boost_class;
extern const PedalClass pedal_tone_stack_class;
extern const PedalClass pedal_tube_drive_class;
extern const PedalClass pedal_tube_screamer_class;
extern const PedalClass pedal_soul_drive_class;
extern const PedalClass pedal_speaker_sim_class;
extern const PedalClass pedal_delay_class;
extern const PedalClass pedal_chorus_class;
extern const PedalClass pedal_tremolo_class;
extern const PedalClass pedal_sigma_reverb_class;
extern const PedalClass pedal_bass_envelope_class;
extern const PedalClass pedal_guitar_envelope_class;
extern const PedalClass pedal_bass_di_class;
extern const PedalClass pedal_metal_drive_class;
extern const PedalClass pedal_octave_fuzz_class;
extern const PedalClass pedal_distortion_super_modeler_class;
extern const PedalClass pedal_distortion_class;
extern const PedalClass pedal_distortion_modeler_class;
extern const PedalClass pedal_champ_class;
extern const PedalClass pedal_princeton_class;
extern const PedalClass pedal_reverb_class;
extern const PedalClass pedal_room_simulator_class;
extern const PedalClass pedal_template_class;

const PedalClass* const pedal_classes[PEDAL_COUNT] = {
    [PEDAL_NOISE_GATE_DEF] = &pedal_noise_gate_class,
    [PEDAL_COMPRESSOR_DEF] = &pedal_compressor_class,
    [PEDAL_BOOST_DEF] = &pedal_boost_class,
    [PEDAL_TONE_STACK_DEF] = &pedal_tone_stack_class,
    [PEDAL_TUBE_DRIVE_DEF] = &pedal_tube_drive_class,
    [PEDAL_TUBE_SCREAMER_DEF] = &pedal_tube_screamer_class,
    [PEDAL_SOUL_DRIVE_DEF] = &pedal_soul_drive_class,
    [PEDAL_SPEAKER_SIM_DEF] = &pedal_speaker_sim_class,
    [PEDAL_DELAY_DEF] = &pedal_delay_class,
    [PEDAL_CHORUS_DEF] = &pedal_chorus_class,
    [PEDAL_TREMELO_DEF] = &pedal_tremolo_class,
    [PEDAL_SIGMA_REVERB_DEF] = &pedal_sigma_reverb_class,
    [PEDAL_BASS_ENVELOPE_DEF] = &pedal_bass_envelope_class,
    [PEDAL_GUITAR_ENVELOPE_DEF] = &pedal_guitar_envelope_class,
    [PEDAL_BASS_DI_DEF] = &pedal_bass_di_class,
    [PEDAL_METAL_DRIVE_DEF] = &pedal_metal_drive_class,
    [PEDAL_OCTAVE_FUZZ_DEF] = &pedal_octave_fuzz_class,
    [PEDAL_DISTORTION_SUPER_MODELER_DEF] = &pedal_distortion_super_modeler_class,
    [PEDAL_DISTORTION_DEF] = &pedal_distortion_class,
    [PEDAL_DISTORTION_MODELER_DEF] = &pedal_distortion_modeler_class,
    [PEDAL_CHAMP_DEF] = &pedal_champ_class,
    [PEDAL_PRINCETON_DEF] = &pedal_princeton_class,
    [PEDAL_REVERB_DEF] = &pedal_reverb_class,
    [PEDAL_ROOM_SIMULATOR_DEF] = &pedal_room_simulator_class,
    [PEDAL_TEMPLATE_DEF] = &pedal_template_class,
};

#define DESCRIPTOR(id)                                                                             \
  [PEDAL_##id##_DEF] = {PEDAL_##id##_URI,   pedal_lv2_instantiate,   pedal_lv2_connect_port,       \
                        pedal_lv2_activate, pedal_lv2_run,           pedal_lv2_deactivate,         \
                        pedal_lv2_cleanup,  pedal_lv2_extension_data}

static const LV2_Descriptor descriptors[PEDAL_COUNT] = {
    DESCRIPTOR(NOISE_GATE),    DESCRIPTOR(COMPRESSOR),
    DESCRIPTOR(BOOST),         DESCRIPTOR(TONE_STACK),
    DESCRIPTOR(TUBE_DRIVE),    DESCRIPTOR(TUBE_SCREAMER),
    DESCRIPTOR(SOUL_DRIVE),    DESCRIPTOR(SPEAKER_SIM),
    DESCRIPTOR(DELAY),         DESCRIPTOR(CHORUS),
    DESCRIPTOR(TREMELO),       DESCRIPTOR(SIGMA_REVERB),
    DESCRIPTOR(BASS_ENVELOPE), DESCRIPTOR(GUITAR_ENVELOPE),
    DESCRIPTOR(BASS_DI),       DESCRIPTOR(METAL_DRIVE),
    DESCRIPTOR(OCTAVE_FUZZ),   DESCRIPTOR(DISTORTION_SUPER_MODELER),
    DESCRIPTOR(DISTORTION),    DESCRIPTOR(DISTORTION_MODELER),
    DESCRIPTOR(CHAMP),         DESCRIPTOR(PRINCETON),
    DESCRIPTOR(REVERB),        DESCRIPTOR(ROOM_SIMULATOR),
    DESCRIPTOR(TEMPLATE),
};

/// rtjam-net's descriptor (plugins/net/net_lv2.c). Weak, so that the pedals' unit tests, which
/// link only the pedal objects, do not need the network stage.
extern const LV2_Descriptor net_lv2_descriptor __attribute__((weak));

LV2_SYMBOL_EXPORT const LV2_Descriptor*
lv2_descriptor(const uint32_t index)
{
  if (index < PEDAL_COUNT) {
    return &descriptors[index];
  }
  if (index == PEDAL_COUNT && &net_lv2_descriptor != NULL) {
    return &net_lv2_descriptor;
  }
  return NULL;
}
