// The JSON Schema of rules files, compiled in so validation works from any
// directory. samples/rules/rules.schema.json is the same text (a unit test
// checks that they agree).
#include "ingest/rules.hpp"

namespace kg::ingest {

const char* rules_schema_text() {
  return R"SCHEMA({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "kg extraction rules",
  "type": "object",
  "required": ["version", "types", "relations"],
  "additionalProperties": false,
  "properties": {
    "version": {"type": "integer", "enum": [1]},
    "description": {"type": "string"},
    "types": {
      "type": "object",
      "description": "entity type -> parent type (null for a root)",
      "additionalProperties": {"type": ["string", "null"]}
    },
    "relations": {
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "required": ["subject", "object"],
        "additionalProperties": false,
        "properties": {
          "subject": {"$ref": "#/definitions/typeList"},
          "object": {"$ref": "#/definitions/typeList"},
          "symmetric": {"type": "boolean"},
          "object_is_amount": {"type": "boolean"},
          "attrs": {"type": "array", "items": {"type": "string"}},
          "description": {"type": "string"}
        }
      }
    },
    "lexicon": {
      "type": "object",
      "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}}
    },
    "lemmas": {
      "type": "object",
      "description": "irregular verbs: lemma -> [3sg, past, past participle, ing] forms",
      "additionalProperties": {"type": "array", "items": {"type": "string"}}
    },
    "settings": {
      "type": "object",
      "additionalProperties": false,
      "properties": {"hedge_factor": {"type": "number", "minimum": 0, "maximum": 1}}
    },
    "frames": {"type": "array", "items": {"$ref": "#/definitions/frame"}},
    "rules": {"type": "array", "items": {"$ref": "#/definitions/rule"}}
  },
  "definitions": {
    "typeList": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
    "stringList": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "verb": {"oneOf": [
      {"type": "string", "minLength": 1},
      {"type": "object", "required": ["lemma"], "additionalProperties": false,
       "properties": {"lemma": {"type": "string", "minLength": 1}, "prep": {"$ref": "#/definitions/stringList"}}}
    ]},
    "frame": {
      "type": "object",
      "required": ["id", "relation", "agent"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": "string", "minLength": 1},
        "relation": {"type": "string"},
        "agent": {"enum": ["subject", "object"]},
        "verbs": {"type": "array", "items": {"$ref": "#/definitions/verb"}},
        "prep": {"$ref": "#/definitions/stringList"},
        "agent_prep": {"$ref": "#/definitions/stringList"},
        "patient_gap": {"type": "integer", "minimum": 0, "maximum": 8},
        "nouns": {"$ref": "#/definitions/stringList"},
        "noun_prep": {"$ref": "#/definitions/stringList"},
        "purpose": {"$ref": "#/definitions/stringList"},
        "agent_nouns": {"$ref": "#/definitions/stringList"},
        "agent_noun_prep": {"$ref": "#/definitions/stringList"},
        "reverse_verbs": {"type": "array", "items": {"$ref": "#/definitions/verb"}},
        "reverse_prep": {"$ref": "#/definitions/stringList"},
        "forms": {"type": "array", "items": {"enum": ["active", "passive", "reduced_relative", "relative",
                                                       "nominal", "agent_noun", "reversed", "symmetric"]}},
        "parties": {"type": "boolean"},
        "priority": {"type": "integer"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "examples": {"$ref": "#/definitions/stringList"}
      }
    },
    "rule": {
      "type": "object",
      "required": ["id", "relation", "pattern"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": "string", "minLength": 1},
        "relation": {"type": "string"},
        "pattern": {"$ref": "#/definitions/pattern"},
        "not_before": {"$ref": "#/definitions/pattern"},
        "not_after": {"$ref": "#/definitions/pattern"},
        "priority": {"type": "integer"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "negation": {"type": "boolean"},
        "examples": {"$ref": "#/definitions/stringList"}
      }
    },
    "pattern": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/element"}},
    "element": {
      "type": "object",
      "additionalProperties": false,
      "minProperties": 1,
      "properties": {
        "word": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/stringList"}]},
        "text": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/stringList"}]},
        "lemma": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/stringList"}]},
        "regex": {"type": "string"},
        "lex": {"type": "string"},
        "ent": {"$ref": "#/definitions/typeList"},
        "money": {"type": "boolean"},
        "date": {"type": "boolean"},
        "percent": {"type": "boolean"},
        "any": {"type": "boolean"},
        "gap": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
        "ents": {"type": "boolean"},
        "alt": {"type": "array", "items": {"$ref": "#/definitions/pattern"}, "minItems": 1},
        "group": {"$ref": "#/definitions/pattern"},
        "as": {"type": "string"},
        "list": {"type": "boolean"},
        "appos": {"type": "boolean"},
        "parties": {"type": "boolean"},
        "op": {"type": "string", "pattern": "^([?*+]|\\{[0-9]+,[0-9]+\\})$"}
      }
    }
  }
})SCHEMA";
}

}  // namespace kg::ingest
