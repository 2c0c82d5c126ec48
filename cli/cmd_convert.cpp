// kg convert: rewrite a graph file in the other format (JSON .kg <-> binary
// .kgb) without changing anything in it: same entities, relation ids and
// evidence order, so converting back gives the original bytes.
#include "cli/commands.hpp"
#include "common/error.hpp"
#include "graph/graph_file.hpp"

namespace kg::cli {

static const CommandSpec kConvertSpec{
    "convert", "GRAPH OUT [--format json|binary]",
    "Rewrite a graph file as JSON (.kg, the interchange format) or binary (.kgb, the fast one to open).",
    "The input's format is read from its first bytes. The output's format is --format, else binary when OUT "
    "ends in .kgb and JSON otherwise. Every command that reads a graph reads both formats; every command that "
    "writes one (ingest -o, merge -o, the shell's .save) picks the format from the name the same way.",
    {{"format", 'f', "FORMAT", "json or binary (default: from OUT's name)"}}, 2, 2};

int cmd_convert(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kConvertSpec, argc, argv, args)) return 0;
  const std::string& out = args.positional[1];
  GraphFormat format = graph_format_for(out);
  if (args.has("format")) {
    std::string f = args.get("format");
    if (f == "json") format = GraphFormat::json;
    else if (f == "binary" || f == "kgb") format = GraphFormat::binary;
    else throw UsageError("kg convert: --format must be json or binary, not '" + f + "'");
  }
  KnowledgeGraph g = load_graph(args.positional[0]);
  save_graph(g, out, format);
  return 0;
}

}  // namespace kg::cli
