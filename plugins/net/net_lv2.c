// SPDX-License-Identifier: ISC
// rtjam-net as an LV2 plugin: the glue between the host and the engine.
//
// Threading classes (LV2): instantiate, cleanup, extension_data: instantiation class;
// connect_port, run: audio class (run never allocates, locks, logs or blocks; it may make one
// non-blocking sendto per packet); activate, deactivate: instantiation class; state
// save/restore: any non-audio thread (restore may run while run() does, which is why the
// room request goes through the link's mailbox, and the audio thread learns the result from
// the link's route message).
//
// The room (server, port, client id) is three patch parameters: set with patch:Set on the
// control port, reported on the notify port after each change and on patch:Get, and kept
// through the state extension, so a saved session reopens in the same room. The link's
// I/O thread resolves names and opens the socket; run() only forwards requests.
//
// The room can also be set from plain control ports (room_ip_1..4, room_port, room_client_id)
// for hosts whose generic controls cannot send a string: address 0.0.0.0 leaves them unused;
// any other address joins that room, again whenever one of them changes (a later patch:Set
// wins until they change again); setting the address back to 0.0.0.0 leaves the room.
//
// Messages go to the host's log:log (stderr when the host has none), never from run().

#include "engine.h"
#include "link.h"

#include "log.h"
#include "dsp/denormal.h"
#include "ttl/net_defs.h"
#include "net_ports.h"
#include "rt.h"
#include "triple.h"

#include <lv2/atom/atom.h>
#include <lv2/atom/forge.h>
#include <lv2/atom/util.h>
#include <lv2/core/lv2.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2_util.h>
#include <lv2/log/log.h>
#include <lv2/log/logger.h>
#include <lv2/options/options.h>
#include <lv2/patch/patch.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NET_ATOM_COPY_BYTES 8192u ///< bytes: the largest atom sequence handled per run

/// URIDs the plugin uses.
typedef struct {
  LV2_URID atom_string;    ///< atom:String
  LV2_URID atom_int;       ///< atom:Int
  LV2_URID atom_object;    ///< atom:Object
  LV2_URID patch_set;      ///< patch:Set
  LV2_URID patch_get;      ///< patch:Get
  LV2_URID patch_property; ///< patch:property
  LV2_URID patch_value;    ///< patch:value
  LV2_URID server;         ///< NET_URI_SERVER
  LV2_URID port;           ///< NET_URI_PORT
  LV2_URID client_id;      ///< NET_URI_CLIENT_ID
} NetUrids;

/// One plugin instance.
typedef struct {
  void* ports[NET_PORT_COUNT]; ///< host buffers, by port index
  float lo[NET_PORT_COUNT];    ///< each control input's range and default, from the one table
  float hi[NET_PORT_COUNT];    ///< (ttl/net_defs.c), so that they are written once
  float def[NET_PORT_COUNT];
  NetUrids uris;         ///< mapped URIs
  LV2_Atom_Forge forge;  ///< writes the notify port
  NetLink* link;         ///< socket and I/O thread
  NetEngine* engine;     ///< audio-thread core
  NetLinkTarget pending; ///< the room as the audio thread last asked for it (audio thread only)
  /// `pending` as run() last published it, for save() on another thread (the state spec lets
  /// save() run concurrently with run()): a triple buffer of NetLinkTarget, neither side waits.
  JamTriple* shared;
  uint32_t notified;     ///< route generation last reported on notify
  int notify_wanted;     ///< 1 after a patch:Get
  NetReadings readings;  ///< scratch, written by the engine each run
  LV2_Log_Logger logger; ///< the host's log:log, or stderr (non-RT threads only)
  /// The room controls as last applied: 4 octets, port, client id (NET_PORT_ROOM_*).
  uint32_t room_controls[6];
  int room_from_controls; ///< 1 while the controls' room is the one requested
  /// 8-byte aligned copy of an atom port's sequence. The LV2 atom structs need 8-byte
  /// alignment; some hosts (jalv 1.6) hand out buffers aligned to 4, so run() works on a copy.
  uint64_t atom_copy[NET_ATOM_COPY_BYTES / sizeof(uint64_t)];
} NetPlugin;

// The link's messages, to the host's log (link.h: never called from the audio thread).
static void
link_log(void* const handle, const JamLogLevel level, const char* const message)
{
  LV2_Log_Logger* const logger = handle;
  switch (level) {
  case JAM_LOG_ERROR:
    lv2_log_error(logger, "%s\n", message);
    break;
  case JAM_LOG_WARN:
    lv2_log_warning(logger, "%s\n", message);
    break;
  case JAM_LOG_INFO:
    lv2_log_note(logger, "%s\n", message);
    break;
  case JAM_LOG_DEBUG:
    lv2_log_trace(logger, "%s\n", message);
    break;
  }
}

// The host's nominal block length (bufsz:nominalBlockLength), or 0 when it gives none.
static int32_t
nominal_block(const LV2_Options_Option* const options, LV2_URID_Map* const map)
{
  const LV2_URID key = map->map(map->handle, LV2_BUF_SIZE__nominalBlockLength);
  const LV2_URID atom_int = map->map(map->handle, LV2_ATOM__Int);
  for (const LV2_Options_Option* o = options; o && o->key; ++o) {
    if (o->key == key && o->type == atom_int && o->size == sizeof(int32_t)) {
      return *(const int32_t*)o->value;
    }
  }
  return 0;
}

// Publishes `pending` for save() (the triple buffer's writer: never waits).
JAM_REALTIME static void
publish_pending(NetPlugin* const self)
{
  NetLinkTarget* const t = jam_triple_write_buffer(self->shared);
  *t = self->pending;
  jam_triple_publish(self->shared);
}

// The last published `pending` (the triple buffer's reader: save(), one call at a time).
static void
read_shared_pending(NetPlugin* const self, NetLinkTarget* const t)
{
  *t = *(const NetLinkTarget*)jam_triple_read(self->shared, NULL);
}

static LV2_Handle
instantiate(const LV2_Descriptor* const descriptor, const double rate, const char* const bundle,
            const LV2_Feature* const* const features)
{
  (void)descriptor;
  (void)bundle;
  LV2_URID_Map* map = NULL;
  LV2_Log_Log* log = NULL;
  const LV2_Options_Option* options = NULL;
  const char* missing = lv2_features_query(features, LV2_URID__map, &map, true, LV2_LOG__log, &log,
                                           false, LV2_OPTIONS__options, &options, false, NULL);
  LV2_Log_Logger logger;
  lv2_log_logger_init(&logger, map, map ? log : NULL);
  if (missing) {
    lv2_log_error(&logger, "rtjam-net: the host does not provide %s\n", missing);
    return NULL;
  }
  if (rate != NET_ENGINE_RATE) {
    lv2_log_warning(&logger,
                    "rtjam-net: the host runs at %.0f Hz; the wire runs at 48000 Hz, so this "
                    "instance sends nothing and plays no player (only the local monitor) and "
                    "reports rate_ok = 0\n",
                    rate);
  }
  const int32_t block = nominal_block(options, map);
  if (block > 128) {
    lv2_log_warning(&logger,
                    "rtjam-net: the host's block is %d frames: packets of 64 or 128 frames leave "
                    "in bursts, and the other players' jitter buffers grow by up to %.1f ms\n",
                    (int)block, block / 48.0);
  }
  NetPlugin* self = calloc(1, sizeof *self);
  if (!self) {
    lv2_log_error(&logger, "rtjam-net: out of memory\n");
    return NULL;
  }
  for (unsigned p = 0; p < NET_PORT_COUNT; ++p) {
    unsigned k = 0;
    const NetPortDef* d = net_port_def_at(p, &k);
    self->lo[p] = d ? d->min : 0.0f;
    self->hi[p] = d ? d->max : 0.0f;
    self->def[p] = d ? d->def : 0.0f;
  }
  NetUrids* u = &self->uris;
  u->atom_string = map->map(map->handle, LV2_ATOM__String);
  u->atom_int = map->map(map->handle, LV2_ATOM__Int);
  u->atom_object = map->map(map->handle, LV2_ATOM__Object);
  u->patch_set = map->map(map->handle, LV2_PATCH__Set);
  u->patch_get = map->map(map->handle, LV2_PATCH__Get);
  u->patch_property = map->map(map->handle, LV2_PATCH__property);
  u->patch_value = map->map(map->handle, LV2_PATCH__value);
  u->server = map->map(map->handle, NET_URI_SERVER);
  u->port = map->map(map->handle, NET_URI_PORT);
  u->client_id = map->map(map->handle, NET_URI_CLIENT_ID);
  lv2_atom_forge_init(&self->forge, map);
  self->logger = logger;
  self->room_controls[4] = (uint32_t)NET_PARAM_PORT_DEF; // the controls' defaults: unused
  char err[160];
  self->link = net_link_new_logged(link_log, &self->logger, err, sizeof err);
  if (!self->link) {
    lv2_log_error(&self->logger, "rtjam-net: %s\n", err);
    free(self);
    return NULL;
  }
  self->engine = net_engine_new(rate, self->link);
  self->shared = jam_triple_new(sizeof(NetLinkTarget));
  if (!self->engine || !self->shared) {
    lv2_log_error(&self->logger, "rtjam-net: out of memory for the engine\n");
    jam_triple_free(self->shared);
    net_engine_free(self->engine);
    net_link_free(self->link);
    free(self);
    return NULL;
  }
  self->pending.port = JAM_PACKET_SERVER_PORT;
  publish_pending(self);
  return self;
}

static void
connect_port(LV2_Handle const instance, const uint32_t port, void* const data)
{
  NetPlugin* self = instance;
  if (port < NET_PORT_COUNT) {
    self->ports[port] = data;
  }
}

static void
activate(LV2_Handle const instance)
{
  (void)instance;
}

static void
deactivate(LV2_Handle const instance)
{
  (void)instance;
}

static void
cleanup(LV2_Handle const instance)
{
  NetPlugin* self = instance;
  net_engine_free(self->engine);
  net_link_free(self->link);
  jam_triple_free(self->shared);
  free(self);
}

// A control input's value: its default when unconnected or not finite, else clamped to its
// range; both from rtjam-net's port table.
JAM_REALTIME static float
control(const NetPlugin* const self, const uint32_t port)
{
  const float* p = self->ports[port];
  if (!p || !isfinite(*p)) {
    return self->def[port];
  }
  return *p < self->lo[port] ? self->lo[port] : *p > self->hi[port] ? self->hi[port] : *p;
}

JAM_REALTIME static int
toggle(const NetPlugin* const self, const uint32_t port)
{
  return control(self, port) >= 0.5f;
}

JAM_REALTIME static void
read_controls(const NetPlugin* const self, NetControls* const c)
{
  c->master_db = control(self, NET_PORT_MASTER);
  c->monitor_db = control(self, NET_PORT_MONITOR);
  c->monitor_mute = toggle(self, NET_PORT_MONITOR_MUTE);
  c->room_mute[0] = toggle(self, NET_PORT_ROOM_MUTE);
  c->room_mute[1] = toggle(self, NET_PORT_ROOM_MUTE + 1);
  c->click_db = control(self, NET_PORT_CLICK);
  c->click_mute = toggle(self, NET_PORT_CLICK_MUTE);
  c->jitter_mode = toggle(self, NET_PORT_JITTER_MODE) ? NET_STREAM_FIXED : NET_STREAM_AUTO;
  c->jitter_depth = (uint32_t)lroundf(control(self, NET_PORT_JITTER_DEPTH) * 48.0f);
  c->jitter_margin = (uint32_t)lroundf(control(self, NET_PORT_JITTER_MARGIN) * 48.0f);
  c->packet_frames = control(self, NET_PORT_PACKET) < 96.0f ? 64 : 128;
  c->jitter_glitch = control(self, NET_PORT_JITTER_GLITCH) / 100.0;
  c->jitter_cost = control(self, NET_PORT_JITTER_COST);
  for (uint32_t s = 0; s < NET_ENGINE_SLOTS; ++s) {
    c->slot_gain_db[s] = control(self, NET_PORT_GAIN + s);
    c->slot_pan[s] = control(self, NET_PORT_PAN + s);
    c->slot_mute[s] = toggle(self, NET_PORT_MUTE + s);
  }
  for (uint32_t k = 0; k < NET_ENGINE_PLAYER_OUTS; ++k) {
    c->chan_gain_db[k] = control(self, NET_PORT_CHAN_GAIN + k);
    c->chan_pan[k] = control(self, NET_PORT_CHAN_PAN + k);
    c->chan_mute[k] = toggle(self, NET_PORT_CHAN_MUTE + k);
  }
  for (uint32_t k = 0; k < 2; ++k) {
    c->input_gain_db[k] = control(self, NET_PORT_INPUT_GAIN + k);
    c->input_pan[k] = control(self, NET_PORT_INPUT_PAN + k);
    c->input_mute[k] = toggle(self, NET_PORT_INPUT_MUTE + k);
  }
}

JAM_REALTIME static void
write_output(const NetPlugin* const self, const uint32_t port, const float value)
{
  float* p = self->ports[port];
  if (p) {
    *p = value;
  }
}

JAM_REALTIME static void
write_readings(const NetPlugin* const self, const NetReadings* const r)
{
  write_output(self, NET_PORT_CONNECTED, (float)r->connected);
  write_output(self, NET_PORT_RATE_OK, (float)r->rate_ok);
  write_output(self, NET_PORT_INPUT_LEVEL, r->input_db[0]);
  write_output(self, NET_PORT_INPUT_LEVEL + 1, r->input_db[1]);
  for (uint32_t k = 0; k < NET_ENGINE_PLAYER_OUTS; ++k) {
    write_output(self, NET_PORT_PLAYER_LEVEL + k, r->player_db[k]);
    write_output(self, NET_PORT_PLAYER_PEAK + k, r->player_peak_db[k]);
  }
  write_output(self, NET_PORT_RTT, r->rtt_ms);
  for (uint32_t s = 0; s < NET_ENGINE_SLOTS; ++s) {
    write_output(self, NET_PORT_DEPTH + s, r->depth_ms[s]);
    write_output(self, NET_PORT_JITTER + s, r->jitter_ms[s]);
    write_output(self, NET_PORT_CLIENT_ID + s, (float)r->client_id[s]);
    write_output(self, NET_PORT_CLIENT_ID_HI + s, (float)(r->client_id[s] >> 16));
    write_output(self, NET_PORT_CLIENT_ID_LO + s, (float)(r->client_id[s] & 0xFFFFu));
    write_output(self, NET_PORT_DROPS + s, (float)r->drops[s]);
  }
  write_output(self, NET_PORT_LOST, (float)r->lost);
  write_output(self, NET_PORT_UNDERRUNS, (float)r->underruns);
  write_output(self, NET_PORT_BEAT, (float)r->beat);
  write_output(self, NET_PORT_CYCLE_LATE, r->cycle_late_ms);
}

// Applies one patch:Set of a room parameter; returns 1 if the room request changed.
JAM_REALTIME static int
apply_patch_set(NetPlugin* const self, const LV2_Atom_Object* const obj)
{
  const NetUrids* u = &self->uris;
  const LV2_Atom* property = NULL;
  const LV2_Atom* value = NULL;
  lv2_atom_object_get(obj, u->patch_property, &property, u->patch_value, &value, 0);
  if (!property || property->type != self->forge.URID || !value) {
    return 0;
  }
  const LV2_URID key = ((const LV2_Atom_URID*)property)->body;
  if (key == u->server && value->type == u->atom_string) {
    const size_t len = value->size < NET_LINK_HOST_MAX ? value->size : NET_LINK_HOST_MAX;
    memcpy(self->pending.host, LV2_ATOM_BODY_CONST(value), len);
    self->pending.host[NET_LINK_HOST_MAX - 1] = '\0';
    return 1;
  }
  if (key == u->port && value->type == u->atom_int) {
    const int32_t v = ((const LV2_Atom_Int*)value)->body;
    self->pending.port = v > 0 && v < 65536 ? (uint32_t)v : 0;
    return 1;
  }
  if (key == u->client_id && value->type == u->atom_int) {
    const int32_t v = ((const LV2_Atom_Int*)value)->body;
    if (v < (int32_t)NET_PARAM_CLIENT_ID_MIN || v > (int32_t)NET_PARAM_CLIENT_ID_MAX ||
        !jam_packet_member_id_ok((uint32_t)v)) {
      return 0; // outside the TTL's 0..2^24-1 (a negative one would wrap), or one the wire
                // reserves (40000..40002): ignored
    }
    self->pending.client_id = (uint32_t)v;
    return 1;
  }
  return 0;
}

JAM_REALTIME static void
read_patches(NetPlugin* const self)
{
  const LV2_Atom_Sequence* port = self->ports[NET_PORT_CONTROL];
  if (!port) {
    return;
  }
  uint32_t size = 0; // the header may be misaligned too: read it byte-wise
  memcpy(&size, (const uint8_t*)port + offsetof(LV2_Atom, size), sizeof size);
  const size_t total = sizeof(LV2_Atom) + size;
  if (total > sizeof self->atom_copy) {
    return; // larger than any patch message this plugin takes: ignored
  }
  memcpy(self->atom_copy, port, total);
  const LV2_Atom_Sequence* in = (const LV2_Atom_Sequence*)self->atom_copy;
  int changed = 0;
  LV2_ATOM_SEQUENCE_FOREACH(in, ev)
  {
    if (ev->body.type != self->uris.atom_object) {
      continue;
    }
    const LV2_Atom_Object* obj = (const LV2_Atom_Object*)&ev->body;
    if (obj->body.otype == self->uris.patch_set) {
      changed |= apply_patch_set(self, obj);
    } else if (obj->body.otype == self->uris.patch_get) {
      self->notify_wanted = 1;
    }
  }
  if (changed) {
    publish_pending(self);
    // A full request: an empty host or port 0 leaves the room.
    NetLinkTarget t = self->pending;
    if (!t.port) {
      t.host[0] = '\0';
    }
    net_link_request_rt(self->link, &t); // if the ring is full, the next Set retries
  }
}

// Writes v (< 1000) in decimal at p; returns the end.
JAM_REALTIME static char*
put_octet(char* p, const uint32_t v)
{
  if (v >= 100) {
    *p++ = (char)('0' + v / 100);
  }
  if (v >= 10) {
    *p++ = (char)('0' + v / 10 % 10);
  }
  *p++ = (char)('0' + v % 10);
  return p;
}

// The room from the control ports: a request when they changed (see the top comment).
JAM_REALTIME static void
read_room_controls(NetPlugin* const self)
{
  uint32_t v[6];
  for (uint32_t k = 0; k < 4; ++k) {
    v[k] = (uint32_t)lroundf(control(self, NET_PORT_ROOM_IP + k));
  }
  v[4] = (uint32_t)lroundf(control(self, NET_PORT_ROOM_PORT));
  v[5] = (uint32_t)lroundf(control(self, NET_PORT_ROOM_CLIENT_ID));
  if (!memcmp(v, self->room_controls, sizeof v)) {
    return;
  }
  const int active = v[0] || v[1] || v[2] || v[3];
  if (!active && !self->room_from_controls) {
    memcpy(self->room_controls, v, sizeof v); // unused, and not the room we are in
    return;
  }
  NetLinkTarget t = {.port = v[4], .client_id = v[5]};
  if (active) {
    char* p = t.host;
    for (uint32_t k = 0; k < 4; ++k) {
      p = put_octet(p, v[k]);
      *p++ = k < 3 ? '.' : '\0';
    }
  }
  if (net_link_request_rt(self->link, &t) == JAM_SUCCESS) { // else retried next period
    memcpy(self->room_controls, v, sizeof v);
    self->room_from_controls = active;
    self->pending = t;
    publish_pending(self);
  }
}

JAM_REALTIME static void
forge_set(NetPlugin* const self, const LV2_URID key, const NetLinkTarget* const t)
{
  LV2_Atom_Forge* forge = &self->forge;
  LV2_Atom_Forge_Frame frame;
  lv2_atom_forge_frame_time(forge, 0);
  lv2_atom_forge_object(forge, &frame, 0, self->uris.patch_set);
  lv2_atom_forge_key(forge, self->uris.patch_property);
  lv2_atom_forge_urid(forge, key);
  lv2_atom_forge_key(forge, self->uris.patch_value);
  if (key == self->uris.server) {
    lv2_atom_forge_string(forge, t->host, (uint32_t)strlen(t->host));
  } else {
    lv2_atom_forge_int(forge, key == self->uris.port ? (int32_t)t->port : (int32_t)t->client_id);
  }
  lv2_atom_forge_pop(forge, &frame);
}

JAM_REALTIME static void
write_notify(NetPlugin* const self)
{
  uint8_t* const port = self->ports[NET_PORT_NOTIFY];
  if (!port) {
    return;
  }
  uint32_t capacity = 0; // the host's buffer may be misaligned: forge into the aligned copy
  memcpy(&capacity, port + offsetof(LV2_Atom, size), sizeof capacity);
  capacity = capacity < sizeof self->atom_copy ? capacity : (uint32_t)sizeof self->atom_copy;
  if (capacity < sizeof(LV2_Atom_Sequence)) {
    return; // no room for even an empty sequence
  }
  uint8_t* const out = (uint8_t*)self->atom_copy;
  lv2_atom_forge_set_buffer(&self->forge, out, capacity);
  LV2_Atom_Forge_Frame frame;
  lv2_atom_forge_sequence_head(&self->forge, &frame, 0);
  const NetLinkRoute* route = net_engine_route(self->engine);
  if (self->notify_wanted || route->generation != self->notified) {
    self->pending = route->generation ? route->target : self->pending;
    publish_pending(self);
    forge_set(self, self->uris.server, &self->pending);
    forge_set(self, self->uris.port, &self->pending);
    forge_set(self, self->uris.client_id, &self->pending);
    self->notified = route->generation;
    self->notify_wanted = 0;
  }
  lv2_atom_forge_pop(&self->forge, &frame);
  const LV2_Atom* written = (const LV2_Atom*)out;
  const size_t bytes = sizeof(LV2_Atom) + written->size; // the forge kept it within capacity
  memcpy(port, out, bytes <= capacity ? bytes : capacity);
}

JAM_REALTIME static void
run(LV2_Handle const instance, const uint32_t n)
{
  NetPlugin* self = instance;
  DspFtzGuard ftz; // flush-to-zero for this run() only: the host's mode is restored after
  dsp_ftz_begin(&ftz);
  read_patches(self);
  read_room_controls(self);
  NetControls c;
  read_controls(self, &c);
  const float* in1 = self->ports[NET_PORT_IN_1];
  const float* in2 = self->ports[NET_PORT_IN_2];
  float* out_l = self->ports[NET_PORT_OUT_L];
  float* out_r = self->ports[NET_PORT_OUT_R];
  if (in1 && in2 && out_l && out_r) {
    net_engine_run(self->engine, &c, in1, in2, out_l, out_r,
                   (float* const*)&self->ports[NET_PORT_PLAYER], n, &self->readings);
    write_readings(self, &self->readings);
    write_notify(self);
  }
  dsp_ftz_end(&ftz);
}

static LV2_State_Status
save(LV2_Handle const instance, const LV2_State_Store_Function store, const LV2_State_Handle handle,
     const uint32_t flags, const LV2_Feature* const* features)
{
  (void)flags;
  (void)features;
  NetPlugin* self = instance;
  NetLinkTarget t;
  net_link_target(self->link, &t);
  NetLinkTarget pending;
  read_shared_pending(self, &pending);
  if (!t.host[0] && pending.host[0]) {
    t = pending; // asked for in run() but not yet applied by the I/O thread
  }
  lv2_log_trace(&self->logger, "rtjam-net: saving room '%s' port %u client %u\n", t.host,
                (unsigned)t.port, (unsigned)t.client_id);
  const uint32_t pod = LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE;
  const int32_t port = (int32_t)t.port;
  const int32_t id = (int32_t)t.client_id;
  LV2_State_Status st =
      store(handle, self->uris.server, t.host, strlen(t.host) + 1, self->uris.atom_string, pod);
  if (st == LV2_STATE_SUCCESS) {
    st = store(handle, self->uris.port, &port, sizeof port, self->uris.atom_int, pod);
  }
  if (st == LV2_STATE_SUCCESS) {
    st = store(handle, self->uris.client_id, &id, sizeof id, self->uris.atom_int, pod);
  }
  return st;
}

static LV2_State_Status
restore(LV2_Handle const instance, const LV2_State_Retrieve_Function retrieve,
        const LV2_State_Handle handle, const uint32_t flags, const LV2_Feature* const* features)
{
  (void)flags;
  (void)features;
  NetPlugin* self = instance;
  NetLinkTarget t = {.port = JAM_PACKET_SERVER_PORT};
  size_t size = 0;
  uint32_t type = 0;
  uint32_t vflags = 0;
  const void* v = retrieve(handle, self->uris.server, &size, &type, &vflags);
  if (v && type == self->uris.atom_string && size > 0) {
    const size_t len = size < NET_LINK_HOST_MAX ? size : NET_LINK_HOST_MAX;
    memcpy(t.host, v, len);
    t.host[NET_LINK_HOST_MAX - 1] = '\0';
  }
  v = retrieve(handle, self->uris.port, &size, &type, &vflags);
  if (v && type == self->uris.atom_int && size == sizeof(int32_t)) {
    const int32_t port = *(const int32_t*)v;
    t.port = port > 0 && port < 65536 ? (uint32_t)port : 0;
  }
  v = retrieve(handle, self->uris.client_id, &size, &type, &vflags);
  if (v && type == self->uris.atom_int && size == sizeof(int32_t)) {
    const int32_t id = *(const int32_t*)v;
    if (id >= (int32_t)NET_PARAM_CLIENT_ID_MIN && id <= (int32_t)NET_PARAM_CLIENT_ID_MAX) {
      t.client_id = (uint32_t)id; // else (out of the TTL's range) 0, as when it is missing
    }
  }
  if (!t.port) {
    t.host[0] = '\0';
  }
  lv2_log_trace(&self->logger, "rtjam-net: restoring room '%s' port %u client %u\n", t.host,
                (unsigned)t.port, (unsigned)t.client_id);
  net_link_request(self->link, &t);
  return LV2_STATE_SUCCESS;
}

static const void*
extension_data(const char* const uri)
{
  static const LV2_State_Interface state = {save, restore};
  return !strcmp(uri, LV2_STATE__interface) ? &state : NULL;
}

/// The descriptor of rtjam-net (plugins/lv2.c lists it after the pedals).
const LV2_Descriptor net_lv2_descriptor = {
    NET_URI, instantiate, connect_port, activate, run, deactivate, cleanup, extension_data,
};
