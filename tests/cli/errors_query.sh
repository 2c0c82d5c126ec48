#!/usr/bin/env bash
# docs/errors.md, "Queries" (kg query -c, the shell, batch files): one check
# per row. Errors point at the offending text with a caret; guards name their flag.
source "$(dirname "$0")/errors/lib.bash"
g=news.kg
q() { "$kg" query "$g" "$@"; }
row query-1 1 "<command>:1:10: error: expected ')', found 'RETURN'" -- q -c 'MATCH (x RETURN x;'
row query-2 1 "this statement has no ';' at its end" -- q -c 'MATCH (x) RETURN x'
row query-3 1 "unknown relation type 'invest-in'; did you mean 'invests-in'?" -- q -c "MATCH ('Microsoft')-[:invest-in]->(x) RETURN x;"
row query-4 1 "unknown entity 'Microsfot'; did you mean 'Microsoft'?" -- q -c "MATCH ('Microsfot')-[:invests-in]->(x) RETURN x;"
row query-5 1 "unknown entity type 'Compny'" -- q -c 'MATCH (x:Compny) RETURN x;'
row query-6 1 "unknown variable 'y'; did you mean 'x'?" -- q -c 'MATCH (x) RETURN y;'
row query-7 1 "unknown entity key 'amout'" -- q -c 'MATCH (x) RETURN x.amout;'
row query-8 1 "unknown function 'fooo'" -- q -c 'MATCH (x) RETURN fooo(x);'
row query-9 1 'unknown parameter $who (set it with LET $who = ...; or --param who=...)' -- q -c 'MATCH (x) WHERE x.name = $who RETURN x;'
row query-10 1 "above the max-hops guard (16); lower the bound or raise the guard with --max-hops N" -- q -c 'MATCH (a)-[*1..40]->(b) RETURN a, b;'
row query-11 1 "stopped by the row budget after 3 matched rows" -- q --max-rows 3 -c 'MATCH (a) RETURN a;'
row query-12 1 "raise the budget with --max-paths N" -- q --max-paths 10 -c 'MATCH (a)-[*1..3]-(b) RETURN a, b;'
# WALK over 12 hops from every entity: billions of walks, so 1 ms always runs out first.
row query-13 1 "stopped by the timeout after 1 ms" -- q --max-paths 100000000000 --max-rows 100000000000 --max-hops 12 --timeout 1 -c 'MATCH WALK (a)-[*1..12]-(b) RETURN count(*);'
row query-14 3 "cannot write '$work/no/dir/x.csv'" -- q -c "MATCH (a) RETURN a.name INTO '$work/no/dir/x.csv';"
row query-15 1 "cannot tell the output format of 'x.out'" -- q -c "MATCH (a) RETURN a.name INTO 'x.out';"
finish
