#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The web page of rtjam-host in a real browser (Debian's chromium, headless, through
chromium-driver and python3-selenium), for tests/integration/host_web.sh.

Prints one line per check: "ok   NAME", "FAIL NAME" or "skip: NAME: REASON"; exits 77 (after a
skip line) when no browser can start. Everything the page does goes through its own controls;
the host's state is read back over a second websocket (tools/ws/rtjam_ws.py) and the sound is
measured at B's output with jack_rec + sox."""

import argparse
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "ws"))
from rtjam_ws import connect  # noqa: E402

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    from selenium.common.exceptions import StaleElementReferenceException
except ImportError as e:
    print("skip: the web page in a browser: python3-selenium is not installed (%s; make deps)" % e)
    sys.exit(77)

FAILS = 0


def report(name, cond):
    global FAILS
    print(("ok   " if cond else "FAIL ") + name, flush=True)
    FAILS += 0 if cond else 1
    return cond


def note(text):
    print("     " + text, flush=True)


def wait_for(fn, timeout, step=0.1):
    """fn()'s first true value within timeout seconds, else None."""
    end = time.monotonic() + timeout
    while True:
        try:
            v = fn()
        except Exception:  # an element replaced while we read it: try again
            v = None
        if v:
            return v
        if time.monotonic() >= end:
            return None
        time.sleep(step)


def browser(args):
    opts = webdriver.ChromeOptions()
    opts.binary_location = args.chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=1280,900", "--user-data-dir=" + os.path.join(args.tmp, "profile"),
              "--no-first-run", "--disable-extensions", "--hide-scrollbars"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"download.default_directory": args.downloads,
                                           "download.prompt_for_download": False})
    service = Service(executable_path=args.chromedriver,
                      log_output=os.path.join(args.tmp, "chromedriver.log")) \
        if "log_output" in Service.__init__.__code__.co_varnames else \
        Service(executable_path=args.chromedriver, log_path=os.path.join(args.tmp, "chromedriver.log"))
    d = webdriver.Chrome(service=service, options=opts)
    d.set_page_load_timeout(15)
    try:
        d.execute_cdp_cmd("Page.setDownloadBehavior",
                          {"behavior": "allow", "downloadPath": args.downloads})
    except Exception:
        pass
    return d


# ---------------------------------------------------------------------------------------------
# The host's side, read over a websocket of our own.

def host_board(ws_port, board=0):
    c = connect("127.0.0.1", ws_port)
    c.send('{"param":27}')
    got = c.expect("pedalInfo", 5)
    c.sock.close()
    return got["pedalInfo"][board] if got else None


def setting(board, pedal_name, setting_name):
    for fx in (board or {}).get("effects", []):
        if fx["name"] == pedal_name:
            for s in fx["settings"]:
                if s["name"] == setting_name:
                    return s["value"]
    return None


# ---------------------------------------------------------------------------------------------
# Sound: jack_rec of B's output and the tone, a run discarded when JACK lost a cycle in it.

def lost_cycles(log):
    try:
        return sum(1 for line in open(log, errors="replace") if "JackEngine::XRun" in line)
    except OSError:
        return 0


def rms_db(path, channel):
    out = subprocess.run(["sox", path, "-n", "remix", str(channel), "stats"],
                         capture_output=True, text=True).stderr
    m = re.search(r"^RMS lev dB\s+(-?[\d.]+|-inf)", out, re.M)
    return float(m.group(1)) if m and m.group(1) != "-inf" else -200.0


def record(args, name, tries=3):
    """(tone dB, B out_l dB, clean) of a 2 s recording; the lost cycles of each try printed."""
    path = os.path.join(args.tmp, name + ".wav")
    counts = []
    for _ in range(tries):
        x0 = lost_cycles(args.jackd_log)
        subprocess.run(["timeout", "20", "jack_rec", "-f", path, "-d", "2", "sig:out", "hB:out_l"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts.append(lost_cycles(args.jackd_log) - x0)
        if counts[-1] == 0 and os.path.exists(path):
            break
    note("recording '%s': JACK cycles lost in each try: %s" % (name, counts))
    return rms_db(path, 1), rms_db(path, 2), counts[-1] == 0


# ---------------------------------------------------------------------------------------------
# The page.

def pedals(d, board=0):
    """The board's pedal names, read in one script call (status messages replace elements)."""
    return d.execute_script("return [...document.querySelectorAll(arguments[0])]"
                            ".map(e => e.getAttribute('data-name'));", "#board-%d .pedal" % board)


def attr(d, css, name):
    """An element's attribute (an input's current value for "value"), read in one script call."""
    return d.execute_script("const e = document.querySelector(arguments[0]);"
                            "return !e ? null : arguments[1] === 'value' ? e.value"
                            " : e.getAttribute(arguments[1]);", css, name)


def pedal(d, name, board=0):
    return d.find_element(By.CSS_SELECTOR, '#board-%d .pedal[data-name="%s"]' % (board, name))


def click(d, find):
    """Scrolls the element clear of the sticky header, then clicks it as a user would. `find`
    is the element, or a function finding it: found again when the page re-rendered it between
    the find and the click (a status message can replace a board's elements at any time)."""
    for attempt in range(10):
        try:
            element = find() if callable(find) else find
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()
            return
        except StaleElementReferenceException:
            if not callable(find) or attempt == 9:
                raise
            time.sleep(0.1)


def text(d, css):
    """The element's text, read in one script call (status messages replace elements)."""
    return d.execute_script("const e = document.querySelector(arguments[0]);"
                            "return e ? e.innerText : null;", css)


def open_page(d, url):
    d.get(url)
    return wait_for(lambda: text(d, "#host-state") == "host: connected", 10)


def insert(d, name, board=0):
    n = len(pedals(d, board))
    for attempt in range(10):  # a status message may re-render the board between the two
        try:
            Select(d.find_element(By.CSS_SELECTOR, "#board-%d .insert-type" % board)).select_by_value(name)
            click(d, lambda: d.find_element(By.CSS_SELECTOR, "#board-%d .insert-btn" % board))
            break
        except StaleElementReferenceException:
            if attempt == 9:
                raise
            time.sleep(0.1)
    return wait_for(lambda: len(pedals(d, board)) == n + 1 and pedals(d, board)[-1] == name, 5)


def screenshot(d, path, width, height, mobile):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.6)
    full = d.execute_script("return document.documentElement.scrollHeight")
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": min(full, height * 3), "deviceScaleFactor": 1,
                       "mobile": mobile})
    time.sleep(0.6)
    d.save_screenshot(path)
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return os.path.getsize(path) > 10000


def end_to_end(d, args):
    url_a = "http://127.0.0.1:%d/" % args.ws_a
    report("A's page loads from rtjam-host and its websocket opens (%s)" % url_a, open_page(d, url_a))
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#board-0 .insert-type option"), 5)

    # Silence first: A's input meter sits at the bottom, then the tone moves it.
    quiet = wait_for(lambda: d.find_element(By.ID, "strip-0").get_attribute("data-level"), 5)
    subprocess.run(["jack_connect", "sig:out", "hA:in_1"], check=False)

    # The room form shows A's own client id (derived from the machine: no room set yet), not
    # the page's placeholder 4321.
    m = re.search(r"client id (\d+) \(", open(os.path.join(args.tmp, "hA.log")).read())
    got = wait_for(lambda: d.find_element(By.ID, "room-id").get_attribute("value") == (
        m.group(1) if m else "?") and m.group(1), 5)
    report("the room form shows A's client id at load (%s; A logs %s)"
           % (attr(d, "#room-id", "value"),
              m.group(1) if m else "none"), bool(got))
    # A room where nothing listens: "waiting for the server at HOST:PORT", never "joined".
    dead = args.port + 9
    for sel, val in (("#room-host", "127.0.0.1"), ("#room-port", str(dead)), ("#room-id", "101")):
        box = d.find_element(By.CSS_SELECTOR, sel)
        box.clear()
        box.send_keys(val)
    click(d, lambda: d.find_element(By.ID, "room-join"))
    want = "room: waiting for the server at 127.0.0.1:%d" % dead
    got = wait_for(lambda: text(d, "#room-state") == want, 10)
    time.sleep(1.5)
    report("Join of a room where no server answers: the page says '%s' (%s), not joined"
           % (want, text(d, "#room-state")), bool(got) and text(d, "#room-state") == want)
    # The host's room changed elsewhere (a websocket client, not the page): the form follows.
    w = connect("127.0.0.1", args.ws_a)
    w.send('{"param":21,"sValue":"127.0.0.1","iValue1":%d,"iValue2":101}' % args.port)
    w.sock.close()
    form = lambda: tuple(d.find_element(By.ID, i).get_attribute("value")
                         for i in ("room-host", "room-port", "room-id"))
    got = wait_for(lambda: form() == ("127.0.0.1", str(args.port), "101"), 10)
    report("the room form follows the host's room joined elsewhere (%s)" % (form(),), bool(got))
    got = wait_for(lambda: text(d, "#room-state") == "room: joined", 10)
    report("and the page says joined once the server answers (%s)" % text(d, "#room-state"),
           bool(got))

    # Join the room from the page; B joins over its websocket.
    for sel, val in (("#room-host", "127.0.0.1"), ("#room-port", str(args.port)), ("#room-id", "101")):
        box = d.find_element(By.CSS_SELECTOR, sel)
        box.clear()
        box.send_keys(val)
    click(d, lambda: d.find_element(By.ID, "room-join"))
    b = connect("127.0.0.1", args.ws_b)
    b.send('{"param":21,"sValue":"127.0.0.1","iValue1":%d,"iValue2":202}' % args.port)
    b.sock.close()
    report("Join on the page: A's room state turns to joined",
           wait_for(lambda: text(d, "#room-state") == "room: joined", 10))
    report("With JACK running, the 'audio engine stopped' indicator is hidden (levelEvent audioRunning)",
           d.execute_script("return document.querySelector('#audio-state').hidden") is True)
    lat = wait_for(lambda: re.match(r"^\d+(\.\d+)? ms$", text(
        d, '#members tr[data-client-id="202"] td.latency')) and text(
        d, '#members tr[data-client-id="202"] td.latency'), 10)
    report("B appears as a member on A's page with a latency figure (%s)" % lat, bool(lat))
    if lat:
        note("member 202: " + (text(d, '#members tr[data-client-id="202"]') or "").replace("\t", " | "))
    level = wait_for(lambda: (lambda v: v if v is not None and float(v) > -40 else None)(
        d.find_element(By.ID, "strip-0").get_attribute("data-level")), 10)
    width = attr(d, "#strip-0 .meter .bar", "style") or ""
    report("A's input meter moves with the tone (%s dB -> %s dB, %s)" % (quiet, level, width.strip()),
           level is not None and quiet is not None and float(quiet) <= -59)

    # B must hear A before the sound is measured.
    c = connect("127.0.0.1", args.ws_b)
    c.send('{"param":1006,"iValue1":150}')
    heard = None
    end = time.monotonic() + 10
    while time.monotonic() < end and not heard:
        ev = c.expect("levelEvent", 2)
        if ev and any(p["clientId"] == 101 and p["level0"] > -40 for p in ev["levelEvent"]["players"]):
            heard = ev
    c.sock.close()
    report("B hears A", heard is not None)

    # Boost into board 0 from the list, then +12 dB with its own number box.
    report("insert a Boost into board 0 from the list of pedal types", insert(d, "Boost"))
    time.sleep(0.5)
    sig0, b0, clean0 = record(args, "before")
    box = pedal(d, "Boost").find_element(By.CSS_SELECTOR, '.control[data-setting="Gain"] input.num')
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("12", Keys.TAB)
    gain = wait_for(lambda: setting(host_board(args.ws_a), "Boost", "Gain") == 12 and 12, 5)
    slider = attr(d, '#board-0 .pedal[data-name="Boost"] .control[data-setting="Gain"] input.knob',
                  "value")
    report("the page's Gain box sets the Boost to 12 dB on the host (host: %s; slider at %s)"
           % (gain, slider), gain == 12)
    time.sleep(0.5)
    sig1, b1, clean1 = record(args, "after")
    rise = (b1 - sig1) - (b0 - sig0)
    note("B out_l %.2f dB -> %.2f dB (tone %.2f / %.2f dB): %+.2f dB" % (b0, b1, sig0, sig1, rise))
    if clean0 and clean1:
        report("B's output rises by 12 +- 0.5 dB (%+.2f)" % rise, abs(rise - 12) <= 0.5)
    else:
        print("skip: B's output rises by 12 dB: every recording lost a JACK cycle: this machine "
              "could not record in real time", flush=True)

    # Move, bypass, delete.
    report("insert a Tone Stack after it", insert(d, "Tone Stack"))
    click(d, lambda: pedal(d, "Boost").find_element(By.CSS_SELECTOR, ".move-down"))
    order = wait_for(lambda: pedals(d) == ["Tone Stack", "Boost"] and pedals(d), 5)
    host_order = [e["name"] for e in host_board(args.ws_a)["effects"]]
    report("move the Boost after the Tone Stack (page %s, host %s)" % (order, host_order),
           order == ["Tone Stack", "Boost"] and host_order == order)
    click(d, lambda: pedal(d, "Boost").find_element(By.CSS_SELECTOR, ".bypass"))
    byp = wait_for(lambda: setting(host_board(args.ws_a), "Boost", "bypass") is True, 5)
    # The page's class, read again if a status message re-rendered the board meanwhile.
    cls = wait_for(lambda: "bypassed" in pedal(d, "Boost").get_attribute("class") and
                   pedal(d, "Boost").get_attribute("class"), 5)
    report("bypass the Boost (host: bypass %s; page: %s)" % (
        setting(host_board(args.ws_a), "Boost", "bypass"), cls), byp and cls)
    click(d, lambda: pedal(d, "Boost").find_element(By.CSS_SELECTOR, ".bypass"))
    report("and turn it on again", wait_for(
        lambda: setting(host_board(args.ws_a), "Boost", "bypass") is False, 5))

    # Save the board to a file.
    for f in os.listdir(args.downloads):
        os.remove(os.path.join(args.downloads, f))
    click(d, lambda: d.find_element(By.CSS_SELECTOR, "#board-0 .save-btn"))
    saved = wait_for(lambda: [f for f in os.listdir(args.downloads) if f.endswith(".json")], 10)
    doc = None
    if saved:
        path = os.path.join(args.downloads, saved[0])
        time.sleep(0.3)
        doc = json.load(open(path))
    names = [(c["name"], [s["name"] for s in c["settings"]]) for c in doc["config"]] if doc else None
    gain_saved = [s["value"] for c in (doc or {}).get("config", []) if c["name"] == "Boost"
                  for s in c["settings"] if s["name"] == "Gain"]
    report("Save writes the board as the original's JSON (%s: %s, Boost Gain %s)"
           % (saved, [n for n, _ in names] if names else None, gain_saved),
           doc is not None and "id" in doc and [n for n, _ in names] == ["Tone Stack", "Boost"]
           and gain_saved == [12])

    click(d, lambda: pedal(d, "Boost").find_element(By.CSS_SELECTOR, ".delete"))
    report("delete the Boost", wait_for(lambda: pedals(d) == ["Tone Stack"], 5)
           and [e["name"] for e in host_board(args.ws_a)["effects"]] == ["Tone Stack"])

    # Reload the page and load the board back from the file.
    report("the page reloads", open_page(d, url_a))
    wait_for(lambda: pedals(d) == ["Tone Stack"], 5)
    if saved:
        d.find_element(By.CSS_SELECTOR, "#board-0 input.load-file").send_keys(
            os.path.join(args.downloads, saved[0]))
    back = wait_for(lambda: pedals(d) == ["Tone Stack", "Boost"], 5)
    num = attr(d, '#board-0 .pedal[data-name="Boost"] .control[data-setting="Gain"] input.num',
               "value") if back else None
    hb = host_board(args.ws_a)
    report("Load puts the saved board back (page %s, Boost Gain box %s; host board %s, Gain %s)"
           % (pedals(d), num, hb.get("boardId"), setting(hb, "Boost", "Gain")),
           back and num is not None and float(num) == 12 and setting(hb, "Boost", "Gain") == 12)

    # Save and load a board whose settings the host converts (docs/host.md, "Units of the
    # original's boards"): TubeDrive level -3 and drive 4 (dB10), Tube Screamer output 1 (0 dB)
    # come back as they were saved, not as a C++ board's (-1.5, 2, 1.025).
    want = {("TubeDrive", "level"): -3, ("TubeDrive", "drive"): 4, ("Tube Screamer", "output"): 1}
    report("insert a TubeDrive and a Tube Screamer into board 1",
           insert(d, "TubeDrive", 1) and insert(d, "Tube Screamer", 1))

    def set_all(values):
        c = connect("127.0.0.1", args.ws_a)
        for (fx, name), v in values.items():
            c.send(json.dumps({"param": 28, "iValue1": 1, "iValue2": ["TubeDrive", "Tube Screamer"].index(fx),
                               "sValue": json.dumps({"name": name, "value": v})}))
        c.sock.close()

    def got_all():
        b1 = host_board(args.ws_a, 1)
        return {k: setting(b1, k[0], k[1]) for k in want}

    set_all(want)
    before = wait_for(lambda: got_all() == want and got_all(), 5)
    for f in os.listdir(args.downloads):
        os.remove(os.path.join(args.downloads, f))
    click(d, lambda: d.find_element(By.CSS_SELECTOR, "#board-1 .save-btn"))
    saved1 = wait_for(lambda: [f for f in os.listdir(args.downloads) if f.endswith(".json")], 10)
    set_all({k: 0 for k in want})
    wait_for(lambda: got_all() == {k: 0 for k in want}, 5)
    if saved1:
        time.sleep(0.3)
        d.find_element(By.CSS_SELECTOR, "#board-1 input.load-file").send_keys(
            os.path.join(args.downloads, saved1[0]))
    after = wait_for(lambda: got_all() == want and got_all(), 5) or got_all()
    report("a saved TubeDrive level -3, drive 4 and Tube Screamer output 1 load back the same "
           "(before save %s, after load %s)" % (before, after), bool(before) and after == want)

    # A refusal reaches the page.
    c = connect("127.0.0.1", args.ws_a)
    c.send('{"param":1004,"sValue":"true"}')
    c.sock.close()
    err = wait_for(lambda: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#errors li")
                            if "1004" in li.text], 5)
    report("a refusal from the host is shown on the page (%s)" % (err[0].splitlines()[0] if err else None),
           bool(err))
    for li in d.find_elements(By.CSS_SELECTOR, "#errors li button"):
        click(d, li)

    # Tuner and metronome, through the page.
    click(d, lambda: d.find_element(By.CSS_SELECTOR, "#tuner-0 .tuner-on"))
    note_txt = wait_for(lambda: re.match(r"^[A-G]", text(d, "#tuner-0 .note")) and text(d, "#tuner-0 .note"), 8)
    report("the tuner shows the 1 kHz tone's note and cents (%s, %s; want B5 +21)"
           % (note_txt, text(d, "#tuner-0 .cents")), note_txt == "B5")
    click(d, lambda: d.find_element(By.ID, "click-mute"))
    c = connect("127.0.0.1", args.ws_a)
    c.send('{"param":1006,"iValue1":150}')
    ev = None
    end = time.monotonic() + 5
    while time.monotonic() < end:
        ev = c.expect("levelEvent", 2)
        if ev and ev["levelEvent"]["metronomeMute"] is False:
            break
    c.sock.close()
    report("the metronome's click is turned on from the page",
           ev is not None and ev["levelEvent"]["metronomeMute"] is False)
    beats = set()
    end = time.monotonic() + 4
    while time.monotonic() < end and len(beats) < 2:
        beats.update(d.execute_script(
            "return Array.from(document.querySelectorAll('#beat i.on')).map(i => i.dataset.beat)"))
        time.sleep(0.05)
    report("the beat indicator follows the room's beat (beats seen: %s)" % sorted(beats), len(beats) >= 2)

    if args.shots:
        # Give the screenshot a fuller board: a Speaker Sim (a labelled selector) on board 1.
        insert(d, "Speaker Sim", 1)
        insert(d, "Noise Gate", 1)
        click(d, lambda: d.find_element(By.CSS_SELECTOR, "#tuner-0 .tuner-on"))
        time.sleep(0.5)
        click(d, lambda: d.find_element(By.CSS_SELECTOR, "#tuner-0 .tuner-on"))
        time.sleep(1)
        os.makedirs(args.shots, exist_ok=True)
        desk = os.path.join(args.shots, "web-desktop.png")
        phone = os.path.join(args.shots, "web-phone.png")
        report("screenshot, desktop 1280 px: " + desk, screenshot(d, desk, 1280, 900, False))
        report("screenshot, phone 390 px: " + phone, screenshot(d, phone, 390, 844, True))


def access(d, args):
    # A page of a foreign origin (another port of this machine) tries A's websocket.
    page = b"""<!doctype html><title>probe</title><script>
const w = new WebSocket(new URLSearchParams(location.search).get("ws"));
w.onopen = () => { document.title = "opened"; };
w.onclose = () => { if (document.title !== "opened") document.title = "refused"; };
</script>"""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *a):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    foreign = "http://127.0.0.1:%d/" % srv.server_address[1]
    for target in ("ws://127.0.0.1:%d/" % args.ws_a,
                   "ws://%s:%d/?token=%s" % (args.lan_ip, args.ws_c, args.token)):
        d.get(foreign + "?ws=" + target)
        got = wait_for(lambda: d.title in ("opened", "refused") and d.title, 8)
        report("a page from a foreign origin (%s) cannot open %s: %s" % (foreign, target, got),
               got == "refused")
    srv.shutdown()

    # The LAN-bound host C: its page without the token is refused, with it accepted.
    url = "http://%s:%d/" % (args.lan_ip, args.ws_c)
    d.get(url)
    state = wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#errors li") and text(d, "#host-state"), 8)
    errs = [li.text.splitlines()[0] for li in d.find_elements(By.CSS_SELECTOR, "#errors li")]
    report("C bound beyond loopback: its page without the token is refused (%s; %s)" % (state, errs[:1]),
           state == "host: disconnected" and any("token" in e for e in errs))
    report("and with ?token= it connects (%s?token=...)" % url, open_page(d, url + "?token=" + args.token))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ws-a", type=int, required=True)
    ap.add_argument("--ws-b", type=int, required=True)
    ap.add_argument("--ws-c", type=int, required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--lan-ip", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--jackd-log", required=True)
    ap.add_argument("--shots", default="")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = ap.parse_args()
    args.downloads = os.path.join(args.tmp, "downloads")
    os.makedirs(args.downloads, exist_ok=True)
    t0 = time.monotonic()
    try:
        d = browser(args)
    except Exception as e:
        print("skip: the web page in a browser: chromium cannot start here (%s)"
              % str(e).strip().splitlines()[0], flush=True)
        sys.exit(77)
    note("browser: %s, started in %.1f s" % (d.capabilities.get("browserVersion", "?"), time.monotonic() - t0))
    try:
        end_to_end(d, args)
        access(d, args)
        logs = [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"
                and "WebSocket" not in e["message"] and "favicon" not in e["message"]]
        report("no script error on the page (%s)" % (logs[:2] or "none"), not logs)
    except Exception as e:
        report("the browser session ran to its end (%s: %s)" % (type(e).__name__, str(e).splitlines()[0]), False)
    finally:
        d.quit()
    note("browser checks took %.1f s" % (time.monotonic() - t0))
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
