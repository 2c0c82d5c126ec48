#!/usr/bin/env bash
# docs/errors.md, "Command line": one check per row.
source "$(dirname "$0")/errors/lib.bash"
g=news.kg
echo 'Acme invests in Beta.' > doc.txt
row cli-1 2 'Usage: kg COMMAND' -- "$kg"
row cli-2 2 "unknown command 'ingset'; did you mean 'ingest'?" -- "$kg" ingset
row cli-3 2 "unknown option '--bogus'" -- "$kg" stats --bogus "$g"
row cli-4 2 "option --triples needs a value (FILE)" -- "$kg" ingest -o x.kg --triples
row cli-5 2 "option --append takes no value" -- "$kg" ingest --append=yes -o x.kg --triples doc.txt
row cli-6 2 "--max-rows takes a non-negative whole number, not 'abc'" -- "$kg" query "$g" --max-rows abc -c 'SHOW ENTITY TYPES;'
row cli-7 2 "option --output given more than once" -- "$kg" ingest -o a.kg -o b.kg doc.txt
row cli-8 2 "kg query: missing argument; usage: kg query GRAPH" -- "$kg" query
row cli-9 2 "kg stats: unexpected argument 'b.kg'" -- "$kg" stats "$g" b.kg
row cli-10 2 "kg ingest: -o GRAPH is required" -- "$kg" ingest doc.txt
row cli-11 2 "kg ingest: give INPUT files/directories or --triples FILE" -- "$kg" ingest -o x.kg
row cli-12 2 "text inputs and --triples cannot be mixed" -- "$kg" ingest -o x.kg --triples t.jsonl doc.txt
row cli-13 2 "cannot tell the format from 'x.xyz'" -- "$kg" export "$g" -o x.xyz
row cli-14 2 "unknown --mode 'fancy'" -- "$kg" query "$g" --mode fancy -c 'SHOW ENTITY TYPES;'
row cli-15 2 "--param needs NAME=VALUE, got 'x'" -- "$kg" query "$g" -p x -c 'SHOW ENTITY TYPES;'
row cli-16 3 "cannot open 'nosuch.kg'" -- "$kg" stats nosuch.kg
row cli-17 3 "is a directory" -- "$kg" stats "$work"
row cli-18 3 "cannot write '$work/no/such/dir/g.kg'" -- "$kg" ingest --triples "$src/tests/golden/data/news.jsonl" -o "$work/no/such/dir/g.kg"
row cli-19 2 "the output 'news.kg' is the graph file itself" -- "$kg" export "$g" -o news.kg --format json
finish
