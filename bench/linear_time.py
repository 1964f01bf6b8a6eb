#!/usr/bin/env python3
"""Extraction time grows linearly with text length, also for adversarial text.

    python bench/linear_time.py [--max-chars 128000]

For each shape of text (news-like words with quotes and cues; one endless sentence; unbalanced quote marks;
random unicode) it times newsledger.analyze on texts of doubling length and prints the time per 1,000
characters. Linear time means that figure stays roughly flat as the length grows (the script prints the
ratio largest/smallest per-character cost; a quadratic step would double it at every doubling).
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


SHAPES = {"news-like": news_like, "endless sentence": endless_sentence, "unbalanced quotes": unbalanced_quotes,
          "random unicode": random_unicode}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-chars", type=int, default=128_000)
    args = ap.parse_args()
    import newsledger

    newsledger.analyze("Warm up the model, he said.")
    rng = random.Random(7)
    sizes = []
    n = 4_000
    while n <= args.max_chars:
        sizes.append(n)
        n *= 2
    for name, make in SHAPES.items():
        costs = []
        for size in sizes:
            text = make(size, rng)
            start = time.perf_counter()
            newsledger.analyze(text, published="2023-05-04")
            costs.append((time.perf_counter() - start) / len(text) * 1000)
        row = "  ".join(f"{s // 1000}k:{c * 1000:.2f}ms" for s, c in zip(sizes, costs, strict=True))
        print(f"{name:<18} per 1,000 chars  {row}   largest/smallest {costs[-1] / min(costs):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
