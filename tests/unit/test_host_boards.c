// SPDX-License-Identifier: ISC
// Saved boards that use the issue-16 pedal types load into rtjam-host with every setting: the
// board JSON type names of pedals_spec.md §1.1 and the setting names of §1.3 (spaces and
// capitals included: "dry level", "knob 1", "Volume") reach the right LV2 ports. Uses the
// real bundle from $RTJAM_LV2, as test_host_rig does.

#include "host/graph.h"
#include "host/rig.h"

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static HostWorld* g_world;
static HostGraph* g_graph;
static HostRig* g_rig;

/// Value of a setting of pedal i, or -1e9 when the pedal has no such setting.
static double
setting(const HostBoardInfo* const info, const int i, const char* const name)
{
  for (int k = 0; k < info->pedals[i].n_settings; ++k) {
    if (!strcmp(info->pedals[i].settings[k].name, name)) {
      return info->pedals[i].settings[k].value;
    }
  }
  return -1e9;
}

/// Loads `json` into board 0 and checks that the pedal names come back as `want`.
static HostBoardInfo*
load(const char* const json, const char* const want)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse(json, d), JAM_SUCCESS);
  char err[256] = "";
  CHECK_INT(host_rig_load(g_rig, 0, d, err, sizeof err), JAM_SUCCESS);
  free(d);
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, 0, info);
  char names[1024] = "";
  for (int i = 0; i < info->n_pedals; ++i) {
    strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
    strncat(names, info->pedals[i].name, sizeof names - strlen(names) - 1);
  }
  CHECK(!strcmp(names, want), "board = %s", names);
  HostReadings r;
  host_graph_collect(g_graph, &r);
  return info;
}

/// An R ("dB10") knob value as amplitude dB: its gain 10^(v/10), in dB.
static double
r_db(const double v)
{
  return 20.0 * log10(pow(10.0, v / 10.0));
}

static void
the_sample_bass_board_loads_with_its_settings(void)
{
  // The original's sample bass board: gate, compressor, envelope, DI, cabinet. A Rust board: its
  // dB10 knobs and its "Darius" times (real time constant 0.2327·T) land in our units.
  HostBoardInfo* info =
      load("{\"id\":3,\"config\":["
           "{\"name\":\"Noise Gate\",\"settings\":[{\"name\":\"threshold\",\"value\":-60}]},"
           "{\"name\":\"Compressor\",\"settings\":[{\"name\":\"ratio\",\"value\":4}]},"
           "{\"name\":\"Bass Envelope\",\"settings\":[{\"name\":\"bypass\",\"value\":false},"
           "{\"name\":\"type\",\"value\":1},{\"name\":\"frequency\",\"value\":150},"
           "{\"name\":\"resonance\",\"value\":6.5},{\"name\":\"sensitivity\",\"value\":35},"
           "{\"name\":\"attack\",\"value\":12},{\"name\":\"release\",\"value\":300},"
           "{\"name\":\"level\",\"value\":2},{\"name\":\"dry level\",\"value\":-12}]},"
           "{\"name\":\"Bass DI\",\"settings\":[{\"name\":\"Volume\",\"value\":-2},"
           "{\"name\":\"Bass\",\"value\":5},{\"name\":\"Mid\",\"value\":-4},"
           "{\"name\":\"Treble\",\"value\":3}]},"
           "{\"name\":\"Speaker Sim\",\"settings\":[{\"name\":\"cabinetType\",\"value\":3}]}]}",
           "Noise Gate,Compressor,Bass Envelope,Bass DI,Speaker Sim");
  CHECK_NEAR(setting(info, 2, "type"), 1.0, 0);
  CHECK_NEAR(setting(info, 2, "frequency"), 150.0, 1e-3);
  CHECK_NEAR(setting(info, 2, "resonance"), 6.5, 1e-3);
  CHECK_NEAR(setting(info, 2, "sensitivity"), 35.0, 1e-3);
  // the time constant of the one-pole y += c(T)·(x - y), c(T) = 27(1 - e^(-1/(2π·T·fs))) at
  // fs 48 kHz (pedals_spec.md §3.2): it decays by 1 - c per sample
  const double c = 27.0 * (1.0 - exp(-1.0 / (2.0 * M_PI * 0.300 * 48000.0)));
  CHECK_NEAR(setting(info, 2, "release"), -1000.0 / (48000.0 * log(1.0 - c)), 1e-6);
  CHECK_NEAR(setting(info, 2, "level"), r_db(2), 1e-3);
  CHECK_NEAR(setting(info, 2, "dry level"), r_db(-12), 1e-3);
  CHECK_NEAR(setting(info, 3, "Volume"), r_db(-2), 1e-3);
  CHECK_NEAR(setting(info, 3, "Bass"), 5.0, 1e-3); // R's tone knobs are real dB already
  CHECK_NEAR(setting(info, 3, "Mid"), -4.0, 1e-3);
  CHECK_NEAR(setting(info, 3, "Treble"), 3.0, 1e-3);
  free(info);
}

static void
every_new_type_loads_by_its_json_name_with_a_setting(void)
{
  HostBoardInfo* info =
      load("{\"id\":4,\"config\":["
           "{\"name\":\"Template Pedal\",\"settings\":[{\"name\":\"knob 2\",\"value\":7}]},"
           "{\"name\":\"Guitar Envelope\",\"settings\":[{\"name\":\"resonance\",\"value\":9}]},"
           "{\"name\":\"MetalDrive\",\"settings\":[{\"name\":\"mid\",\"value\":-9}]},"
           "{\"name\":\"OctaveFuzz\",\"settings\":[{\"name\":\"drive\",\"value\":33}]},"
           "{\"name\":\"DistortionSuperModeler\",\"settings\":[{\"name\":\"stages\",\"value\":1},"
           "{\"name\":\"clip2Type\",\"value\":3},{\"name\":\"trebleFreq\",\"value\":2500}]},"
           "{\"name\":\"Distortion\",\"settings\":[{\"name\":\"hpfMode\",\"value\":1}]},"
           "{\"name\":\"DistortionModeler\",\"settings\":[{\"name\":\"lowCut\",\"value\":300}]},"
           "{\"name\":\"Champ\",\"settings\":[{\"name\":\"gain\",\"value\":12}]},"
           "{\"name\":\"Princeton\",\"settings\":[{\"name\":\"treble\",\"value\":4.5}]},"
           "{\"name\":\"Reverb\",\"settings\":[{\"name\":\"mix\",\"value\":0.4}]},"
           "{\"name\":\"Room Simulator\",\"settings\":[{\"name\":\"topSurface\",\"value\":2},"
           "{\"name\":\"floor\",\"value\":4}]}]}",
           "Template Pedal,Guitar Envelope,MetalDrive,OctaveFuzz,DistortionSuperModeler,Distortion,"
           "DistortionModeler,Champ,Princeton,Reverb,Room Simulator");
  CHECK_NEAR(setting(info, 0, "knob 2"), 7.0, 1e-3);
  CHECK_NEAR(setting(info, 1, "resonance"), 9.0, 1e-3);
  CHECK_NEAR(setting(info, 2, "mid"), -9.0, 1e-3);
  CHECK_NEAR(setting(info, 3, "drive"), 33.0, 1e-3);
  CHECK_NEAR(setting(info, 4, "stages"), 1.0, 0);
  CHECK_NEAR(setting(info, 4, "clip2Type"), 3.0, 0);
  CHECK_NEAR(setting(info, 4, "trebleFreq"), 2500.0, 1e-3);
  CHECK_NEAR(setting(info, 5, "hpfMode"), 1.0, 0);
  CHECK_NEAR(setting(info, 6, "lowCut"), 300.0, 1e-3);
  CHECK_NEAR(setting(info, 7, "gain"), fmin(r_db(12), 20.0), 1e-3); // clamped to our +20 dB
  CHECK_NEAR(setting(info, 8, "treble"), 4.5, 1e-3);
  CHECK_NEAR(setting(info, 9, "mix"), 0.4, 1e-3);
  CHECK_NEAR(setting(info, 10, "topSurface"), 2.0, 0);
  CHECK_NEAR(setting(info, 10, "floor"), 4.0, 1e-3);
  free(info);
}

int
main(void)
{
  const char* lv2 = getenv("RTJAM_LV2");
  if (!lv2) {
    jam_test_skip("every saved board", "RTJAM_LV2 is not set (run through make check)");
    return jam_test_summary();
  }
  char path[4096];
  snprintf(path, sizeof path, "%s:/usr/lib/lv2", lv2);
  setenv("LV2_PATH", path, 1);
  g_world = host_world_new();
  g_graph = g_world ? host_graph_new(g_world) : NULL;
  g_rig = g_graph ? host_rig_new(g_world, g_graph) : NULL;
  CHECK(g_rig != NULL, "world, graph (rtjam-net) and rig are created");
  if (g_rig) {
    RUN(the_sample_bass_board_loads_with_its_settings);
    RUN(every_new_type_loads_by_its_json_name_with_a_setting);
  } else {
    ++jam_tests_failed;
  }
  host_rig_free(g_rig);
  host_graph_free(g_graph);
  host_world_free(g_world);
  return jam_test_summary();
}
