#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-net in headless Ardour 7 (ardour7-lua, "None (Dummy)" backend): the room settings
# survive a session save and reload.
# Step 1 (one process): a session with rtjam-net on a track; a preset whose state puts the
# plugin in our test room (server, port, client id 4242) is applied; the plugin joins the room
# (rtjam-broadcast logs the join); the session is saved.
# Step 2 (a new process; the preset bundle is deleted first, so only the session can hold the
# room): the session is loaded, and the server sees client 4242 join again.
. "$(dirname "$0")/../lv2/lib.sh"
NET=https://rtjam.org/lv2/net

if [ "${SANITIZE:-}" = 1 ]; then
  skip "every Ardour check: Ardour's allocator hooks do not mix with a preloaded ASan runtime (runs in the plain make check; see lv2_ardour.sh)"
  finish
  exit
fi
need ardour7-lua || { finish; exit; }
PORT=$((19500 + RANDOM % 40)) # clear of net_impair's relays (19440-19489, 19590-19639), which may run at once (tests/run.sh)
ID=4242
export LV2_PATH="$T_TMP/presets:$RTJAM_LV2:/usr/lib/lv2"
SESSION="$T_TMP/ardour/sess"
spawn "$RTJAM_BIN/rtjam-broadcast" --port "$PORT" --log-level info >"$T_TMP/server.log" 2>&1
mkdir -p "$T_TMP/presets/rtjam-net-test-room.lv2"
cat >"$T_TMP/presets/rtjam-net-test-room.lv2/manifest.ttl" <<TTL
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:rtjam:test:room> a pset:Preset ; lv2:appliesTo <$NET> ; rdfs:seeAlso <room.ttl> .
TTL
cat >"$T_TMP/presets/rtjam-net-test-room.lv2/room.ttl" <<TTL
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:rtjam:test:room> a pset:Preset ; lv2:appliesTo <$NET> ; rdfs:label "Test room" ;
  state:state [ <$NET#server> "127.0.0.1" ; <$NET#port> "$PORT"^^xsd:int ;
                <$NET#clientId> "$ID"^^xsd:int ] .
TTL

cat >"$T_TMP/step1.lua" <<LUA
local backend = AudioEngine:set_backend("None (Dummy)", "", "")
backend:set_device_name("Sine Wave")
assert(create_session("$SESSION", "sess", 48000), "create_session")
local tr = Session:new_audio_track(2, 2, nil, 1, "Room", ARDOUR.PresentationInfo.max_order,
                                   ARDOUR.TrackMode.Normal, true):front()
local p = ARDOUR.LuaAPI.new_plugin(Session, "$NET", ARDOUR.PluginType.LV2, "")
assert(not p:isnil(), "rtjam-net loads")
tr:add_processor_by_index(p, 0, nil, true)
local plug = p:to_insert():plugin(0)
print("LOADED " .. plug:unique_id())
local ps = plug:preset_by_label("Test room")
assert(ps, "preset found")
print("PRESET " .. tostring(plug:load_preset(ps)))
ARDOUR.LuaAPI.usleep(1500000)
assert(Session:save_state("") == 0, "save")
print("SAVED")
quit()
LUA
cat >"$T_TMP/step2.lua" <<LUA
local backend = AudioEngine:set_backend("None (Dummy)", "", "")
backend:set_device_name("Sine Wave")
assert(load_session("$SESSION", "sess"), "load_session")
print("LOADED")
ARDOUR.LuaAPI.usleep(2000000)
quit()
LUA

cat >"$T_TMP/step3.lua" <<LUA
local backend = AudioEngine:set_backend("None (Dummy)", "", "")
backend:set_device_name("Sine Wave")
assert(create_session("$T_TMP/ardour/controls", "controls", 48000), "create_session")
local tr = Session:new_audio_track(2, 2, nil, 1, "Room", ARDOUR.PresentationInfo.max_order,
                                   ARDOUR.TrackMode.Normal, true):front()
local p = ARDOUR.LuaAPI.new_plugin(Session, "$NET", ARDOUR.PluginType.LV2, "")
assert(not p:isnil(), "rtjam-net loads")
tr:add_processor_by_index(p, 0, nil, true)
local plug = p:to_insert():plugin(0)
-- set_plugin_insert_param counts control ports (inputs and outputs) in port order.
local which = {}
local n = 0
for x = 0, plug:parameter_count() - 1 do
  if plug:parameter_is_control(x) then
    which[plug:parameter_label(x)] = n
    n = n + 1
  end
end
local values = { ["Room port"] = $PORT, ["Client id"] = 4343, ["Server IPv4 octet 1"] = 127,
                 ["Server IPv4 octet 2"] = 0, ["Server IPv4 octet 3"] = 0,
                 ["Server IPv4 octet 4"] = 1 }
for _, label in ipairs({ "Room port", "Client id", "Server IPv4 octet 2", "Server IPv4 octet 3",
                         "Server IPv4 octet 4", "Server IPv4 octet 1" }) do
  assert(which[label], "control " .. label)
  local ok = ARDOUR.LuaAPI.set_plugin_insert_param(p:to_insert(), which[label], values[label])
  print("SET " .. label .. " = " .. values[label] .. " " .. tostring(ok))
end
ARDOUR.LuaAPI.usleep(1500000)
print("DONE")
quit()
LUA

joins() { grep -c "join .* client $ID" "$T_TMP/server.log"; }
timeout 60 ardour7-lua "$T_TMP/step1.lua" >"$T_TMP/step1.log" 2>&1
grep -E '^(LOADED|PRESET|SAVED)' "$T_TMP/step1.log" | sed 's/^/     /'
check "step 1: Ardour loads rtjam-net, applies the room preset and saves the session" \
  grep -q '^SAVED' "$T_TMP/step1.log"
check "step 1: the plugin joined the room as client $ID ($(joins) join)" test "$(joins)" -eq 1
state_holds_room() {
  local state
  state=$(cat "$SESSION"/plugins/*/state*/state.ttl 2>/dev/null)
  grep -q "net#server> \"127.0.0.1\"" <<<"$state" && grep -q "net#port> \"$PORT\"" <<<"$state" &&
    grep -q "net#clientId> \"$ID\"" <<<"$state"
}
check "the saved session's plugin state holds the room (server, port $PORT, client id $ID)" \
  state_holds_room
rm -rf "$T_TMP/presets"
sleep 1.5 # the server drops the member after 1 s of silence
timeout 60 ardour7-lua "$T_TMP/step2.lua" >"$T_TMP/step2.log" 2>&1
check "step 2: a new Ardour process loads the session" grep -q '^LOADED' "$T_TMP/step2.log"
check "step 2: the reloaded plugin rejoins the same room as client $ID ($(joins) joins in all)" \
  test "$(joins)" -eq 2
grep -E "client $ID" "$T_TMP/server.log" | sed 's/^/     server: /'

timeout 60 ardour7-lua "$T_TMP/step3.lua" >"$T_TMP/step3.log" 2>&1
grep -E '^(SET|DONE)' "$T_TMP/step3.log" | sed 's/^/     /'
check "step 3: Ardour sets the six room controls through its generic parameters (6 of 6 accepted)" \
  test "$(grep -c '^SET .* true$' "$T_TMP/step3.log")" -eq 6
joins3=$(grep -c "join .* client 4343" "$T_TMP/server.log")
grep -E "client 4343" "$T_TMP/server.log" | sed 's/^/     server: /'
check "step 3: with the controls alone the plugin joined the room as client 4343 ($joins3 join)" \
  test "$joins3" -eq 1
finish
