#!/usr/bin/env python3
"""A second held-out-style set, written after the rule changes of round 2 and
scored once before any further change (see docs/rules.md, "Measuring"):
news items in our own words about other companies, with the triples a
careful annotator would extract. Writes docs.jsonl, gold.jsonl, aliases.json."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from goldset import I, V, F, P, C, A, VAL, CEO, PRES, L, H, HQ, write_set  # noqa: E402

DOCS = [
 ("b01", None, "Intel sold a 10% stake in its programmable chip unit Altera to Silver Lake for $4.5 billion.",
  [("Silver Lake", I, "Altera")]),
 ("b02", None, "The Dutch competition regulator ACM has opened an inquiry into Booking Holdings over its hotel pricing rules.",
  [("ACM", V, "Booking Holdings")]),
 ("b03", None, "Mistral AI rival Aleph Alpha has never disclosed its valuation.", [("Mistral AI", C, "Aleph Alpha")]),
 ("b04", "2024-06-12", "Apple and OpenAI announced a partnership on Monday to bring ChatGPT to the iPhone.",
  [("Apple", P, "OpenAI")]),
 ("b05", None, "Shield AI, a San Diego-based defence startup, was founded by brothers Brandon and Ryan Tseng in 2015.",
  [("Shield AI", HQ, "San Diego"), ("Shield AI", F, "Brandon Tseng"), ("Shield AI", F, "Ryan Tseng")]),
 ("b06", None, "Mubadala and Kleiner Perkins have invested in the Abu Dhabi-based AI chipmaker.", []),
 ("b07", None, "Microsoft is not planning to acquire a stake in the French company, a spokesperson said.", []),
 ("b08", None, "The Securities and Exchange Commission charged the founder of Frank, Charlie Javice, with fraud.",
  [("Securities and Exchange Commission", V, "Charlie Javice"), ("Frank", F, "Charlie Javice")]),
 ("b09", None, "JPMorgan Chase bought Frank, a college financial aid startup, for $175 million in 2021.",
  [("JPMorgan Chase", A, "Frank")]),
 ("b10", None, "Anysphere, the maker of the Cursor coding assistant, raised $900 million in a round led by Thrive Capital.",
  [("Thrive Capital", I, "Anysphere")]),
 ("b11", None, "Cursor is built by Anysphere, which was founded in 2022 by four MIT graduates.", []),
 ("b12", None, "Mira Murati, OpenAI's former chief technology officer, founded Thinking Machines Lab after leaving the company.",
  [("Thinking Machines Lab", F, "Mira Murati")]),
 ("b13", None, "Thinking Machines Lab is valued at $12 billion after a seed round led by Andreessen Horowitz.",
  [("Thinking Machines Lab", VAL, "$12 billion"), ("Andreessen Horowitz", I, "Thinking Machines Lab")]),
 ("b14", None, "The Justice Department filed an antitrust lawsuit against Apple in March.",
  [("Department of Justice", V, "Apple")]),
 ("b15", None, "Google's parent Alphabet agreed to acquire the cybersecurity firm Wiz for $32 billion.",
  [("Alphabet", A, "Wiz")]),
 ("b16", None, "Wiz, which is based in New York, was founded by Assaf Rappaport, Ami Luttwak, Yinon Costica and Roy Reznik.",
  [("Wiz", HQ, "New York"), ("Wiz", F, "Assaf Rappaport"), ("Wiz", F, "Ami Luttwak"), ("Wiz", F, "Yinon Costica"), ("Wiz", F, "Roy Reznik")]),
 ("b17", None, "Amazon is reportedly considering a second multibillion-dollar investment in Anthropic.", []),
 ("b18", None, "SoftBank has poured billions of dollars into OpenAI.", [("SoftBank", I, "OpenAI")]),
 ("b19", None, "Nvidia's chief executive Jensen Huang said demand for its chips remained strong.",
  [("Jensen Huang", CEO, "Nvidia")]),
 ("b20", None, "Britain's Competition and Markets Authority is examining Google's partnership with Anthropic.",
  [("Competition and Markets Authority", V, "Google"), ("Competition and Markets Authority", V, "Anthropic"), ("Google", P, "Anthropic")]),
 ("b21", None, "Mistral AI launched Codestral, its first model for writing code, in May.", [("Mistral AI", L, "Codestral")]),
 ("b22", None, "Codestral is also available on Amazon Bedrock.", [("Codestral", H, "Amazon Bedrock")]),
 ("b23", None, "Databricks, which competes with Snowflake, was last valued at $43 billion.",
  [("Databricks", C, "Snowflake"), ("Databricks", VAL, "$43 billion")]),
 ("b24", None, "The Bundeskartellamt decided not to review Microsoft's investment in OpenAI.", [("Microsoft", I, "OpenAI")]),
 ("b25", None, "xAI merged with X, the social network also owned by Elon Musk, in March.", []),
 ("b26", None, "Meta Platforms CEO Mark Zuckerberg announced that the company would spend up to $65 billion on AI this year.",
  [("Mark Zuckerberg", CEO, "Meta")]),
 ("b27", None, "Salesforce co-founder Marc Benioff bought Time magazine in 2018.",
  [("Salesforce", F, "Marc Benioff")]),
 ("b28", None, "The European Commission fined Apple 1.8 billion euros after an investigation into its music streaming rules.",
  [("European Commission", V, "Apple")]),
 ("b29", None, "Character.AI's founders returned to Google as part of a deal that gave the search giant a licence to the startup's technology.",
  []),
 ("b30", None, "Palo Alto-based Perplexity competes with Google and OpenAI in AI search.",
  [("Perplexity", HQ, "Palo Alto"), ("Perplexity", C, "Google"), ("Perplexity", C, "OpenAI")]),
]

ALIASES = {
  "Department of Justice": ["Justice Department", "DOJ"],
  "Competition and Markets Authority": ["CMA", "Britain's Competition and Markets Authority"],
  "ACM": ["Authority for Consumers and Markets"],
  "Meta": ["Meta Platforms"],
  "Securities and Exchange Commission": ["SEC"],
}

def main():
    write_set(os.path.dirname(os.path.abspath(__file__)), DOCS, ALIASES)

if __name__ == "__main__":
    main()
