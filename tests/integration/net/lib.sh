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

# monitors NAME SYMBOL...: prints the values of jalv NAME's output ports, one per line; -1 for a
# port jalv did not print within 3 s (a loaded machine can delay its answer past any fixed wait).
monitors() {
  local name=$1 log="$T_TMP/$1.log"
  shift
  local before i sym
  before=$(wc -l <"$log")
  echo monitors >&"${JALV_FD[$name]}"
  sleep 0.3
  for ((i = 0; i < 27; i++)); do
    [ "$(tail -n +"$((before + 1))" "$log" | awk '$2 == "=" { print $1 }' | grep -c -x -F -f <(printf '%s\n' "$@"))" -ge $# ] && break
    sleep 0.1
  done
  for sym in "$@"; do
    tail -n +"$((before + 1))" "$log" | awk -v s="$sym" '$1 == s && $2 == "=" { v = $3 } END { print v == "" ? -1 : v + 0 }'
  done
}
