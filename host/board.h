// SPDX-License-Identifier: ISC
/// Pedal-board documents (pedals_spec.md §4.2, rtjam_rust_spec.md §5.8, §12.2): reading the
/// nation board JSON and a SetEffectConfig setting, and writing the pedalInfo board object.
/// Pure data: no LV2 here; host/rig.c turns a document into plugin instances.

#ifndef HOST_BOARD_H
#define HOST_BOARD_H

#include "host/board_units.h"
#include "status.h"

#include <cJSON.h>

#include <stdint.h>

#define HOST_BOARD_MAX_PEDALS   16  ///< pedals per board
#define HOST_PEDAL_MAX_SETTINGS 32  ///< settings per pedal, bypass included
#define HOST_NAME_MAX           256 ///< bytes of a pedal or setting name, NUL included
#define HOST_SETTING_MAX_LABELS 16  ///< labels of one enumeration setting
#define HOST_LABEL_MAX          32  ///< bytes of a label, NUL included
#define HOST_UNIT_MAX           8   ///< bytes of a unit symbol, NUL included

/// Setting kinds of the board JSON ("type").
typedef enum {
  HOST_SETTING_CONTINUOUS = 0, ///< a float knob
  HOST_SETTING_SELECTOR = 1,   ///< an integer / enumeration
  HOST_SETTING_FOOTSWITCH = 2, ///< a boolean (bypass and toggles)
} HostSettingType;

/// One setting as read from a document or a SetEffectConfig sValue.
typedef struct {
  char name[HOST_NAME_MAX]; ///< setting name ("bypass", "Gain", ...)
  double value;             ///< value in the setting's unit; a boolean gives 0/1
  int is_bool;              ///< 1 when the JSON value was a boolean (it sets bypass, §5.8)
} HostSettingValue;

/// One pedal of a document.
typedef struct {
  char name[HOST_NAME_MAX];                           ///< pedal type name (JSON name)
  int n_settings;                                     ///< entries used in settings
  HostSettingValue settings[HOST_PEDAL_MAX_SETTINGS]; ///< in document order
} HostPedalDoc;

/// A board document: the nation's saved board, only the fields that are read.
typedef struct {
  int64_t id;                                 ///< board id ("id"), −1 when absent
  HostBoardDialect dialect;                   ///< the original that saved it (its units)
  int n_pedals;                               ///< entries used in pedals
  HostPedalDoc pedals[HOST_BOARD_MAX_PEDALS]; ///< in "config" array order
} HostBoardDoc;

/// Parses a board document. Pedals beyond HOST_BOARD_MAX_PEDALS and settings without a string
/// name are skipped. The document is the C++ version's when a setting carries "units" (only it
/// writes that key) or a C++ setting name (host_board_setting_alias), else the Rust version's;
/// values come out in our ports' units (host_board_setting_to_port).
/// @return JAM_ERR_PARSE if it is not a JSON object with a "config" array
JamStatus
host_board_doc_parse(const char* text, HostBoardDoc* doc);

/// Converts a setting of pedal type `pedal`, as saved by `dialect`, to our port's units in place
/// (host/board_units.h; a C++ name is looked up as ours). A boolean is left alone.
void
host_board_setting_to_port(const char* pedal, HostBoardDialect dialect, HostSettingValue* setting);

/// Parses one SetEffectConfig setting `{"name":..,"value":..}` (value a number, a numeric
/// string or a boolean). @return JAM_ERR_PARSE when name or value is missing
JamStatus
host_board_setting_parse(const char* text, HostSettingValue* setting);

/// The name of a setting that the C++ version's boards call `name` on a `pedal` (e.g. Tone
/// Stack "low" -> "bass", pedals_spec.md §1.3). @return our name, or NULL when it is not an alias
const char*
host_board_setting_alias(const char* pedal, const char* name);

/// A setting of a live pedal, as pedalInfo reports it.
typedef struct {
  char name[HOST_NAME_MAX]; ///< setting name
  HostSettingType type;     ///< continuous, selector or footswitch
  double min;               ///< lowest value
  double max;               ///< highest value
  double step;              ///< knob step (0 when unknown)
  double value;             ///< current value
  char unit[HOST_UNIT_MAX]; ///< ours: the units:unit symbol ("dB", "ms", "Hz", ...; "" = none)
  int n_labels;             ///< labels of an enumeration (selector), by value from min; else 0
  char labels[HOST_SETTING_MAX_LABELS][HOST_LABEL_MAX]; ///< lv2:scalePoint labels, by value
} HostSettingInfo;

/// A live pedal, as pedalInfo reports it. settings[0] is always "bypass".
typedef struct {
  char name[HOST_NAME_MAX];                          ///< JSON name, or the plugin URI's tail
  int n_settings;                                    ///< entries used in settings
  HostSettingInfo settings[HOST_PEDAL_MAX_SETTINGS]; ///< bypass first
} HostPedalInfo;

/// A live board, as pedalInfo reports it.
typedef struct {
  int64_t id;                                  ///< board id, −1 until a board is loaded
  int n_pedals;                                ///< entries used in pedals
  HostPedalInfo pedals[HOST_BOARD_MAX_PEDALS]; ///< in signal order
} HostBoardInfo;

/// Builds the pedalInfo board object `{"boardId","channel","name":"channel_<k>","effects":[..]}`.
/// It is also a valid board document for host_board_doc_parse (its "config" mirrors "effects").
/// Values, min, max and step are in the Rust version's units (host/board_units.h), so the board
/// saves as that version saves it and loads back unchanged.
/// @return a new cJSON object (cJSON_Delete it), NULL on allocation failure
cJSON*
host_board_info_json(const HostBoardInfo* board, int channel);

#endif // HOST_BOARD_H
