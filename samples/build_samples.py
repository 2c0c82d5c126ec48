#!/usr/bin/env python3
"""Builds the derived sample files from samples/corpus/*.txt and the
hand-written annotations below, and checks them.

    python3 samples/build_samples.py          # rewrite the derived files
    python3 samples/build_samples.py --check  # exit 1 if they are stale or wrong

Also checks samples/entities.json (known types, no name or alias shared by two
entities).

Writes:
  samples/corpus.jsonl                     {id, title, date, text} per article
  samples/corpus.expected.jsonl            gold triples per article (score.py format)
  samples/microsoft-mistral.triples.jsonl  a subset as `kg ingest --triples` input

Each annotation names its evidence by a fragment that occurs exactly once in
the article; the evidence is the whole sentence holding the fragment, and
start/end are its UTF-8 byte offsets in the article text. Sentences are
numbered from 0, the headline being sentence 0.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# Publication dates (ISO); the id of an article is its file name.
DATES = {
    "01-microsoft-mistral-partnership.txt": "2024-02-26",
    "02-eu-examines-mistral-deal.txt": "2024-02-27",
    "03-mistral-large-launch.txt": "2024-02-26",
    "04-ftc-inquiry-ai-investments.txt": "2024-01-25",
    "05-amazon-completes-anthropic-investment.txt": "2024-03-27",
    "06-mistral-series-a.txt": "2023-12-11",
    "07-openai-raises-at-157bn.txt": "2024-10-02",
    "08-microsoft-hires-inflection-founders.txt": "2024-07-16",
    "09-meta-releases-llama-2.txt": "2023-07-18",
    "10-google-backs-anthropic.txt": "2023-10-27",
    "11-cma-clears-microsoft-mistral.txt": "2024-05-17",
    "12-mistral-models-on-bedrock.txt": "2024-03-01",
    "13-microsoft-invests-in-g42.txt": "2024-04-16",
    "14-openai-launches-gpt-4.txt": "2023-03-14",
    "15-commission-looks-at-ai-partnerships.txt": "2024-01-09",
}

TYPES = {
    "Organization": ["Microsoft", "Mistral AI", "OpenAI", "Amazon", "Google", "Alphabet", "Anthropic",
                     "Andreessen Horowitz", "Lightspeed Venture Partners", "Nvidia", "Salesforce",
                     "Aleph Alpha", "Thrive Capital", "SoftBank", "xAI", "Inflection AI", "DeepMind",
                     "LinkedIn", "Meta", "Qualcomm", "Hugging Face", "Amazon Web Services", "G42"],
    "Regulator": ["European Commission", "European Union", "Federal Trade Commission",
                  "Competition and Markets Authority"],
    "Place": ["Paris", "San Francisco", "Heidelberg", "Palo Alto", "New York", "Abu Dhabi", "Redmond"],
    "Product": ["Azure", "Azure AI Studio", "Azure Machine Learning", "La Plateforme", "Le Chat", "ChatGPT",
                "Amazon Bedrock", "Bard", "Azure OpenAI Service"],
    "Model": ["Mistral Large", "Mistral 7B", "Mixtral 8x7B", "Gemini", "Claude", "Claude 3", "GPT-4",
              "Llama 2", "Amazon Titan"],
    "Person": ["Arthur Mensch", "Timothée Lacroix", "Guillaume Lample", "Sam Altman", "Satya Nadella",
               "Brad Smith", "Dario Amodei", "Daniela Amodei", "Elon Musk", "Greg Brockman", "Ilya Sutskever",
               "Mustafa Suleyman", "Karen Simonyan", "Reid Hoffman", "Mark Zuckerberg", "Sundar Pichai",
               "Sarah Cardell", "Adam Selipsky", "Andy Jassy"],
}
TYPE_OF = {name: t for t, names in TYPES.items() for name in names}


def money(text, value, currency):
    return {"amount": text, "amount_value": value, "currency": currency}


def m(text, value, currency, **extra):
    d = money(text, value, currency)
    d.update(extra)
    return d


H = {"hedged": True}
C = {"coref": True}
HC = {"hedged": True, "coref": True}

# (article number, fragment of the evidence sentence, subject, relation, object, attrs).
# Where one triple has several evidence sentences in an article, the first listed is kept.
A = [
    # 01: Microsoft takes a stake in Mistral AI (Feb 26, 2024)
    (1, "Microsoft has invested €15 million in Mistral AI", "Microsoft", "invests-in", "Mistral AI",
     m("€15 million", 15000000, "EUR", date="2024-02-26")),
    (1, "Microsoft and Mistral AI also signed", "Microsoft", "partners-with", "Mistral AI", {}),
    (1, "the Paris-based startup founded in 2023", "Mistral AI", "headquartered-in", "Paris", {}),
    (1, "the Paris-based startup founded in 2023", "Mistral AI", "launches", "Mistral Large", {}),
    (1, "Mistral Large is available on Azure", "Mistral Large", "hosted-on", "Azure", {}),
    (1, "Arthur Mensch, the chief executive of Mistral AI", "Arthur Mensch", "ceo-of", "Mistral AI", {}),
    (1, "Microsoft has poured about $13 billion", "Microsoft", "invests-in", "OpenAI",
     m("about $13 billion", 13000000000, "USD")),
    # 02: EU to examine the investment
    (2, "EU to examine", "European Union", "investigates", "Microsoft", {}),
    (2, "EU to examine", "European Union", "investigates", "Mistral AI", {}),
    (2, "The European Commission will look into", "European Commission", "investigates", "Microsoft", {}),
    (2, "The European Commission will look into", "European Commission", "investigates", "Mistral AI", {}),
    (2, "The European Commission will look into", "Microsoft", "invests-in", "Mistral AI",
     m("15 million euros", 15000000, "EUR")),
    (2, "In January the Commission asked", "European Commission", "investigates", "OpenAI", C),
    (2, "In January the Commission asked", "Microsoft", "invests-in", "OpenAI", {}),
    (2, "which was founded in April 2023 by", "Mistral AI", "founded-by", "Arthur Mensch", {}),
    (2, "which was founded in April 2023 by", "Mistral AI", "founded-by", "Timothée Lacroix", {}),
    (2, "which was founded in April 2023 by", "Mistral AI", "founded-by", "Guillaume Lample", {}),
    (2, "which was founded in April 2023 by", "Mistral AI", "competes-with", "OpenAI", {}),
    (2, "The partnership gives Microsoft a foothold", "Microsoft", "partners-with", "Mistral AI", C),
    # 03: Mistral Large and Le Chat
    (3, "Paris-based Mistral AI on Monday unveiled", "Mistral AI", "headquartered-in", "Paris", {}),
    (3, "Paris-based Mistral AI on Monday unveiled", "Mistral AI", "launches", "Mistral Large", {}),
    (3, "Mistral Large is offered through", "Mistral Large", "hosted-on", "La Plateforme", {}),
    (3, "Mistral Large is offered through", "Mistral Large", "hosted-on", "Azure AI Studio", {}),
    (3, "Mistral Large is offered through", "Mistral Large", "hosted-on", "Azure Machine Learning", {}),
    (3, "and a chatbot called Le Chat", "Mistral AI", "launches", "Le Chat", {}),
    (3, "Le Chat competes with ChatGPT", "Le Chat", "competes-with", "ChatGPT", {}),
    (3, "Le Chat competes with ChatGPT", "Le Chat", "competes-with", "Gemini", {}),
    (3, "Le Chat competes with ChatGPT", "Le Chat", "competes-with", "Claude", {}),
    (3, "earlier models include Mistral 7B", "Mistral AI", "launches", "Mistral 7B", {}),
    (3, "earlier models include Mistral 7B", "Mistral AI", "launches", "Mixtral 8x7B", {}),
    (3, "Arthur Mensch, Mistral's co-founder and CEO", "Mistral AI", "founded-by", "Arthur Mensch", {}),
    (3, "Arthur Mensch, Mistral's co-founder and CEO", "Arthur Mensch", "ceo-of", "Mistral AI", {}),
    # 04: the FTC inquiry (Jan 25, 2024)
    (4, "FTC opens inquiry", "Federal Trade Commission", "investigates", "Microsoft", {}),
    (4, "FTC opens inquiry", "Federal Trade Commission", "investigates", "Amazon", {}),
    (4, "FTC opens inquiry", "Federal Trade Commission", "investigates", "Google", {}),
    (4, "The orders went to Alphabet", "Federal Trade Commission", "investigates", "Alphabet", C),
    (4, "The orders went to Alphabet", "Federal Trade Commission", "investigates", "Anthropic", C),
    (4, "The orders went to Alphabet", "Federal Trade Commission", "investigates", "OpenAI", C),
    (4, "The inquiry covers Microsoft's investment", "Microsoft", "invests-in", "OpenAI",
     m("$13bn", 13000000000, "USD", hedged=True)),
    (4, "The inquiry covers Microsoft's investment", "Amazon", "invests-in", "Anthropic",
     m("up to $4 billion", 4000000000, "USD")),
    (4, "The inquiry covers Microsoft's investment", "Google", "invests-in", "Anthropic",
     m("up to $2 billion", 2000000000, "USD", coref=True)),
    (4, "began its own review of the Microsoft-OpenAI", "Competition and Markets Authority", "investigates",
     "Microsoft", {}),
    (4, "began its own review of the Microsoft-OpenAI", "Competition and Markets Authority", "investigates",
     "OpenAI", {}),
    (4, "began its own review of the Microsoft-OpenAI", "Microsoft", "partners-with", "OpenAI", {}),
    (4, "the return of chief executive Sam Altman", "Sam Altman", "ceo-of", "OpenAI", C),
    # 05: Amazon completes its Anthropic investment (Mar 27, 2024)
    (5, "Amazon has invested a further $2.75 billion", "Amazon", "invests-in", "Anthropic",
     m("$2.75 billion", 2750000000, "USD", date="2024-03-27",
       amount_alt="$4 billion", amount_alt_value=4000000000, currency_alt="USD")),
    (5, "Amazon has invested a further $2.75 billion", "Anthropic", "headquartered-in", "San Francisco", C),
    (5, "Anthropic was founded in 2021", "Anthropic", "founded-by", "Dario Amodei", {}),
    (5, "Anthropic was founded in 2021", "Anthropic", "founded-by", "Daniela Amodei", {}),
    (5, "Dario Amodei is the company's chief executive", "Dario Amodei", "ceo-of", "Anthropic", C),
    (5, "The startup's Claude models are available", "Claude", "hosted-on", "Amazon Bedrock", {}),
    (5, "was launched by Anthropic", "Anthropic", "launches", "Claude 3", {}),
    (5, "Google, which competes with Amazon", "Google", "competes-with", "Amazon", {}),
    (5, "Google, which competes with Amazon", "Google", "invests-in", "Anthropic", {}),
    (5, "Anthropic's main rival is OpenAI", "Anthropic", "competes-with", "OpenAI", {}),
    (5, "Anthropic's main rival is OpenAI", "OpenAI", "launches", "ChatGPT", C),
    # 06: Mistral's Series A (Dec 11, 2023)
    (6, "in a Series A funding round led by Andreessen Horowitz", "Andreessen Horowitz", "invests-in",
     "Mistral AI", m("€385 million", 385000000, "EUR", date="2023-12-11",
                     amount_alt="about $415 million", amount_alt_value=415000000, currency_alt="USD")),
    (6, "The round values the company at about €2 billion", "Mistral AI", "valued-at", "about €2 billion",
     m("about €2 billion", 2000000000, "EUR", hedged=True, coref=True)),
    (6, "Lightspeed Venture Partners, which led", "Lightspeed Venture Partners", "invests-in", "Mistral AI",
     m("€105 million", 105000000, "EUR")),
    (6, "Lightspeed Venture Partners, which led", "Nvidia", "invests-in", "Mistral AI", C),
    (6, "Lightspeed Venture Partners, which led", "Salesforce", "invests-in", "Mistral AI", C),
    (6, "The company was set up in April 2023", "Mistral AI", "founded-by", "Arthur Mensch", C),
    (6, "The company was set up in April 2023", "Mistral AI", "founded-by", "Timothée Lacroix", C),
    (6, "The company was set up in April 2023", "Mistral AI", "founded-by", "Guillaume Lample", C),
    (6, "it introduced Mixtral 8x7B", "Mistral AI", "launches", "Mixtral 8x7B", C),
    (6, "Aleph Alpha, a Heidelberg-based rival", "Aleph Alpha", "headquartered-in", "Heidelberg", {}),
    (6, "Aleph Alpha, a Heidelberg-based rival", "Aleph Alpha", "competes-with", "Mistral AI", C),
    # 07: OpenAI's 2024 round (Oct 2, 2024)
    (7, "OpenAI has raised $6.6 billion", "OpenAI", "valued-at", "$157 billion",
     m("$157 billion", 157000000000, "USD", date="2024-10-02")),
    (7, "The round was led by Thrive Capital", "Thrive Capital", "invests-in", "OpenAI", C),
    (7, "Microsoft, OpenAI's largest backer", "Microsoft", "invests-in", "OpenAI", H),
    (7, "Microsoft, OpenAI's largest backer", "Nvidia", "invests-in", "OpenAI", HC),
    (7, "Microsoft, OpenAI's largest backer", "SoftBank", "invests-in", "OpenAI", HC),
    (7, "nearly double the $86 billion", "OpenAI", "valued-at", "$86 billion",
     m("$86 billion", 86000000000, "USD", coref=True)),
    (7, "OpenAI, which is led by chief executive Sam Altman", "Sam Altman", "ceo-of", "OpenAI", {}),
    (7, "The San Francisco-based company", "OpenAI", "headquartered-in", "San Francisco", C),
    (7, "The San Francisco-based company", "OpenAI", "founded-by", "Sam Altman", C),
    (7, "The San Francisco-based company", "OpenAI", "founded-by", "Elon Musk", C),
    (7, "The San Francisco-based company", "OpenAI", "founded-by", "Greg Brockman", C),
    (7, "The San Francisco-based company", "OpenAI", "founded-by", "Ilya Sutskever", C),
    (7, "Investors were asked not to fund rivals", "OpenAI", "competes-with", "Anthropic", HC),
    (7, "Investors were asked not to fund rivals", "OpenAI", "competes-with", "xAI", HC),
    # 08: Microsoft hires Inflection's founders (Mar 19, 2024)
    (8, "Microsoft has hired Mustafa Suleyman", "Inflection AI", "founded-by", "Mustafa Suleyman", {}),
    (8, "Microsoft has hired Mustafa Suleyman", "Inflection AI", "founded-by", "Karen Simonyan", {}),
    (8, "Suleyman, who co-founded DeepMind", "DeepMind", "founded-by", "Mustafa Suleyman", {}),
    (8, "Suleyman, who co-founded DeepMind", "Google", "acquires", "DeepMind", {}),
    (8, "Suleyman, who co-founded DeepMind", "Satya Nadella", "ceo-of", "Microsoft", {}),
    (8, "Inflection, the Palo Alto-based startup", "Inflection AI", "headquartered-in", "Palo Alto", {}),
    (8, "Microsoft and Nvidia led Inflection's", "Microsoft", "invests-in", "Inflection AI",
     m("$1.3 billion", 1300000000, "USD", date="2023-06")),
    (8, "Microsoft and Nvidia led Inflection's", "Nvidia", "invests-in", "Inflection AI",
     m("$1.3 billion", 1300000000, "USD", date="2023-06")),
    (8, "Competition and Markets Authority later examined", "Competition and Markets Authority",
     "investigates", "Microsoft", C),
    (8, "Competition and Markets Authority later examined", "Competition and Markets Authority",
     "investigates", "Inflection AI", C),
    (8, "Competition and Markets Authority later examined", "Federal Trade Commission", "investigates",
     "Microsoft", HC),
    (8, "Competition and Markets Authority later examined", "Federal Trade Commission", "investigates",
     "Inflection AI", HC),
    (8, "Suleyman co-founded Inflection with Reid Hoffman", "Inflection AI", "founded-by", "Reid Hoffman", {}),
    (8, "Suleyman co-founded Inflection with Reid Hoffman", "LinkedIn", "founded-by", "Reid Hoffman", {}),
    # 09: Llama 2 (Jul 18, 2023)
    (9, "Meta Platforms released Llama 2", "Meta", "launches", "Llama 2", {"date": "2023-07-18"}),
    (9, "Meta Platforms released Llama 2", "Meta", "partners-with", "Microsoft", {}),
    (9, "said supporting Llama 2 on Azure", "Llama 2", "hosted-on", "Azure", {}),
    (9, "Developers can run it on Microsoft's Azure", "Llama 2", "hosted-on", "Amazon Web Services", C),
    (9, "Developers can run it on Microsoft's Azure", "Llama 2", "hosted-on", "Hugging Face", C),
    (9, "Developers can run it on Microsoft's Azure", "Hugging Face", "headquartered-in", "New York", {}),
    (9, "Mark Zuckerberg, Meta's chief executive", "Mark Zuckerberg", "ceo-of", "Meta", {}),
    (9, "Meta competes with OpenAI and Google", "Meta", "competes-with", "OpenAI", {}),
    (9, "Meta competes with OpenAI and Google", "Meta", "competes-with", "Google", {}),
    (9, "Microsoft, which has invested heavily in OpenAI", "Microsoft", "invests-in", "OpenAI", {}),
    (9, "Qualcomm also announced a partnership with Meta", "Qualcomm", "partners-with", "Meta", {}),
    # 10: Google backs Anthropic (Oct 2023)
    (10, "Google has agreed to invest up to $2 billion", "Google", "invests-in", "Anthropic",
     m("up to $2 billion", 2000000000, "USD", hedged=True)),
    (10, "The commitment follows Amazon's pledge", "Amazon", "invests-in", "Anthropic",
     m("up to $4 billion", 4000000000, "USD", coref=True)),
    (10, "Claude is also available through Amazon Bedrock", "Claude", "hosted-on", "Amazon Bedrock", {}),
    (10, "Google's Bard chatbot competes directly", "Bard", "competes-with", "ChatGPT", {}),
    (10, "Sundar Pichai, chief executive of Google", "Sundar Pichai", "ceo-of", "Google", {}),
    (10, "Sundar Pichai, chief executive of Google", "Sundar Pichai", "ceo-of", "Alphabet", {}),
    # 11: the CMA and Microsoft-Mistral (May 17, 2024)
    (11, "Competition and Markets Authority said on May 17, 2024", "Competition and Markets Authority",
     "investigates", "Microsoft", {}),
    (11, "Competition and Markets Authority said on May 17, 2024", "Competition and Markets Authority",
     "investigates", "Mistral AI", {}),
    (11, "Competition and Markets Authority said on May 17, 2024", "Microsoft", "partners-with",
     "Mistral AI", {}),
    (11, "The CMA had invited comments in April", "Microsoft", "invests-in", "Mistral AI",
     m("€15 million", 15000000, "EUR", coref=True)),
    (11, "The regulator is also examining", "Competition and Markets Authority", "investigates", "Amazon", C),
    (11, "The regulator is also examining", "Competition and Markets Authority", "investigates", "Anthropic", C),
    (11, "The regulator is also examining", "Amazon", "invests-in", "Anthropic",
     m("$4 billion", 4000000000, "USD")),
    (11, "Sarah Cardell, the CMA's chief executive", "Sarah Cardell", "ceo-of",
     "Competition and Markets Authority", {}),
    (11, "Mistral AI was valued at about €2 billion", "Mistral AI", "valued-at", "about €2 billion",
     m("about €2 billion", 2000000000, "EUR")),
    # 12: Mistral models on Amazon Bedrock (Mar 1, 2024)
    (12, "Amazon Web Services has added two models", "Mistral 7B", "hosted-on", "Amazon Bedrock", {}),
    (12, "Amazon Web Services has added two models", "Mixtral 8x7B", "hosted-on", "Amazon Bedrock", {}),
    (12, "Bedrock already offers", "Claude", "hosted-on", "Amazon Bedrock", {}),
    (12, "Bedrock already offers", "Llama 2", "hosted-on", "Amazon Bedrock", {}),
    (12, "Bedrock already offers", "Amazon Titan", "hosted-on", "Amazon Bedrock", {}),
    (12, "which compete fiercely", "Amazon Web Services", "competes-with", "Azure", {}),
    (12, "Amazon Web Services is led by chief executive", "Adam Selipsky", "ceo-of", "Amazon Web Services", {}),
    (12, "Amazon Web Services is led by chief executive", "Andy Jassy", "ceo-of", "Amazon", {}),
    # 13: Microsoft and G42 (Apr 16, 2024)
    (13, "Microsoft will invest $1.5 billion in G42", "Microsoft", "invests-in", "G42",
     m("$1.5 billion", 1500000000, "USD", date="2024-04-16")),
    (13, "Microsoft will invest $1.5 billion in G42", "G42", "headquartered-in", "Abu Dhabi", {}),
    (13, "Brad Smith, Microsoft's vice chair and president", "Brad Smith", "president-of", "Microsoft", {}),
    (13, "The partnership between Microsoft and G42", "Microsoft", "partners-with", "G42", {}),
    (13, "including Amazon's $4 billion commitment", "Amazon", "invests-in", "Anthropic",
     m("$4 billion", 4000000000, "USD")),
    # 14: GPT-4 (Mar 14, 2023)
    (14, "OpenAI on Tuesday launched GPT-4", "OpenAI", "launches", "GPT-4", {}),
    (14, "GPT-4 is also available to businesses", "GPT-4", "hosted-on", "Azure OpenAI Service", {}),
    (14, "Microsoft, which announced a multiyear", "Microsoft", "invests-in", "OpenAI",
     {"amount": "multibillion-dollar"}),
    (14, "Sam Altman, OpenAI's chief executive", "Sam Altman", "ceo-of", "OpenAI", {}),
    (14, "Google, a rival of both companies", "Google", "competes-with", "OpenAI", C),
    (14, "Google, a rival of both companies", "Google", "competes-with", "Microsoft", C),
    (14, "Google, a rival of both companies", "Google", "launches", "Bard", {}),
    (14, "launched its Claude chatbot", "Anthropic", "launches", "Claude", {}),
    # 15: the Commission's call for contributions (Jan 9, 2024)
    (15, "The Commission said it was also checking", "European Commission", "investigates", "Microsoft", C),
    (15, "The Commission said it was also checking", "European Commission", "investigates", "OpenAI", C),
    (15, "Microsoft is OpenAI's biggest investor", "Microsoft", "invests-in", "OpenAI",
     m("about $13 billion", 13000000000, "USD")),
    (15, "The move follows similar steps in Britain", "Competition and Markets Authority", "investigates",
     "Microsoft", {}),
    (15, "The move follows similar steps in Britain", "Competition and Markets Authority", "investigates",
     "OpenAI", {}),
    (15, "The move follows similar steps in Britain", "Federal Trade Commission", "investigates", "Microsoft",
     HC),
    (15, "The move follows similar steps in Britain", "Federal Trade Commission", "investigates", "OpenAI", HC),
    (15, "The move follows similar steps in Britain", "Microsoft", "partners-with", "OpenAI", {}),
    (15, "The Redmond-based company", "Microsoft", "headquartered-in", "Redmond", C),
]

# Articles whose triples go into the hand-written-style triples file: the
# Microsoft-Mistral story and the OpenAI probes around it.
TRIPLES_FILE_ARTICLES = {1, 2, 3, 6, 11, 15}

SYMMETRIC = {"partners-with", "competes-with"}
VALUE_OBJECT = {"valued-at"}

# A sentence ends at . ! or ? (optionally followed by a closing quote) when
# whitespace and an upper-case letter, digit or opening quote follow. "Feb." is
# the one abbreviation the corpus uses mid-sentence.
SENTENCE_END = re.compile(r'[.!?]["\u201d]?(?=\s+["\u201cA-Z0-9])')
ABBREVIATIONS = ("Feb.", "Jan.", "Mr.", "Ms.", "Dr.", "Inc.", "Corp.", "St.")


def sentences(text):
    """[(start, end)] character spans; every non-empty line is at least one sentence."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        begin = line_start
        for mt in SENTENCE_END.finditer(line):
            stop = line_start + mt.end()
            if text[:stop].endswith(ABBREVIATIONS):
                continue
            spans.append((begin, stop))
            begin = stop
            while begin < line_start + len(line) and text[begin] == " ":
                begin += 1
        if begin < line_start + len(line.rstrip()):
            spans.append((begin, line_start + len(line.rstrip())))
    return spans


def load_articles():
    names = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    if set(names) != set(DATES):
        sys.exit(f"corpus files and DATES differ: {sorted(set(names) ^ set(DATES))}")
    arts = {}
    for name in names:
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            text = f.read()
        if text.startswith("\ufeff") or "\r" in text:
            sys.exit(f"{name}: no BOM and no CR line ends, please")
        title = text.split("\n", 1)[0]
        if title.endswith("."):
            sys.exit(f"{name}: the headline must not end with a period")
        arts[int(name[:2])] = {"id": name, "title": title, "date": DATES[name], "text": text}
    return arts


def locate(art, fragment):
    text = art["text"]
    at = text.find(fragment)
    if at < 0 or text.find(fragment, at + 1) >= 0:
        sys.exit(f"{art['id']}: fragment {'missing' if at < 0 else 'not unique'}: {fragment!r}")
    for index, (s, e) in enumerate(sentences(text)):
        if s <= at and at + len(fragment) <= e:
            start = len(text[:s].encode("utf-8"))
            return index, start, start + len(text[s:e].encode("utf-8")), text[s:e]
    sys.exit(f"{art['id']}: fragment crosses a sentence boundary: {fragment!r}")


def type_of(name, relation, is_object):
    if is_object and relation in VALUE_OBJECT:
        return "Other"  # an amount as written; the graph keeps Money in the attrs
    if name not in TYPE_OF:
        sys.exit(f"no type for {name!r}")
    return TYPE_OF[name]


def build():
    arts = load_articles()
    expected = {n: [] for n in arts}
    triples = []
    seen = set()
    for n, fragment, subj, rel, obj, attrs in A:
        art = arts[n]
        key = (n, subj, rel, obj) if rel not in SYMMETRIC else (n, *sorted((subj, obj)), rel)
        if key in seen:
            sys.exit(f"{art['id']}: duplicate triple {subj} {rel} {obj}")
        seen.add(key)
        sentence, start, end, evidence = locate(art, fragment)
        st, ot = type_of(subj, rel, False), type_of(obj, rel, True)
        expected[n].append({"subject": subj, "subject_type": st, "relation": rel, "object": obj,
                            "object_type": ot, "attrs": attrs, "evidence": evidence})
        if n in TRIPLES_FILE_ARTICLES:
            triples.append({"subject": subj, "subject_type": st, "relation": rel, "object": obj,
                            "object_type": ot, "attrs": attrs,
                            "source": {"doc": art["id"], "sentence": sentence, "start": start, "end": end,
                                       "text": evidence}})
    dump = lambda rows: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return {
        "corpus.jsonl": dump(arts[n] for n in sorted(arts)),
        "corpus.expected.jsonl": dump({"id": arts[n]["id"], "triples": expected[n]} for n in sorted(arts)),
        "microsoft-mistral.triples.jsonl": dump(triples),
    }


ENTITY_TYPES = {"Organization", "Person", "Regulator", "Place", "Product", "Model", "Other"}


def check_gazetteer():
    """entities.json: known types, and every name or alias (case-folded) names one entity only."""
    with open(os.path.join(HERE, "entities.json"), encoding="utf-8") as f:
        entities = json.load(f)["entities"]
    owner = {}
    for e in entities:
        if e.get("type") not in ENTITY_TYPES:
            sys.exit(f"entities.json: {e.get('name')!r} has unknown type {e.get('type')!r}")
        for form in [e["name"], *e.get("aliases", [])]:
            key = form.casefold()
            if key in owner and owner[key] != e["name"]:
                sys.exit(f"entities.json: {form!r} names both {owner[key]!r} and {e['name']!r}")
            owner[key] = e["name"]


def main():
    check = "--check" in sys.argv[1:]
    check_gazetteer()
    stale = []
    for name, content in build().items():
        path = os.path.join(HERE, name)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old == content:
            continue
        if check:
            stale.append(name)
        else:
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(content)
            os.replace(tmp, path)
            print(f"wrote samples/{name}")
    if stale:
        print(f"stale: {', '.join(stale)} (run python3 samples/build_samples.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
