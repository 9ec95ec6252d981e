#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""What lv2lint would warn about in a bundle, read from its Turtle through serdi (sord's
parser): lv2lint itself is not packaged in Debian and its sources cannot be fetched here.

    metadata.py BUNDLE_DIR

Prints one line per check, "KEY COUNT [offenders...]", COUNT being the number of offenders
(0 = clean), after "plugins N", "control_ports N" and "int_parameters N" giving what was looked
at. lv2_bundle.sh turns each line into a test. The checks:

  no_maintainer      plugin without doap:maintainer (lv2lint: "no author")
  no_mbox            maintainer without foaf:mbox (lv2lint: "no author email")
  no_author_homepage maintainer without foaf:homepage (lv2lint: "no author homepage")
  no_homepage        plugin without doap:homepage (lv2lint: "no project homepage")
  no_shortdesc       plugin without doap:shortdesc
  no_log             plugin without log:log among its features (all of ours log through it)
  options_unsupported  plugin that lists opts:options but no opts:supportedOption
                     (lv2lint: "no supported options")
  no_unit            control port without units:unit that is not lv2:toggled,
                     lv2:enumeration or lv2:integer (a switch, a choice, a count or an id has
                     no unit; lv2lint: "no unit")
  param_no_range     atom:Int/atom:Float patch parameter (patch:writable or patch:readable of a
                     plugin) without lv2:minimum, lv2:maximum and lv2:default
"""

import glob
import os
import re
import subprocess
import sys

LV2 = "http://lv2plug.in/ns/lv2core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
DOAP = "http://usefulinc.com/ns/doap#"
FOAF = "http://xmlns.com/foaf/0.1/"
UNITS_UNIT = "http://lv2plug.in/ns/extensions/units#unit"
OPTS = "http://lv2plug.in/ns/ext/options#"
LOG_LOG = "http://lv2plug.in/ns/ext/log#log"
PATCH = "http://lv2plug.in/ns/ext/patch#"
ATOM = "http://lv2plug.in/ns/ext/atom#"

TERM = r'(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[\w-]+)?)'
TRIPLE = re.compile(r"^%s\s+%s\s+%s\s*\.\s*$" % (TERM, TERM, TERM))


def term(t, prefix):
    if t.startswith("<"):
        return t[1:-1]
    if t.startswith("_:"):
        return "_:" + prefix + t[2:]  # blank nodes are local to their file
    return t


def load(bundle):
    """All triples of the bundle's .ttl files, as a dict subject -> predicate -> [objects]."""
    graph = {}
    for i, path in enumerate(sorted(glob.glob(os.path.join(bundle, "*.ttl")))):
        base = "file://" + os.path.abspath(path)
        nt = subprocess.run(["serdi", "-q", "-i", "turtle", "-o", "ntriples", path, base],
                            check=True, capture_output=True, text=True).stdout
        for line in nt.splitlines():
            m = TRIPLE.match(line)
            if not m:
                continue
            s, p, o = (term(x, "f%d_" % i) for x in m.groups())
            graph.setdefault(s, {}).setdefault(p, []).append(o)
    return graph


def main():
    graph = load(sys.argv[1])

    def objs(s, p):
        return graph.get(s, {}).get(p, [])

    plugins = sorted(s for s in graph if LV2 + "Plugin" in objs(s, RDF_TYPE))
    bad = {k: [] for k in ("no_maintainer", "no_mbox", "no_author_homepage", "no_homepage",
                           "no_shortdesc", "no_log", "options_unsupported", "no_unit",
                           "param_no_range")}
    n_control = 0
    n_params = 0
    for plugin in plugins:
        name = plugin.rsplit("/", 1)[-1]
        maintainers = objs(plugin, DOAP + "maintainer")
        if not maintainers:
            bad["no_maintainer"].append(name)
        if not any(objs(m, FOAF + "mbox") for m in maintainers):
            bad["no_mbox"].append(name)
        if not any(objs(m, FOAF + "homepage") for m in maintainers):
            bad["no_author_homepage"].append(name)
        if not objs(plugin, DOAP + "homepage"):
            bad["no_homepage"].append(name)
        if not objs(plugin, DOAP + "shortdesc"):
            bad["no_shortdesc"].append(name)
        features = objs(plugin, LV2 + "optionalFeature") + objs(plugin, LV2 + "requiredFeature")
        if LOG_LOG not in features:
            bad["no_log"].append(name)
        if OPTS + "options" in features and not objs(plugin, OPTS + "supportedOption"):
            bad["options_unsupported"].append(name)
        for port in objs(plugin, LV2 + "port"):
            if LV2 + "ControlPort" not in objs(port, RDF_TYPE):
                continue
            n_control += 1
            props = objs(port, LV2 + "portProperty")
            exempt = any(LV2 + p in props for p in ("toggled", "enumeration", "integer"))
            if not exempt and not objs(port, UNITS_UNIT):
                symbol = (objs(port, LV2 + "symbol") or ['"?"'])[0].split('"')[1]
                bad["no_unit"].append("%s:%s" % (name, symbol))
        for param in objs(plugin, PATCH + "writable") + objs(plugin, PATCH + "readable"):
            if not {ATOM + "Int", ATOM + "Float"} & set(objs(param, RDFS_RANGE)):
                continue
            n_params += 1
            if not all(objs(param, LV2 + k) for k in ("minimum", "maximum", "default")):
                bad["param_no_range"].append(param)
    print("plugins %d" % len(plugins))
    print("control_ports %d" % n_control)
    print("int_parameters %d" % n_params)
    for key, offenders in bad.items():
        print("%s %d %s" % (key, len(offenders), " ".join(offenders[:8])))


if __name__ == "__main__":
    main()
