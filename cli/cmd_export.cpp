// kg export GRAPH -o FILE [--format graphml|gexf|json|dot|ntriples|neo4j]
#include <vector>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "common/text.hpp"
#include "graph/export.hpp"
#include "graph/graph_file.hpp"

namespace kg::cli {

static const CommandSpec kExportSpec{
    "export",
    "GRAPH -o FILE [--format graphml|gexf|json|dot|ntriples|neo4j]",
    "Write a graph as GraphML, GEXF, JSON, DOT, RDF N-Triples or Neo4j import CSV",
    "The format comes from --format or else from the extension of FILE (.graphml, .gexf,\n"
    ".json, .dot, .nt). '-o -' writes to standard output and then needs --format. The file is\n"
    "written to a temporary name and renamed when complete.\n\n"
    "  graphml  GraphML for Gephi, networkx, igraph, yEd (choose \"Don't merge\" in Gephi)\n"
    "  gexf     GEXF 1.3, Gephi's own format: colours per type, timeline from dates\n"
    "  json     node-link JSON with all evidence (networkx.node_link_graph reads it)\n"
    "  dot      Graphviz: dot -Tpng FILE -o picture.png\n"
    "  ntriples RDF N-Triples for triple stores (IRIs under urn:kg:, evidence reified)\n"
    "  neo4j    a DIRECTORY with nodes.csv and relationships.csv for\n"
    "           neo4j-admin database import full (-o DIR --format neo4j)\n\n"
    "See docs/gephi.md for opening the files in Gephi and docs/scale.md for N-Triples and Neo4j.",
    {
        {"output", 'o', "FILE", "Output file, or - for standard output"},
        {"format", 'f', "FORMAT", "graphml, gexf, json, dot, ntriples or neo4j (default: from FILE's extension)"},
    },
    1,
    1,
};

int cmd_export(int argc, char** argv) {
  ParsedArgs args;
  if (parse_or_help(kExportSpec, argc, argv, args)) return 0;
  const std::string& graph_path = args.positional[0];
  if (!args.has("output"))
    throw UsageError("kg export: missing -o FILE (use '-o -' for standard output); usage: kg export " +
                     kExportSpec.usage);
  std::string output = args.get("output");
  if (output.empty()) throw UsageError("kg export: -o needs a file name, or - for standard output");

  std::optional<ExportFormat> format;
  if (args.has("format")) {
    std::string name = args.get("format");
    format = parse_export_format(name);
    if (!format) {
      std::string msg = "kg export: unknown format '" + name + "'";
      std::string best = closest_match(ascii_lower(name), {"graphml", "gexf", "json", "dot", "ntriples", "neo4j"});
      if (!best.empty()) msg += "; did you mean '" + best + "'?";
      throw UsageError(msg + " (formats: graphml, gexf, json, dot, ntriples, neo4j)");
    }
  } else if (output == "-") {
    throw UsageError("kg export: writing to standard output needs --format graphml|gexf|json|dot|ntriples");
  } else {
    format = export_format_from_path(output);
    if (!format)
      throw UsageError("kg export: cannot tell the format from '" + output +
                       "'; use an extension .graphml, .gexf, .json, .dot or .nt, or give --format (neo4j writes a directory: --format neo4j)");
  }
  if (*format == ExportFormat::neo4j && output == "-")
    throw UsageError("kg export: --format neo4j writes a directory (nodes.csv, relationships.csv); give -o DIRECTORY");
  if (output == graph_path)
    throw UsageError("kg export: the output '" + output + "' is the graph file itself; choose another name");

  KnowledgeGraph g = load_graph(graph_path);
  export_graph_to_file(g, nullptr, *format, output);
  exit_without_cleanup(0);
}

}  // namespace kg::cli
