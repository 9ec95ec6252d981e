// SPDX-License-Identifier: ISC
/// rtjam-ttlgen: prints the rtjam.lv2 bundle's Turtle (manifest.ttl, one SLUG.ttl and one
/// SLUG-presets.ttl per pedal) and the C port enums (pedal_ports.h) from ttl/pedal_defs.c, so
/// that every port is defined once (STYLE.md item 16). Run by mk/lv2.mk at build time:
///
///   rtjam-ttlgen BUNDLE_DIR HEADER_PATH LV2_MINOR LV2_MICRO BINARY_NAME
///   rtjam-ttlgen --markdown      (the controls tables of docs/pedals.md, on stdout)

#include "pedal_defs.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* const prefixes =
    "@prefix doap:  <http://usefulinc.com/ns/doap#> .\n"
    "@prefix foaf:  <http://xmlns.com/foaf/0.1/> .\n"
    "@prefix log:   <http://lv2plug.in/ns/ext/log#> .\n"
    "@prefix lv2:   <http://lv2plug.in/ns/lv2core#> .\n"
    "@prefix owl:   <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix pg:    <http://lv2plug.in/ns/ext/port-groups#> .\n"
    "@prefix pprops: <http://lv2plug.in/ns/ext/port-props#> .\n"
    "@prefix pset:  <http://lv2plug.in/ns/ext/presets#> .\n"
    "@prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix units: <http://lv2plug.in/ns/extensions/units#> .\n"
    "@prefix urid:  <http://lv2plug.in/ns/ext/urid#> .\n"
    "@prefix opts:  <http://lv2plug.in/ns/ext/options#> .\n"
    "@prefix bufsz: <http://lv2plug.in/ns/ext/buf-size#> .\n"
    "@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix rtjam: <" PEDAL_NS "> .\n\n";

/// The project resource every plugin points to with lv2:project.
#define PROJECT_URI PEDAL_URI_BASE

/// doap:maintainer of every plugin (lv2lint wants one with an e-mail address and a homepage).
#define TTL_MAINTAINER                                                                             \
  "  doap:maintainer [\n    a foaf:Person ;\n    foaf:name \"" PEDAL_MAINTAINER_NAME "\" ;\n"      \
  "    foaf:mbox <" PEDAL_MAINTAINER_MBOX "> ;\n    foaf:homepage <" PEDAL_HOMEPAGE ">\n  ] ;\n"

typedef struct {
  FILE* f;          ///< open output file
  const char* path; ///< its path, for error messages
  int failed;       ///< a write failed
} Out;

static int
out_open(Out* const out, const char* const path)
{
  out->path = path;
  out->failed = 0;
  out->f = fopen(path, "w");
  if (!out->f) {
    fprintf(stderr, "rtjam-ttlgen: open %s: %s\n", path, strerror(errno));
    return -1;
  }
  return 0;
}

__attribute__((format(printf, 2, 3))) static void
out_printf(Out* const out, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  if (vfprintf(out->f, fmt, args) < 0) {
    out->failed = 1;
  }
  va_end(args);
}

static int
out_close(Out* const out)
{
  const int err = ferror(out->f) || out->failed;
  if (fclose(out->f) != 0 || err) {
    fprintf(stderr, "rtjam-ttlgen: write %s: %s\n", out->path, strerror(errno));
    return -1;
  }
  return 0;
}

/// Formats a float as a Turtle decimal with at least one fractional digit ("-50.0", "0.28").
static const char*
decimal(char* const buf, const size_t size, const float v)
{
  snprintf(buf, size, "%.6f", (double)v);
  char* end = buf + strlen(buf) - 1;
  while (end > buf && *end == '0' && end[-1] != '.') {
    *end-- = '\0';
  }
  return buf;
}

/// Writes a Turtle string literal with escapes.
static void
literal(Out* const out, const char* const s)
{
  out_printf(out, "\"");
  for (const char* p = s; *p; ++p) {
    if (*p == '"' || *p == '\\') {
      out_printf(out, "\\%c", *p);
    } else {
      out_printf(out, "%c", *p);
    }
  }
  out_printf(out, "\"");
}

static const char*
unit_uri(const PedalUnit unit)
{
  switch (unit) {
  case PEDAL_UNIT_NONE:
    return NULL;
  case PEDAL_UNIT_DB:
    return "units:db";
  case PEDAL_UNIT_MS:
    return "units:ms";
  case PEDAL_UNIT_HZ:
    return "units:hz";
  case PEDAL_UNIT_COEF:
    return "units:coef";
  }
  return NULL;
}

/// "cabinetType" -> "CABINET_TYPE", "Gain" -> "GAIN".
static void
enum_name(char* const buf, const size_t size, const char* const symbol)
{
  size_t n = 0;
  for (const char* p = symbol; *p && n + 2 < size; ++p) {
    if (p != symbol && isupper((unsigned char)*p) && islower((unsigned char)p[-1])) {
      buf[n++] = '_';
    }
    buf[n++] = (char)toupper((unsigned char)*p);
  }
  buf[n] = '\0';
}

/// "NOISE_GATE" -> "NoiseGate".
static void
camel_name(char* const buf, const size_t size, const char* const id)
{
  size_t n = 0;
  int upper = 1;
  for (const char* p = id; *p && n + 1 < size; ++p) {
    if (*p == '_') {
      upper = 1;
      continue;
    }
    buf[n++] = upper ? *p : (char)tolower((unsigned char)*p);
    upper = 0;
  }
  buf[n] = '\0';
}

static unsigned
range_steps(const PedalPortDef* const port)
{
  if (port->step <= 0.0f) {
    return 0;
  }
  return (unsigned)((port->max - port->min) / port->step + 1.5f);
}

static void
write_port(Out* const out, const PedalDef* const def, const size_t index)
{
  const PedalPortDef* const port = &def->ports[index];
  char b[64];
  out_printf(out, "  [\n");
  switch (port->kind) {
  case PEDAL_PORT_ENABLE:
  case PEDAL_PORT_CONTROL:
    out_printf(out, "    a lv2:InputPort , lv2:ControlPort ;\n");
    break;
  case PEDAL_PORT_AUDIO_IN:
    out_printf(out, "    a lv2:InputPort , lv2:AudioPort ;\n");
    break;
  case PEDAL_PORT_AUDIO_OUT:
    out_printf(out, "    a lv2:OutputPort , lv2:AudioPort ;\n");
    break;
  case PEDAL_PORT_LATENCY:
    out_printf(out, "    a lv2:OutputPort , lv2:ControlPort ;\n");
    break;
  }
  out_printf(out, "    lv2:index %zu ;\n    lv2:symbol \"%s\" ;\n    lv2:name ", index,
             port->symbol);
  literal(out, port->name);
  out_printf(out, " ;\n");
  if (port->kind == PEDAL_PORT_AUDIO_IN || port->kind == PEDAL_PORT_AUDIO_OUT) {
    out_printf(out, "    lv2:designation pg:center ;\n    pg:group <%s%s#%s> ;\n", PEDAL_URI_BASE,
               def->slug, port->kind == PEDAL_PORT_AUDIO_IN ? "in" : "out");
  } else if (port->kind == PEDAL_PORT_LATENCY) {
    // Both forms: lv2:designation (LV2 >= 1.18) and the older reportsLatency property.
    out_printf(out, "    lv2:minimum %s ;\n", decimal(b, sizeof b, port->min));
    out_printf(out, "    lv2:maximum %s ;\n", decimal(b, sizeof b, port->max));
    out_printf(out, "    units:unit units:frame ;\n    lv2:designation lv2:latency ;\n"
                    "    lv2:portProperty lv2:reportsLatency , lv2:integer , "
                    "pprops:notOnGUI ;\n");
  } else {
    out_printf(out, "    rtjam:jsonName ");
    literal(out, port->json);
    out_printf(out, " ;\n    lv2:default %s ;\n", decimal(b, sizeof b, port->def));
    out_printf(out, "    lv2:minimum %s ;\n", decimal(b, sizeof b, port->min));
    out_printf(out, "    lv2:maximum %s ;\n", decimal(b, sizeof b, port->max));
    const char* const unit = unit_uri(port->unit);
    if (unit) {
      out_printf(out, "    units:unit %s ;\n", unit);
    }
    if (port->kind == PEDAL_PORT_ENABLE) {
      out_printf(out, "    lv2:designation lv2:enabled ;\n");
    }
    const unsigned steps = range_steps(port);
    if (steps >= 2 && !(port->flags & (PEDAL_FLAG_TOGGLED | PEDAL_FLAG_ENUM))) {
      out_printf(out, "    pprops:rangeSteps %u ;\n", steps);
    }
    const char* props[6];
    size_t n_props = 0;
    if (port->flags & PEDAL_FLAG_TOGGLED) {
      props[n_props++] = "lv2:toggled";
    }
    if (port->flags & PEDAL_FLAG_INTEGER) {
      props[n_props++] = "lv2:integer";
    }
    if (port->flags & PEDAL_FLAG_ENUM) {
      props[n_props++] = "lv2:enumeration";
      props[n_props++] = "pprops:hasStrictBounds";
    }
    if (port->flags & PEDAL_FLAG_LOG) {
      props[n_props++] = "pprops:logarithmic";
    }
    for (size_t i = 0; i < n_props; ++i) {
      out_printf(out, "%s%s", i ? " , " : "    lv2:portProperty ", props[i]);
    }
    if (n_props) {
      out_printf(out, " ;\n");
    }
    if (port->labels) {
      for (size_t i = 0; port->labels[i]; ++i) {
        out_printf(out, "%s[ rdfs:label ", i ? " ,\n      " : "    lv2:scalePoint ");
        literal(out, port->labels[i]);
        out_printf(out, " ; rdf:value %zu ]", i);
      }
      out_printf(out, " ;\n");
    }
    if (port->group) {
      out_printf(out, "    pg:group <%s%s#%s> ;\n", PEDAL_URI_BASE, def->slug, port->group);
    }
  }
  out_printf(out, "    rdfs:comment ");
  literal(out, port->comment ? port->comment : port->name);
  out_printf(out, "\n  ]");
}

static int
write_plugin(const char* const dir, const PedalDef* const def, const int minor, const int micro)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.ttl", dir, def->slug);
  Out out;
  if (out_open(&out, path) < 0) {
    return -1;
  }
  const char* const base = PEDAL_URI_BASE;
  out_printf(&out, "# Generated by rtjam-ttlgen from ttl/pedal_defs.c: do not edit.\n%s", prefixes);
  out_printf(&out,
             "<%s%s#in>\n  a pg:MonoGroup , pg:InputGroup ;\n  lv2:symbol \"in\" ;\n"
             "  rdfs:label \"Input\" .\n\n",
             base, def->slug);
  out_printf(&out,
             "<%s%s#out>\n  a pg:MonoGroup , pg:OutputGroup ;\n  lv2:symbol \"out\" ;\n"
             "  pg:source <%s%s#in> ;\n  rdfs:label \"Output\" .\n\n",
             base, def->slug, base, def->slug);
  for (const PedalGroupDef* g = def->groups; g && g->symbol; ++g) {
    out_printf(&out, "<%s%s#%s>\n  a pg:Group ;\n  lv2:symbol \"%s\" ;\n  rdfs:label ", base,
               def->slug, g->symbol, g->symbol);
    literal(&out, g->label);
    out_printf(&out, " .\n\n");
  }
  // doap:homepage is owl:InverseFunctionalProperty: each plugin (a doap:Project) gets its own
  // page, the project the site's root.
  out_printf(&out,
             "<%s%s>\n  a lv2:Plugin , lv2:%s , doap:Project ;\n"
             "  doap:homepage <" PEDAL_HOMEPAGE "/pedals/%s> ;\n  doap:name ",
             base, def->slug, def->lv2_class, def->slug);
  literal(&out, def->name);
  out_printf(&out, " ;\n  rtjam:jsonName ");
  literal(&out, def->json);
  out_printf(&out, " ;\n  doap:shortdesc ");
  char shortdesc[128];
  snprintf(shortdesc, sizeof shortdesc, "The %s pedal of RTJam", def->json);
  literal(&out, shortdesc);
  out_printf(&out, " ;\n  rdfs:comment ");
  literal(&out, def->comment);
  // Optional features: the glue logs through log:log (which needs urid:map for its types) and
  // works with any block length, so it asks for no options and no block-length guarantee.
  out_printf(&out,
             " ;\n  doap:license <http://opensource.org/licenses/isc> ;\n" TTL_MAINTAINER
             "  lv2:project <%s> ;\n  lv2:minorVersion %d ;\n  lv2:microVersion %d ;\n"
             "  lv2:optionalFeature lv2:hardRTCapable , urid:map , log:log ;\n"
             "  pg:mainInput <%s%s#in> ;\n  pg:mainOutput <%s%s#out> ;\n  lv2:port\n",
             PROJECT_URI, minor, micro, base, def->slug, base, def->slug);
  for (size_t i = 0; i < def->n_ports; ++i) {
    write_port(&out, def, i);
    out_printf(&out, "%s", i + 1 < def->n_ports ? " ,\n" : " .\n");
  }
  return out_close(&out);
}

static int
write_presets(const char* const dir, const PedalDef* const def)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s-presets.ttl", dir, def->slug);
  Out out;
  if (out_open(&out, path) < 0) {
    return -1;
  }
  char b[64];
  out_printf(&out, "# Generated by rtjam-ttlgen from ttl/pedal_defs.c: do not edit.\n%s", prefixes);
  for (const PedalPresetDef* p = def->presets; p && p->slug; ++p) {
    out_printf(&out,
               "<%s%s#preset-%s>\n  a pset:Preset ;\n  lv2:appliesTo <%s%s> ;\n"
               "  rdfs:label ",
               PEDAL_URI_BASE, def->slug, p->slug, PEDAL_URI_BASE, def->slug);
    literal(&out, p->label);
    out_printf(&out, " ;\n  lv2:port");
    int first = 1;
    // Every control but the bypass switch, so a preset fully defines the sound.
    for (size_t i = 0; i < def->n_ports; ++i) {
      const PedalPortDef* const port = &def->ports[i];
      if (port->kind != PEDAL_PORT_CONTROL) {
        continue;
      }
      float value = port->def;
      for (const PedalPresetValue* v = p->values; v->symbol; ++v) {
        if (!strcmp(v->symbol, port->symbol)) {
          value = v->value;
        }
      }
      out_printf(&out, "%s[ lv2:symbol \"%s\" ; pset:value %s ]", first ? "\n    " : " ,\n    ",
                 port->symbol, decimal(b, sizeof b, value));
      first = 0;
    }
    out_printf(&out, " .\n\n");
  }
  return out_close(&out);
}

static int
write_manifest(const char* const dir, const char* const binary)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/manifest.ttl", dir);
  Out out;
  if (out_open(&out, path) < 0) {
    return -1;
  }
  out_printf(&out, "# Generated by rtjam-ttlgen from ttl/pedal_defs.c: do not edit.\n%s", prefixes);
  out_printf(&out,
             "rtjam:jsonName\n  a rdf:Property , owl:DatatypeProperty ;\n"
             "  rdfs:label \"JSON name\" ;\n"
             "  rdfs:comment \"The name of this pedal type, or of this setting, in RTJam board "
             "JSON (pedal 'name', setting 'name'). The setting 'bypass' is the inverse of the "
             "lv2:enabled port.\" ;\n"
             "  rdfs:range xsd:string .\n\n");
  out_printf(&out,
             "<%s>\n  a doap:Project ;\n  doap:name \"RTJam pedals\" ;\n"
             "  doap:license <http://opensource.org/licenses/isc> ;\n" TTL_MAINTAINER
             "  doap:homepage <" PEDAL_HOMEPAGE
             "> ;\n  doap:shortdesc \"RTJam's effect pedals and network stage\" .\n\n",
             PROJECT_URI);
  for (size_t i = 0; i < pedal_defs_count; ++i) {
    const PedalDef* const def = &pedal_defs[i];
    out_printf(&out, "<%s%s>\n  a lv2:Plugin ;\n  lv2:binary <%s> ;\n  rdfs:seeAlso <%s.ttl> .\n\n",
               PEDAL_URI_BASE, def->slug, binary, def->slug);
    for (const PedalPresetDef* p = def->presets; p && p->slug; ++p) {
      out_printf(&out,
                 "<%s%s#preset-%s>\n  a pset:Preset ;\n  lv2:appliesTo <%s%s> ;\n"
                 "  rdfs:label ",
                 PEDAL_URI_BASE, def->slug, p->slug, PEDAL_URI_BASE, def->slug);
      literal(&out, p->label);
      out_printf(&out, " ;\n  rdfs:seeAlso <%s-presets.ttl> .\n\n", def->slug);
    }
  }
  return out_close(&out);
}

static int
write_header(const char* const path)
{
  Out out;
  if (out_open(&out, path) < 0) {
    return -1;
  }
  char e[128], c[128];
  size_t max_ports = 0;
  out_printf(&out, "// Generated by rtjam-ttlgen from ttl/pedal_defs.c: do not edit.\n"
                   "/// Port indices of every rtjam.lv2 pedal, as written to its .ttl.\n\n"
                   "#ifndef PEDAL_PORTS_H\n#define PEDAL_PORTS_H\n\n");
  for (size_t i = 0; i < pedal_defs_count; ++i) {
    const PedalDef* const def = &pedal_defs[i];
    camel_name(c, sizeof c, def->id);
    out_printf(&out, "/// Ports of %s (%s%s).\ntypedef enum {\n", def->name, PEDAL_URI_BASE,
               def->slug);
    for (size_t p = 0; p < def->n_ports; ++p) {
      enum_name(e, sizeof e, def->ports[p].symbol);
      out_printf(&out, "  PEDAL_%s_%s = %zu,\n", def->id, e, p);
    }
    out_printf(&out, "  PEDAL_%s_N_PORTS = %zu\n} Pedal%sPort;\n\n", def->id, def->n_ports, c);
    out_printf(&out, "/// Index of %s in pedal_defs[].\n#define PEDAL_%s_DEF %zuu\n", def->name,
               def->id, i);
    out_printf(&out, "/// URI of %s.\n#define PEDAL_%s_URI \"%s%s\"\n\n", def->name, def->id,
               PEDAL_URI_BASE, def->slug);
    if (def->n_ports > max_ports) {
      max_ports = def->n_ports;
    }
  }
  out_printf(&out, "/// Number of pedals.\n#define PEDAL_COUNT %zuu\n\n", pedal_defs_count);
  out_printf(&out, "/// Largest port count of any pedal.\n#define PEDAL_MAX_PORTS %zuu\n\n",
             max_ports);
  out_printf(&out, "/// X(def index, port symbol, enum value) for every port, so a test can "
                   "compare the enums with the installed TTL.\n#define PEDAL_PORT_ENUMS(X)");
  for (size_t i = 0; i < pedal_defs_count; ++i) {
    const PedalDef* const def = &pedal_defs[i];
    for (size_t p = 0; p < def->n_ports; ++p) {
      enum_name(e, sizeof e, def->ports[p].symbol);
      out_printf(&out, " \\\n  X(PEDAL_%s_DEF, \"%s\", PEDAL_%s_%s)", def->id, def->ports[p].symbol,
                 def->id, e);
    }
  }
  out_printf(&out, "\n\n#endif // PEDAL_PORTS_H\n");
  return out_close(&out);
}

static const char*
unit_label(const PedalUnit unit)
{
  switch (unit) {
  case PEDAL_UNIT_NONE:
    return "";
  case PEDAL_UNIT_DB:
    return " dB";
  case PEDAL_UNIT_MS:
    return " ms";
  case PEDAL_UNIT_HZ:
    return " Hz";
  case PEDAL_UNIT_COEF:
    return "";
  }
  return "";
}

/// Prints one Markdown table of controls per pedal (docs/pedals.md).
static int
write_markdown(void)
{
  char a[32], b[32], c[32];
  for (size_t i = 0; i < pedal_defs_count; ++i) {
    const PedalDef* const def = &pedal_defs[i];
    printf("### %s\n\n%s: %s. JSON type `\"%s\"`, URI `%s%s`.\n\n", def->json, def->name,
           def->comment, def->json, PEDAL_URI_BASE, def->slug);
    printf(
        "| JSON setting | LV2 symbol | range | default | what it does |\n|---|---|---|---|---|\n");
    for (size_t p = 0; p < def->n_ports; ++p) {
      const PedalPortDef* const port = &def->ports[p];
      if (port->kind != PEDAL_PORT_CONTROL) {
        continue;
      }
      const char* const u = unit_label(port->unit);
      if (port->labels) {
        printf("| `%s` | `%s` |", port->json, port->symbol);
        for (size_t k = 0; port->labels[k]; ++k) {
          printf("%s%zu = %s", k ? ", " : " ", k, port->labels[k]);
        }
        printf(" | %d | %s |\n", (int)port->def, port->comment);
      } else {
        printf("| `%s` | `%s` | %s to %s%s | %s%s | %s |\n", port->json, port->symbol,
               decimal(a, sizeof a, port->min), decimal(b, sizeof b, port->max), u,
               decimal(c, sizeof c, port->def), u, port->comment);
      }
    }
    printf("\nPresets:");
    for (const PedalPresetDef* pr = def->presets; pr && pr->slug; ++pr) {
      printf("%s %s", pr == def->presets ? "" : ",", pr->label);
    }
    printf(".\n\n");
  }
  return 0;
}

int
main(int argc, char** argv)
{
  if (argc == 2 && !strcmp(argv[1], "--markdown")) {
    return write_markdown();
  }
  if (argc != 6) {
    fprintf(stderr, "usage: rtjam-ttlgen BUNDLE_DIR HEADER LV2_MINOR LV2_MICRO BINARY\n");
    return 2;
  }
  const char* const dir = argv[1];
  const int minor = atoi(argv[3]);
  const int micro = atoi(argv[4]);
  int rc = write_manifest(dir, argv[5]);
  for (size_t i = 0; i < pedal_defs_count; ++i) {
    rc |= write_plugin(dir, &pedal_defs[i], minor, micro);
    rc |= write_presets(dir, &pedal_defs[i]);
  }
  rc |= write_header(argv[2]);
  return rc ? 1 : 0;
}
