# SPDX-License-Identifier: ISC
# Shared by tests/integration/net_*.sh (sourced): jalv with a FIFO on stdin, a jalv state
# directory that puts rtjam-net in a room, and reading the plugin's output ports.
. "$(dirname "${BASH_SOURCE[0]}")/../../lv2/lib.sh"
NET=https://rtjam.org/lv2/net
export LV2_PATH="$RTJAM_LV2:/usr/lib/lv2"

# room_state DIR CLIENT_ID PORT: a jalv state directory that puts rtjam-net in a room on
# 127.0.0.1:PORT, as a saved session would.
room_state() {
  mkdir -p "$1"
  cat >"$1/manifest.ttl" <<TTL
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<state.ttl> a pset:Preset ; lv2:appliesTo <$NET> ; rdfs:seeAlso <state.ttl> .
TTL
  cat >"$1/state.ttl" <<TTL
@prefix lv2: <http://lv2plug.in/ns/lv2core#> .
@prefix pset: <http://lv2plug.in/ns/ext/presets#> .
@prefix state: <http://lv2plug.in/ns/ext/state#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<> a pset:Preset ; lv2:appliesTo <$NET> ;
  state:state [ <$NET#server> "127.0.0.1" ; <$NET#port> "$3"^^xsd:int ;
                <$NET#clientId> "$2"^^xsd:int ] .
TTL
}

# rms FILE CHANNEL: RMS dBFS of one channel of a multichannel WAV.
rms() { rms_db "$1" "$2"; }

# monitors NAME SYMBOL...: prints the values of jalv NAME's output ports, one per line.
monitors() {
  local name=$1 log="$T_TMP/$1.log"
  shift
  local before
  before=$(wc -l <"$log")
  echo monitors >&"${JALV_FD[$name]}"
  sleep 0.3
  local sym
  for sym in "$@"; do
    tail -n +"$((before + 1))" "$log" | awk -v s="$sym" '$1 == s && $2 == "=" { v = $3 } END { print v + 0 }'
  done
}
