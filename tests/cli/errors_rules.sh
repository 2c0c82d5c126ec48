#!/usr/bin/env bash
# docs/errors.md, "Rules file" and "Entities file": one check per row.
source "$(dirname "$0")/errors/lib.bash"
base="$src/tests/fuzz/corpus/rules/small.json"
echo 'Acme Corp partners with Beta Labs.' > doc.txt
# Each broken rules file is the small valid one with one thing changed.
mutate() {  # NAME PYTHON-STATEMENT-ON-d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2; json.dump(d, open(sys.argv[2], 'w'), indent=1)" "$base" "$1"
}
"$kg" rules check "$base" >/dev/null 2>&1 || { echo "the base rules file does not load"; exit 1; }
printf '{"version": 1,\n "types": {' > syntax.json
row rules-1 1 "syntax.json:2:12: error: malformed rules file: Missing a name for object member" -- "$kg" rules check syntax.json
printf '{"version": "one", "types": {}}' > schema.json
row rules-2 1 "value has the wrong type (schema: type) (at /version)" -- "$kg" rules check schema.json
mutate field.json 'd["rules"][0]["pattern"][1] = {"colour": "red"}'
row rules-3 1 "unknown field in rules file (schema: additionalProperties) (at /rules/0/pattern/1/colour)" -- "$kg" rules check field.json
mutate type.json 'd["relations"]["invests-in"]["object"] = "Organisation"'
row rules-4 1 "unknown entity type 'Organisation'; did you mean 'Organization'? (at /relations/invests-in/object)" -- "$kg" rules check type.json
mutate rel.json 'd["rules"][0]["relation"] = "partner-with"'
row rules-5 1 "unknown relation 'partner-with'; did you mean 'partners-with'?" -- "$kg" rules check rel.json
mutate lex.json 'd["lexicon"].pop("BE")'
row rules-6 1 "unknown lexicon 'BE'" -- "$kg" rules check lex.json
mutate regex.json 'd["rules"][0]["pattern"][6] = {"regex": "([a-z"}'
row rules-7 1 "bad regular expression" -- "$kg" rules check regex.json
mutate quant.json 'd["rules"][0]["pattern"][2]["op"] = "{3,1}"'
row rules-8 1 "bad quantifier '{3,1}' (at /rules/0/pattern/2/op)" -- "$kg" rules check quant.json
mutate gap.json 'd["rules"][0]["pattern"][4]["gap"] = [3, 1]'
row rules-9 1 "gap minimum is larger than its maximum (at /rules/0/pattern/4/gap)" -- "$kg" rules check gap.json
mutate dup.json 'd["rules"].append(d["rules"][0])'
row rules-10 1 "duplicate rule id 'partner.with' (at /rules/1/id)" -- "$kg" rules check dup.json
mutate roles.json 'd["rules"][0]["pattern"][0].pop("as")'
row rules-11 1 "the pattern must capture both a subject and an object" -- "$kg" rules check roles.json
row rules-12 3 "cannot open 'nosuch.json'" -- "$kg" extract -r nosuch.json doc.txt

# Entities file (gazetteer), loaded with the bundled rules.
printf '{"entities": [\n {"name": "X", "type": "Organization"},\n {"name": "Y"' > e-syntax.json
row entities-1 1 "e-syntax.json:3:14: error: malformed entities file" -- "$kg" extract -e e-syntax.json doc.txt
printf '[1, 2]' > e-shape.json
row entities-2 1 'expected {"entities": [...]}' -- "$kg" extract -e e-shape.json doc.txt
printf '{"entities": [{"name": "X"}]}' > e-field.json
row entities-3 1 "entry /entities/0 needs string fields name and type" -- "$kg" extract -e e-field.json doc.txt
printf '{"entities": [{"name": "X", "type": "Company"}]}' > e-type.json
row entities-4 1 "unknown entity type 'Company' for 'X' (at /entities/0/type)" -- "$kg" extract -e e-type.json doc.txt
row entities-5 3 "cannot open 'nosuch.json'" -- "$kg" extract -e nosuch.json doc.txt
finish
