// SPDX-License-Identifier: ISC
/// rtjam-net-ttlgen: prints rtjam-net.ttl, appends the plugin to the bundle's manifest.ttl,
/// and writes the C port enums (net_ports.h), all from ttl/net_defs.c (STYLE.md item 16).
/// Run by mk/net.mk after rtjam-ttlgen has written the manifest:
///
///   rtjam-net-ttlgen BUNDLE_DIR HEADER_PATH LV2_MINOR LV2_MICRO BINARY_NAME

#include "net_defs.h"
#include "pedal_defs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char* const port_class[] = {
    [NET_PORT_AUDIO_IN] = "lv2:InputPort , lv2:AudioPort",
    [NET_PORT_AUDIO_OUT] = "lv2:OutputPort , lv2:AudioPort",
    [NET_PORT_CONTROL_IN] = "lv2:InputPort , lv2:ControlPort",
    [NET_PORT_CONTROL_OUT] = "lv2:OutputPort , lv2:ControlPort",
    [NET_PORT_ATOM_IN] = "lv2:InputPort , atom:AtomPort",
    [NET_PORT_ATOM_OUT] = "lv2:OutputPort , atom:AtomPort",
};

static void
write_port(FILE* const f, const NetPortDef* const d, const unsigned index, const unsigned k)
{
  char symbol[64];
  char name[96];
  net_port_expand(d->symbol, k + 1, symbol, sizeof symbol);
  net_port_expand(d->name, k + 1, name, sizeof name);
  fprintf(f,
          "  lv2:port [\n    a %s ;\n    lv2:index %u ;\n    lv2:symbol \"%s\" ;\n"
          "    lv2:name \"%s\" ;\n",
          port_class[d->kind], index, symbol, name);
  if (d->kind == NET_PORT_ATOM_IN || d->kind == NET_PORT_ATOM_OUT) {
    fprintf(f, "    atom:bufferType atom:Sequence ;\n    atom:supports patch:Message ;\n"
               "    lv2:designation lv2:control ;\n    rsz:minimumSize 4096 ;\n"
               "    lv2:portProperty lv2:connectionOptional ;\n");
  }
  if (d->kind == NET_PORT_AUDIO_OUT && d->count > 1) {
    fprintf(f, "    lv2:portProperty lv2:connectionOptional ;\n");
  }
  if (d->kind == NET_PORT_CONTROL_IN || d->kind == NET_PORT_CONTROL_OUT) {
    fprintf(f, "    lv2:minimum %.6g ;\n    lv2:maximum %.6g ;\n", (double)d->min, (double)d->max);
    if (d->kind == NET_PORT_CONTROL_IN) {
      fprintf(f, "    lv2:default %.6g ;\n", (double)d->def);
    }
    if (d->unit) {
      fprintf(f, "    units:unit units:%s ;\n", d->unit);
    }
    if (d->flags & NET_FLAG_TOGGLED) {
      fprintf(f, "    lv2:portProperty lv2:toggled , lv2:integer ;\n");
    }
    if (d->flags & NET_FLAG_INTEGER) {
      fprintf(f, "    lv2:portProperty lv2:integer ;\n");
    }
    if (d->flags & NET_FLAG_ENUM) {
      fprintf(f, "    lv2:portProperty lv2:enumeration ;\n");
      for (unsigned i = 0; d->labels[i]; ++i) {
        fprintf(f, "    lv2:scalePoint [ rdfs:label \"%s\" ; rdf:value %.6g ] ;\n", d->labels[i],
                (double)d->values[i]);
      }
    }
  }
  if (d->comment) {
    fprintf(f, "    rdfs:comment \"%s\" ;\n", d->comment);
  }
  fprintf(f, "  ] ;\n");
}

static int
write_ttl(const char* const dir, const char* const minor, const char* const micro,
          const char* const binary)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/rtjam-net.ttl", dir);
  FILE* f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "rtjam-net-ttlgen: open %s: %s\n", path, strerror(errno));
    return -1;
  }
  (void)binary;
  fprintf(
      f,
      "@prefix atom:  <http://lv2plug.in/ns/ext/atom#> .\n"
      "@prefix bufsz: <http://lv2plug.in/ns/ext/buf-size#> .\n"
      "@prefix doap:  <http://usefulinc.com/ns/doap#> .\n"
      "@prefix foaf:  <http://xmlns.com/foaf/0.1/> .\n"
      "@prefix log:   <http://lv2plug.in/ns/ext/log#> .\n"
      "@prefix lv2:   <http://lv2plug.in/ns/lv2core#> .\n"
      "@prefix opts:  <http://lv2plug.in/ns/ext/options#> .\n"
      "@prefix patch: <http://lv2plug.in/ns/ext/patch#> .\n"
      "@prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
      "@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .\n"
      "@prefix rsz:   <http://lv2plug.in/ns/ext/resize-port#> .\n"
      "@prefix state: <http://lv2plug.in/ns/ext/state#> .\n"
      "@prefix units: <http://lv2plug.in/ns/extensions/units#> .\n"
      "@prefix urid:  <http://lv2plug.in/ns/ext/urid#> .\n\n"
      "<" NET_URI_SERVER ">\n  a lv2:Parameter ;\n  rdfs:label \"Server\" ;\n"
      "  rdfs:comment \"Host name or address of the rtjam-broadcast server\" ;\n"
      "  rdfs:range atom:String .\n\n"
      "<" NET_URI_PORT ">\n  a lv2:Parameter ;\n  rdfs:label \"Room port\" ;\n"
      "  rdfs:comment \"UDP port of the room on the server (7891 by default)\" ;\n"
      "  rdfs:range atom:Int ;\n"
      "  lv2:minimum %.0f ;\n  lv2:maximum %.0f ;\n  lv2:default %.0f .\n\n"
      "<" NET_URI_CLIENT_ID ">\n  a lv2:Parameter ;\n  rdfs:label \"Client id\" ;\n"
      "  rdfs:comment \"Our player id in the room\" ;\n  rdfs:range atom:Int ;\n"
      "  lv2:minimum %.0f ;\n  lv2:maximum %.0f ;\n  lv2:default %.0f .\n\n"
      "<" NET_URI ">\n"
      "  a lv2:Plugin , lv2:UtilityPlugin , doap:Project ;\n"
      "  doap:name \"rtjam net\" ;\n"
      "  rdfs:label \"rtjam-net\" ;\n"
      "  doap:shortdesc \"Joins an RTJam room over the network\" ;\n"
      "  doap:homepage <" PEDAL_HOMEPAGE "/net> ;\n"
      "  doap:maintainer [\n    a foaf:Person ;\n    foaf:name \"" PEDAL_MAINTAINER_NAME "\" ;\n"
      "    foaf:mbox <" PEDAL_MAINTAINER_MBOX "> ;\n    foaf:homepage <" PEDAL_HOMEPAGE ">\n  ] ;\n"
      "  rdfs:comment \"Joins an rtjam room: sends the two inputs as jam packets, plays "
      "everyone else through adaptive jitter buffers, monitors the inputs with no added "
      "latency.\" ;\n"
      "  doap:license <http://opensource.org/licenses/isc> ;\n"
      "  lv2:project <https://rtjam.org/lv2/> ;\n"
      "  lv2:minorVersion %s ;\n  lv2:microVersion %s ;\n"
      "  lv2:requiredFeature urid:map ;\n"
      // Live: it sends and receives on a socket in real time, so a host must run it
      // continuously and never render it faster than real time.
      "  lv2:optionalFeature lv2:hardRTCapable , lv2:isLive , log:log , opts:options ;\n"
      "  opts:supportedOption bufsz:nominalBlockLength ;\n"
      "  lv2:extensionData state:interface ;\n"
      "  patch:writable <" NET_URI_SERVER "> , <" NET_URI_PORT "> , <" NET_URI_CLIENT_ID "> ;\n",
      (double)NET_PARAM_PORT_MIN, (double)NET_PARAM_PORT_MAX, (double)NET_PARAM_PORT_DEF,
      (double)NET_PARAM_CLIENT_ID_MIN, (double)NET_PARAM_CLIENT_ID_MAX,
      (double)NET_PARAM_CLIENT_ID_DEF, minor, micro);
  unsigned index = 0;
  for (size_t r = 0; r < net_port_def_count; ++r) {
    for (unsigned k = 0; k < net_port_defs[r].count; ++k) {
      write_port(f, &net_port_defs[r], index++, k);
    }
  }
  fprintf(f, "  .\n");
  if (fclose(f) != 0) {
    fprintf(stderr, "rtjam-net-ttlgen: write %s: %s\n", path, strerror(errno));
    return -1;
  }
  snprintf(path, sizeof path, "%s/manifest.ttl", dir);
  f = fopen(path, "a");
  if (!f) {
    fprintf(stderr, "rtjam-net-ttlgen: open %s: %s\n", path, strerror(errno));
    return -1;
  }
  fprintf(f,
          "\n<" NET_URI ">\n  a <http://lv2plug.in/ns/lv2core#Plugin> ;\n"
          "  <http://lv2plug.in/ns/lv2core#binary> <%s> ;\n"
          "  <http://www.w3.org/2000/01/rdf-schema#seeAlso> <rtjam-net.ttl> .\n",
          binary);
  for (const NetPresetDef* p = net_preset_defs; p->slug; ++p) {
    fprintf(f,
            "\n<" NET_URI "#preset-%s>\n  a <http://lv2plug.in/ns/ext/presets#Preset> ;\n"
            "  <http://lv2plug.in/ns/lv2core#appliesTo> <" NET_URI "> ;\n"
            "  <http://www.w3.org/2000/01/rdf-schema#label> \"%s\" ;\n"
            "  <http://www.w3.org/2000/01/rdf-schema#seeAlso> <rtjam-net-presets.ttl> .\n",
            p->slug, p->label);
  }
  return fclose(f) == 0 ? 0 : -1;
}

// rtjam-net-presets.ttl: each preset sets only the controls it lists (the jitter buffer and
// the packet size), never the room, the gains or the mutes.
static int
write_presets(const char* const dir)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/rtjam-net-presets.ttl", dir);
  FILE* f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "rtjam-net-ttlgen: open %s: %s\n", path, strerror(errno));
    return -1;
  }
  fprintf(f, "@prefix lv2:   <http://lv2plug.in/ns/lv2core#> .\n"
             "@prefix pset:  <http://lv2plug.in/ns/ext/presets#> .\n"
             "@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .\n");
  for (const NetPresetDef* p = net_preset_defs; p->slug; ++p) {
    fprintf(f,
            "\n<" NET_URI "#preset-%s>\n  a pset:Preset ;\n  lv2:appliesTo <" NET_URI "> ;\n"
            "  rdfs:label \"%s\" ;\n  rdfs:comment \"%s\" ;\n  lv2:port",
            p->slug, p->label, p->comment);
    for (const NetPresetValue* v = p->values; v->symbol; ++v) {
      fprintf(f, "%s[ lv2:symbol \"%s\" ; pset:value %.6g ]",
              v == p->values ? "\n    " : " ,\n    ", v->symbol, (double)v->value);
    }
    fprintf(f, " .\n");
  }
  return fclose(f) == 0 ? 0 : -1;
}

static int
write_header(const char* const path)
{
  FILE* f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "rtjam-net-ttlgen: open %s: %s\n", path, strerror(errno));
    return -1;
  }
  fprintf(f, "// Generated by rtjam-net-ttlgen from ttl/net_defs.c: do not edit.\n"
             "#ifndef NET_PORTS_H\n#define NET_PORTS_H\n\n/// Port indices of rtjam-net; "
             "a row of n ports is NET_PORT_<ID> + 0..n-1.\nenum {\n");
  unsigned index = 0;
  for (size_t r = 0; r < net_port_def_count; ++r) {
    fprintf(f, "  NET_PORT_%s = %u,\n", net_port_defs[r].id, index);
    index += net_port_defs[r].count;
  }
  fprintf(f, "  NET_PORT_COUNT = %u,\n};\n\n#endif // NET_PORTS_H\n", index);
  return fclose(f) == 0 ? 0 : -1;
}

int
main(int argc, char** argv)
{
  if (argc != 6) {
    fprintf(stderr, "usage: rtjam-net-ttlgen BUNDLE_DIR HEADER LV2_MINOR LV2_MICRO BINARY\n");
    return 2;
  }
  return write_ttl(argv[1], argv[3], argv[4], argv[5]) || write_presets(argv[1]) ||
                 write_header(argv[2])
             ? 1
             : 0;
}
