#!/usr/bin/env python3
"""Build ``src/newsledger/resources/negative_evaluations.tsv`` from the VADER sentiment lexicon.

    pip install vaderSentiment==3.3.2      # for this script only; newsledger reads the TSV
    python scripts/build_evaluative_words.py [--threshold -2.0]

VADER (C.J. Hutto, MIT License) rates about 7,500 English words and slang for valence from -4 to +4 by the
mean of ten human raters. The words rated at or below the threshold (default -2.0: "awful", "hateful",
"insulting", "dangerous") are written one per line with their rating. Stance (``extract.evidence``) reads
them as words that judge: a statement whose content judges a person, organisation or country in such words
accuses it. The threshold was chosen on our stance annotation of PolNeAR train articles, not on the dev one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsledger" / "resources" / "negative_evaluations.tsv"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threshold", type=float, default=-2.0)
    args = ap.parse_args()
    try:
        import vaderSentiment
    except ImportError:
        sys.exit("build_evaluative_words: pip install vaderSentiment==3.3.2 first")
    lexicon = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    rows = []
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha() and float(parts[1]) <= args.threshold:
            rows.append((parts[0].lower(), float(parts[1])))
    header = ["# Strongly negative evaluative words: VADER sentiment lexicon (C.J. Hutto, vaderSentiment 3.3.2,",
              f"# MIT License), words rated <= {args.threshold:.1f} of -4..+4. Built by "
              "scripts/build_evaluative_words.py.",
              "# word\tvalence"]
    OUT.write_text("\n".join([*header, *(f"{w}\t{v:.1f}" for w, v in sorted(set(rows)))]) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(set(rows))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
