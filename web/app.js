// SPDX-License-Identifier: ISC
// RTJam control page: talks to the rtjam-host that served it, over its control websocket, with
// the command set and status messages of docs/host.md. No libraries; nothing is downloaded.
"use strict";

const CMD = {
  MASTER_VOL: 14, ROOM_CHANGE: 21, DISCONNECT: 22, GET_CONFIG: 27, SET_EFFECT: 28, INSERT: 29,
  DELETE: 30, MOVE: 31, LOAD_BOARD: 32, TUNE: 33, SET_FADER: 35, MUTE_TO_ROOM: 36,
  CHANNEL_MUTE: 39, CHANNEL_GAIN: 40, CLICK_GAIN: 41, CLICK_MUTE: 42, PEDAL_TYPES: 1005,
  UPDATE_INTERVAL: 1006,
};
const CMD_NAMES = Object.assign(Object.fromEntries(Object.entries(CMD).map(([k, v]) => [v, k])), {
  1000: "SetAudioInput", 1001: "SetAudioOutput", 1002: "ListAudioConfig", 1003: "CheckForUpdate",
  1004: "RandomCommand", 9998: "RebootDevice", 9999: "ShutdownDevice", 10000: "StopAudio",
});
const STATUS_MS = 150; // the fastest status rate the host gives (SetUpdateInterval)
const NOTES = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"];

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

const state = {
  ws: null,
  open: false,
  types: {},
  boards: [null, null],
  pendingSave: [],
  everOpened: false,
  touched: new WeakMap(), // element -> time the user last moved it (status does not fight them)
  strips: new Map(),      // channel -> strip element
  master: 0,
};

// ---------------------------------------------------------------------------------------------
// The websocket: the page's own host, with the token the page was opened with (?token=).

const token = new URLSearchParams(location.search).get("token") || "";

function wsUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return scheme + "//" + location.host + "/" + (token ? "?token=" + encodeURIComponent(token) : "");
}

function send(param, fields = {}) {
  if (!state.open) {
    showError("not connected to the host: command " + (CMD_NAMES[param] || param) + " not sent");
    return false;
  }
  state.ws.send(JSON.stringify(Object.assign({ param }, fields)));
  return true;
}

function connect() {
  let ws;
  try {
    ws = new WebSocket(wsUrl());
  } catch (e) {
    showError("cannot open the websocket: " + e.message);
    return;
  }
  state.ws = ws;
  ws.onopen = () => {
    state.open = true;
    state.everOpened = true;
    setPill("#host-state", true, "host: connected");
    send(CMD.PEDAL_TYPES);
    send(CMD.GET_CONFIG);
    send(CMD.UPDATE_INTERVAL, { iValue1: STATUS_MS });
  };
  ws.onmessage = (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch (e) {
      return;
    }
    onMessage(msg);
  };
  ws.onclose = () => {
    const was = state.open;
    state.open = false;
    setPill("#host-state", false, "host: disconnected");
    $("#audio-state").hidden = true; // unknown without the host
    if (!was && !state.everOpened) {
      showError(token ? "the host refused the page's websocket: is the token right? Open the URL the host logged."
                      : "the host refused the page's websocket (or is not running). Beyond this machine, open the URL with ?token= that the host logged.", "ws");
    } else if (was) {
      showError("connection to the host lost: reconnecting", "ws");
    }
    setTimeout(connect, 2000);
  };
}

// The host reverts to its slow status rate 10 s after the last SetUpdateInterval.
setInterval(() => {
  if (state.open) {
    send(CMD.UPDATE_INTERVAL, { iValue1: STATUS_MS });
  }
}, 5000);

function onMessage(msg) {
  if (msg.refused) {
    const r = msg.refused;
    showError("refused: " + (CMD_NAMES[r.param] ? CMD_NAMES[r.param] + " (" + r.param + ")" : "command " + r.param) + ": " + r.reason);
  } else if (msg.pedalTypes) {
    state.types = msg.pedalTypes;
    renderBoards();
  } else if (msg.pedalInfo) {
    state.boards = msg.pedalInfo;
    renderBoards();
    while (state.pendingSave.length) {
      saveBoard(state.pendingSave.shift());
    }
  } else if (msg.levelEvent) {
    onLevelEvent(msg.levelEvent);
  } else if (msg.websockPing) {
    clearError("ws");
  }
}

// ---------------------------------------------------------------------------------------------
// Errors: every refusal the host sends, and the page's own troubles.

function showError(text, key) {
  const list = $("#errors");
  if (key) {
    clearError(key);
  }
  const li = document.createElement("li");
  if (key) {
    li.dataset.key = key;
  }
  li.className = "error";
  const span = document.createElement("span");
  span.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "OK";
  close.onclick = () => li.remove();
  li.append(span, close);
  list.prepend(li);
  while (list.children.length > 6) {
    list.lastElementChild.remove();
  }
}

function clearError(key) {
  $$("#errors li").filter((li) => li.dataset.key === key).forEach((li) => li.remove());
}

function setPill(sel, on, text) {
  const el = $(sel);
  el.textContent = text;
  el.classList.toggle("on", on);
  el.classList.toggle("off", !on);
}

// ---------------------------------------------------------------------------------------------
// Controls shared by boards and mixer.

function fmt(v, step) {
  const digits = !step || step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  return Number(v).toFixed(digits);
}

function markTouched(el) {
  state.touched.set(el, performance.now());
}

function recentlyTouched(el) {
  const t = state.touched.get(el);
  return document.activeElement === el || (t !== undefined && performance.now() - t < 1500);
}

// A slider that sends while it moves (at most every 40 ms) and once more where it stops.
function liveSlider(input, onValue) {
  let timer = null;
  const fire = () => {
    timer = null;
    onValue(Number(input.value));
  };
  input.addEventListener("input", () => {
    markTouched(input);
    if (!timer) {
      timer = setTimeout(fire, 40);
    }
  });
  input.addEventListener("change", () => {
    markTouched(input);
    clearTimeout(timer);
    fire();
  });
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") {
      e.className = v;
    } else if (k === "text") {
      e.textContent = v;
    } else if (k in e && typeof v !== "string") {
      e[k] = v;
    } else {
      e.setAttribute(k, v);
    }
  }
  e.append(...children);
  return e;
}

// ---------------------------------------------------------------------------------------------
// Boards: two chains of pedals, each control from pedalInfo.

function renderBoards() {
  for (let b = 0; b < 2; ++b) {
    renderBoard(b, state.boards[b]);
  }
}

function renderBoard(b, board) {
  const root = $("#board-" + b);
  const effects = board ? board.effects || [] : [];
  root.replaceChildren();
  const save = el("button", { class: "save-btn", type: "button", text: "Save" });
  save.onclick = () => {
    state.pendingSave.push(b);
    send(CMD.GET_CONFIG); // the host's values, then the file
  };
  const file = el("input", { type: "file", class: "load-file", accept: ".json,application/json" });
  file.onchange = () => loadBoardFile(b, file);
  const loadBtn = el("label", { class: "file-btn", title: "load a board file" }, "Load", file);
  const sub = board && board.boardId >= 0 ? "board " + board.boardId : effects.length + " pedals";
  root.append(el("div", { class: "board-head" },
    el("span", { class: "title", text: "Board " + (b + 1) + " · input " + (b + 1) }),
    el("span", { class: "sub", text: sub }),
    el("span", { class: "files" }, save, loadBtn)));
  const chain = el("div", { class: "chain" });
  effects.forEach((fx, i) => chain.append(renderPedal(b, fx, i, effects.length)));
  root.append(chain);
  const pick = el("select", { class: "insert-type", "aria-label": "pedal type" });
  for (const name of Object.keys(state.types).sort()) {
    pick.append(el("option", { value: name, text: name, title: state.types[name] }));
  }
  const ins = el("button", { class: "insert-btn primary", type: "button", text: "Insert" });
  ins.onclick = () => {
    if (pick.value) {
      send(CMD.INSERT, { iValue1: b, iValue2: effects.length, sValue: pick.value });
    }
  };
  root.append(el("div", { class: "insert" }, pick, ins));
}

function renderPedal(b, fx, i, n) {
  const node = $("#pedal-template").content.firstElementChild.cloneNode(true);
  node.dataset.index = i;
  node.dataset.name = fx.name;
  $(".pedal-name", node).textContent = fx.name;
  $(".pedal-name", node).title = state.types[fx.name] || fx.name;
  const settings = fx.settings || [];
  const bypass = settings.find((s) => s.name === "bypass");
  const setBypassed = (on) => {
    node.classList.toggle("bypassed", on);
    $(".bypass", node).setAttribute("aria-pressed", on ? "true" : "false");
    $(".bypass", node).title = on ? "bypassed: click to turn on" : "on: click to bypass";
  };
  setBypassed(bypass ? !!bypass.value : false);
  $(".bypass", node).onclick = () => {
    const on = !node.classList.contains("bypassed");
    if (send(CMD.SET_EFFECT, { iValue1: b, iValue2: i, sValue: JSON.stringify({ name: "bypass", value: on }) })) {
      if (bypass) {
        bypass.value = on;
      }
      setBypassed(on);
    }
  };
  const up = $(".move-up", node), down = $(".move-down", node);
  up.disabled = i === 0;
  down.disabled = i === n - 1;
  up.onclick = () => send(CMD.MOVE, { iValue1: b, iValue2: i, fValue: i - 1 });
  down.onclick = () => send(CMD.MOVE, { iValue1: b, iValue2: i, fValue: i + 1 });
  $(".delete", node).onclick = () => send(CMD.DELETE, { iValue1: b, iValue2: i });
  const controls = $(".controls", node);
  for (const s of settings) {
    if (s.name !== "bypass") {
      controls.append(renderSetting(b, i, s));
    }
  }
  return node;
}

function renderSetting(b, i, s) {
  const set = (value) => {
    s.value = value;
    send(CMD.SET_EFFECT, { iValue1: b, iValue2: i, sValue: JSON.stringify({ name: s.name, value }) });
  };
  const unit = s.unit ? " " + s.unit : "";
  const box = el("div", { class: "control", "data-setting": s.name });
  if (s.type === 2) { // footswitch
    const cb = el("input", { type: "checkbox", class: "switch" });
    cb.checked = !!s.value;
    cb.onchange = () => set(cb.checked);
    box.append(el("span", { text: s.name }), cb);
  } else if (s.type === 1 && s.labels && s.labels.length) { // selector with labels
    const sel = el("select", { class: "selector", "aria-label": s.name });
    s.labels.forEach((label, k) => sel.append(el("option", { value: String(s.min + k), text: label })));
    sel.value = String(Math.round(s.value));
    sel.onchange = () => set(Number(sel.value));
    box.append(el("span", { text: s.name }), el("span"), sel);
  } else { // a knob: a slider for the thumb, a number box for the exact value
    const step = s.step > 0 ? s.step : (s.max - s.min) / 100;
    const range = el("input", { type: "range", class: "knob", min: s.min, max: s.max, step: step, value: s.value,
      "aria-label": s.name });
    const num = el("input", { type: "number", class: "num", min: s.min, max: s.max, step: "any",
      value: fmt(s.value, step), "aria-label": s.name + unit });
    liveSlider(range, (v) => {
      num.value = fmt(v, step);
      set(v);
    });
    num.onchange = () => {
      let v = Number(num.value);
      if (!Number.isFinite(v)) {
        num.value = fmt(s.value, step);
        return;
      }
      v = Math.min(s.max, Math.max(s.min, v));
      num.value = fmt(v, step);
      range.value = v;
      set(v);
    };
    box.append(el("span", { text: s.name + (unit ? " (" + s.unit + ")" : "") }), num, range);
  }
  return box;
}

// A board file: the Rust version's board document (pedals_spec.md §4.2), values as pedalInfo has
// them (the Rust version's units). No "units" key: only the C++ version writes it, and the host
// reads a document with one as the C++ version's, whose gain laws differ (docs/host.md, "Units of
// the original's boards"): a TubeDrive level of -3 would load back as -1.5.
function boardDocument(b, board) {
  const now = new Date().toISOString();
  const effects = board.effects || [];
  return {
    id: board.boardId >= 0 ? board.boardId : Date.now() % 1000000,
    createdAt: now,
    updatedAt: now,
    name: "RTJam board " + (b + 1) + ": " + (effects.map((e) => e.name).join(" → ") || "empty"),
    description: null,
    program: 1,
    shared: false,
    config: effects.map((fx, i) => ({
      index: i,
      name: fx.name,
      settings: (fx.settings || []).map((s) => ({
        index: s.index, labels: s.labels || [], max: s.max, min: s.min, name: s.name, step: s.step, type: s.type,
        value: s.value,
      })),
    })),
  };
}

function saveBoard(b) {
  const board = state.boards[b];
  if (!board) {
    return;
  }
  const text = JSON.stringify(boardDocument(b, board), null, 2);
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
    download: "rtjam-board" + (b + 1) + ".json" });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

function loadBoardFile(b, input) {
  const f = input.files && input.files[0];
  if (!f) {
    return;
  }
  const reader = new FileReader();
  reader.onload = () => {
    let doc;
    try {
      doc = JSON.parse(reader.result);
    } catch (e) {
      showError(f.name + " is not JSON: " + e.message);
      return;
    }
    if (!doc || !Array.isArray(doc.config)) {
      showError(f.name + " is not a board file (no \"config\" list of pedals)");
      return;
    }
    send(CMD.LOAD_BOARD, { iValue1: b, sValue: JSON.stringify(doc) });
  };
  reader.onerror = () => showError("cannot read " + f.name);
  reader.readAsText(f);
  input.value = "";
}

// ---------------------------------------------------------------------------------------------
// Mixer: master, the two local inputs (their monitor level), and one strip per remote channel.

function meter(level, peak) {
  const pct = (db) => Math.max(0, Math.min(100, ((db + 60) / 60) * 100));
  return { bar: pct(level) + "%", peak: pct(peak) + "%" };
}

function setMeter(strip, level, peak) {
  const m = meter(level, peak);
  $(".meter .bar", strip).style.width = m.bar;
  $(".meter .peak", strip).style.left = m.peak;
  $(".meter-db", strip).textContent = (level <= -60 ? "−∞" : Math.round(level)) + " dB";
  strip.dataset.level = level;
}

function makeStrip(id, name, onGain, onPan, onMute, extra) {
  const strip = el("div", { class: "strip", id: id });
  const gain = el("input", { type: "range", class: "gain", min: -60, max: 12, step: 0.5, value: 0, "aria-label": name + " gain" });
  const gainVal = el("span", { class: "gain-value", text: "0 dB" });
  liveSlider(gain, (v) => {
    gainVal.textContent = fmt(v, 0.5) + " dB";
    onGain(v);
  });
  strip.append(el("div", { class: "name", text: name, title: name }),
    el("div", { class: "meter" }, el("div", { class: "bar" }), el("div", { class: "peak" })),
    el("div", { class: "meter-db", text: "−∞ dB" }),
    el("label", {}, el("span", {}, "Gain ", gainVal), gain));
  if (onPan) {
    const pan = el("input", { type: "range", class: "pan", min: -1, max: 1, step: 0.05, value: 0, "aria-label": name + " pan" });
    liveSlider(pan, onPan);
    pan.ondblclick = () => {
      pan.value = 0;
      onPan(0);
    };
    strip.append(el("label", {}, "Pan", pan));
  }
  if (onMute) {
    const mute = el("button", { type: "button", class: "mute", "aria-pressed": "false", text: "Mute" });
    mute.onclick = () => {
      const on = mute.getAttribute("aria-pressed") !== "true";
      mute.setAttribute("aria-pressed", on ? "true" : "false");
      markTouched(mute);
      onMute(on);
    };
    strip.append(mute);
  }
  if (extra) {
    strip.append(extra);
  }
  return strip;
}

function channelStrip(ch, name, local) {
  let strip = state.strips.get(ch);
  if (!strip) {
    let extra = null;
    if (local) {
      extra = el("button", { type: "button", class: "room-mute", "aria-pressed": "false", text: "Send to room" });
      extra.onclick = () => {
        const muted = extra.getAttribute("aria-pressed") !== "true";
        extra.setAttribute("aria-pressed", muted ? "true" : "false");
        extra.textContent = muted ? "Not sent" : "Send to room";
        markTouched(extra);
        send(CMD.MUTE_TO_ROOM, { iValue1: ch, iValue2: muted ? 1 : 0 });
      };
    }
    strip = makeStrip("strip-" + ch, name,
      (v) => send(CMD.CHANNEL_GAIN, { iValue1: ch, fValue: v }),
      (v) => send(CMD.SET_FADER, { iValue1: ch, fValue: v }),
      (on) => send(CMD.CHANNEL_MUTE, { iValue1: ch, iValue2: on ? 1 : 0 }), extra);
    strip.dataset.channel = ch;
    state.strips.set(ch, strip);
  }
  $(".name", strip).textContent = name;
  return strip;
}

function syncStrip(strip, p, k) {
  setMeter(strip, p["level" + k], p["peak" + k]);
  const gain = $(".gain", strip), pan = $(".pan", strip), mute = $(".mute", strip);
  const db = p["gainDb" + k];
  if (db !== undefined && !recentlyTouched(gain)) {
    gain.value = db;
    $(".gain-value", strip).textContent = fmt(db, 0.5) + " dB";
  }
  if (pan && !recentlyTouched(pan)) {
    pan.value = p["fade" + k];
  }
  if (mute && !recentlyTouched(mute)) {
    mute.setAttribute("aria-pressed", p["mute" + k] ? "true" : "false");
  }
}

function masterStrip() {
  let strip = $("#strip-master");
  if (!strip) {
    strip = makeStrip("strip-master", "Master", (v) => {
      state.master = v;
      send(CMD.MASTER_VOL, { fValue: v });
    });
    strip.classList.add("master");
  }
  return strip;
}

function renderMixer(ev) {
  const wanted = [masterStrip()];
  const players = ev.players || [];
  players.forEach((p, n) => {
    const base = p.channel !== undefined ? p.channel : n * 2;
    for (let k = 0; k < 2; ++k) {
      const local = base < 2;
      const name = local ? "Input " + (k + 1) + " (monitor)" : "Player " + p.clientId + " · " + (k + 1);
      const strip = channelStrip(base + k, name, local);
      syncStrip(strip, p, k);
      if (local) {
        const rm = $(".room-mute", strip);
        const muted = k === 0 ? ev.leftRoomMute : ev.rightRoomMute;
        if (!recentlyTouched(rm)) {
          rm.setAttribute("aria-pressed", muted ? "true" : "false");
          rm.textContent = muted ? "Not sent" : "Send to room";
        }
      }
      wanted.push(strip);
    }
  });
  setMeter(wanted[0], ev.masterLevel, ev.peakMaster);
  const box = $("#strips");
  const same = box.children.length === wanted.length && wanted.every((s, i) => box.children[i] === s);
  if (!same) {
    box.replaceChildren(...wanted);
  }
  for (const [ch, strip] of state.strips) { // a player who left: forget its strips
    if (!wanted.includes(strip)) {
      state.strips.delete(ch);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Room, tuner, metronome: from levelEvent.

function ms(v) {
  return v > 0 ? v.toFixed(1) + " ms" : "–";
}

function renderMembers(ev) {
  const tbody = $("#members tbody");
  const rows = (ev.players || []).map((p, n) => {
    const local = n === 0;
    const lat = p.latency || {};
    const tr = el("tr", { class: local ? "local" : "remote", "data-client-id": String(p.clientId) },
      el("td", { text: (local ? "me · " : "") + p.clientId }),
      el("td", { class: "latency", text: local ? "–" : ms(lat.totalMs) }),
      el("td", { class: "depth", text: local ? "–" : ms(p.depth) }),
      el("td", { class: "jitter", text: local ? "–" : ms(lat.jitterMs) }),
      el("td", { class: "drops", text: local ? "–" : String(p.drops) }),
      el("td", { class: "level", text: Math.round(Math.max(p.level0, p.level1)) + " dB" }));
    return tr;
  });
  tbody.replaceChildren(...rows);
}

function renderTuner(ch, on, hz) {
  const box = $("#tuner-" + ch);
  const btn = $(".tuner-on", box);
  if (!recentlyTouched(btn)) {
    btn.setAttribute("aria-pressed", on ? "true" : "false");
  }
  let note = "–", cents = "", offset = 0;
  if (on && hz > 0) {
    const m = 12 * Math.log2(hz / 440) + 69;
    const n = Math.round(m);
    offset = Math.round((m - n) * 100);
    note = NOTES[((n % 12) + 12) % 12] + (Math.floor(n / 12) - 1);
    cents = (offset > 0 ? "+" : offset < 0 ? "−" : "±") + Math.abs(offset) + " cents · " + hz.toFixed(1) + " Hz";
  } else if (on) {
    cents = "listening…";
  }
  $(".note", box).textContent = note;
  $(".cents", box).textContent = cents || "\u00a0";
  $(".needle", box).style.left = (50 + offset) + "%";
  box.classList.toggle("in-tune", on && hz > 0 && Math.abs(offset) <= 3);
  box.dataset.cents = on && hz > 0 ? offset : "";
}

// The room form shows the host's room (levelEvent's roomServer, roomPort, roomClientId: ours,
// absent from older hosts) when the page loads and whenever it changes, unless the player is
// editing the form (focus in it, or typed in it since the last Join or Leave).
const roomForm = { edited: false, shown: null };

function fillRoomForm(ev) {
  if (typeof ev.roomClientId !== "number") {
    return; // a host that does not say
  }
  const key = [ev.roomServer || "", ev.roomPort, ev.roomClientId].join("|");
  const form = $("#room-form");
  const a = document.activeElement;
  if (key === roomForm.shown || roomForm.edited || (a && a.tagName === "INPUT" && form.contains(a))) {
    return;
  }
  if (ev.roomServer) {
    $("#room-host").value = ev.roomServer;
    $("#room-port").value = ev.roomPort;
  }
  $("#room-id").value = ev.roomClientId;
  roomForm.shown = key;
}

function onLevelEvent(ev) {
  // "connected" only says rtjam-net set up its socket (the original's meaning): the room is
  // joined once the server answers, i.e. a round trip was measured.
  const joined = !!ev.connected && ev.rttMs > 0;
  const where = ev.roomServer ? " at " + ev.roomServer + ":" + ev.roomPort : "";
  setPill("#room-state", joined,
    joined ? "room: joined" : ev.connected ? "room: waiting for the server" + where : "room: not joined");
  $("#room-rtt").textContent = joined ? ms(ev.rttMs) : "–";
  fillRoomForm(ev);
  $("#room-lost").textContent = String(ev.lost || 0);
  $("#room-xruns").textContent = String(ev.xruns || 0);
  $("#room-dropped").textContent = String(ev.dropped || 0);
  $("#audio-state").hidden = ev.audioRunning !== false; // a host without the field: no claim
  $$("#beat i").forEach((i) => i.classList.toggle("on", ev.connected && Number(i.dataset.beat) === ev.beat));
  renderMembers(ev);
  renderMixer(ev);
  renderTuner(0, ev.leftTunerOn, ev.inputLeftFreq);
  renderTuner(1, ev.rightTunerOn, ev.inputRightFreq);
  const mute = $("#click-mute"), gain = $("#click-gain");
  if (!recentlyTouched(mute)) {
    mute.setAttribute("aria-pressed", ev.metronomeMute ? "true" : "false");
    mute.textContent = ev.metronomeMute ? "Click: off" : "Click: on";
  }
  if (!recentlyTouched(gain)) {
    gain.value = ev.metronomeGain;
    $("#click-gain-value").textContent = fmt(ev.metronomeGain, 0.5) + " dB";
  }
  document.body.dataset.levelEvents = String(Number(document.body.dataset.levelEvents || 0) + 1);
}

// ---------------------------------------------------------------------------------------------
// Wiring of the fixed controls.

function remember() {
  localStorage.setItem("rtjam.room", JSON.stringify({ host: $("#room-host").value, port: $("#room-port").value,
    id: $("#room-id").value }));
}

function init() {
  try {
    const r = JSON.parse(localStorage.getItem("rtjam.room") || "null");
    if (r) {
      $("#room-host").value = r.host;
      $("#room-port").value = r.port;
      $("#room-id").value = r.id;
    }
  } catch (e) {
    localStorage.removeItem("rtjam.room");
  }
  $("#room-form").onsubmit = (e) => {
    e.preventDefault();
    const port = Number($("#room-port").value), id = Number($("#room-id").value);
    if (!$("#room-host").value || !(port >= 1 && port <= 65535) || !(id >= 1)) {
      showError("Join: give a server, a port 1..65535 and an id of 1 or more");
      return;
    }
    remember();
    roomForm.edited = false;
    send(CMD.ROOM_CHANGE, { sValue: $("#room-host").value.trim(), iValue1: port, iValue2: id });
  };
  $("#room-leave").onclick = () => {
    roomForm.edited = false;
    send(CMD.DISCONNECT);
  };
  $("#room-form").addEventListener("input", () => {
    roomForm.edited = true;
  });
  $$(".tuner").forEach((box) => {
    const btn = $(".tuner-on", box);
    btn.onclick = () => {
      const on = btn.getAttribute("aria-pressed") !== "true";
      btn.setAttribute("aria-pressed", on ? "true" : "false");
      markTouched(btn);
      send(CMD.TUNE, { iValue1: Number(box.dataset.channel), iValue2: on ? 1 : 0 });
    };
  });
  const mute = $("#click-mute");
  mute.onclick = () => {
    const muted = mute.getAttribute("aria-pressed") !== "true";
    mute.setAttribute("aria-pressed", muted ? "true" : "false");
    mute.textContent = muted ? "Click: off" : "Click: on";
    markTouched(mute);
    send(CMD.CLICK_MUTE, { iValue1: muted ? 1 : 0 });
  };
  const gain = $("#click-gain");
  liveSlider(gain, (v) => {
    $("#click-gain-value").textContent = fmt(v, 0.5) + " dB";
    send(CMD.CLICK_GAIN, { fValue: v });
  });
  renderBoards();
  renderMixer({ players: [], masterLevel: -60, peakMaster: -60 });
  connect();
}

init();
