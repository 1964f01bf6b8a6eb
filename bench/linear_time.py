#!/usr/bin/env python3
"""Extraction time grows linearly with text length, also for adversarial text.

    python bench/linear_time.py [--max-chars 128000] [--shape NAME ...]

For each shape of text (news-like words with quotes and cues; one endless sentence; unbalanced quote marks;
random unicode; a list of names and countries; a storm of speech cues; a storm of dates) it times
newsledger.analyze on texts of doubling length and prints the time per 1,000 characters, and beside it the
ratio to bare spaCy (the same model without newsledger's components and extractors) on the same text in
the same run. Linear time means the per-character cost stays roughly flat as the length grows: the script
prints the ratio largest/smallest per-character cost (a quadratic step would double it at every doubling),
and the ratio to spaCy shows whether newsledger's own work keeps pace with the parser's.
"""

from __future__ import annotations

import argparse
import random
import time

WORDS = ["the", "minister", "said", "that", "officials", "claimed", "Russia", "attack", "on", "Wednesday", "denied",
         "according", "to", "He", "threatened", "drone", "strike", "Kremlin", "video", "unconfirmed", "and", "was"]


def news_like(n: int, rng: random.Random) -> str:
    out: list[str] = []
    size = 0
    while size < n:
        sent = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 25)))
        if rng.random() < 0.3:
            sent = f"“{sent},” {rng.choice(['he', 'Peskov', 'she'])} said."
        else:
            sent = sent.capitalize() + "."
        out.append(sent)
        size += len(sent) + 1
        if rng.random() < 0.2:
            out.append("\n\n")
    return " ".join(out)[:n]


def endless_sentence(n: int, rng: random.Random) -> str:
    return (" ".join(rng.choice(WORDS) for _ in range(n // 4)))[:n]


def unbalanced_quotes(n: int, rng: random.Random) -> str:
    return "".join(rng.choice(["“", "”", '"', "'", "‘", "«", " said ", " he ", "\n\n"]) for _ in range(n // 3))[:n]


def random_unicode(n: int, rng: random.Random) -> str:
    return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x400, 0x4FF), rng.randint(0x2000, 0x206F),
                                   0x20, 0x0A])) for _ in range(n))


NAMES = ["Vladimir Putin", "Joe Biden", "Volodymyr Zelensky", "Emmanuel Macron", "Russia", "Ukraine", "the Kremlin",
         "NATO", "the United Nations", "Dmitry Peskov", "Moscow", "Kyiv", "the European Union", "Olaf Scholz"]
CUES = ["said", "claimed", "denied", "warned", "accused", "threatened", "told reporters", "according to", "insisted"]
DATES = ["on Monday", "last week", "on May 3", "two days ago", "in March 2022", "yesterday", "next Tuesday",
         "on 4 May 2023", "overnight", "the 1990s", "tomorrow", "earlier this month"]


def entity_list(n: int, rng: random.Random) -> str:
    out = []
    while sum(map(len, out)) < n:
        out.append(", ".join(rng.choice(NAMES) for _ in range(rng.randint(3, 12))) + " and " + rng.choice(NAMES) + ".")
    return " ".join(out)[:n]


def cue_storm(n: int, rng: random.Random) -> str:
    out = []
    while sum(map(len, out)) < n:
        out.append(f"{rng.choice(NAMES)} {rng.choice(CUES)} that {rng.choice(NAMES)} {rng.choice(CUES)} "
                   f"“{rng.choice(NAMES)} {rng.choice(CUES)} it,” {rng.choice(['he', 'she', 'they'])} said.")
    return " ".join(out)[:n]


def date_storm(n: int, rng: random.Random) -> str:
    out = []
    while sum(map(len, out)) < n:
        out.append(f"{rng.choice(NAMES)} attacked {rng.choice(NAMES)} {rng.choice(DATES)} and "
                   f"{rng.choice(DATES)}, officials said {rng.choice(DATES)}.")
    return " ".join(out)[:n]


SHAPES = {"news-like": news_like, "endless sentence": endless_sentence, "unbalanced quotes": unbalanced_quotes,
          "random unicode": random_unicode, "entity list": entity_list, "cue storm": cue_storm,
          "date storm": date_storm}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-chars", type=int, default=128_000)
    ap.add_argument("--shape", action="append", choices=list(SHAPES), help="only this shape (repeatable)")
    args = ap.parse_args()
    import spacy

    import newsledger
    from newsledger.nlp.pipeline import EXCLUDE, MODEL_NAME

    bare = spacy.load(MODEL_NAME, exclude=list(EXCLUDE))
    bare.max_length = max(bare.max_length, args.max_chars + 1)
    newsledger.analyze("Warm up the model, he said.")
    bare("Warm up the model, he said.")
    rng = random.Random(7)
    sizes = []
    n = 4_000
    while n <= args.max_chars:
        sizes.append(n)
        n *= 2
    for name in args.shape or list(SHAPES):
        make = SHAPES[name]
        costs, ratios = [], []
        for size in sizes:
            text = make(size, rng)
            start = time.perf_counter()
            newsledger.analyze(text, published="2023-05-04")
            ours = time.perf_counter() - start
            start = time.perf_counter()
            bare(text)
            reference = time.perf_counter() - start
            costs.append(ours / len(text) * 1000)
            ratios.append(ours / reference)
        row = "  ".join(f"{s // 1000}k:{c * 1000:.2f}ms(x{r:.1f})" for s, c, r in zip(sizes, costs, ratios,
                                                                                       strict=True))
        print(f"{name:<18} per 1,000 chars (x spaCy)  {row}   largest/smallest {costs[-1] / min(costs):.2f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
