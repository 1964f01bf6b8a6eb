"""The copy-detection test set: real articles of ../shared/data/news and copies of them generated the way
syndication and republishing change a story, rebuilt from a fixed seed (no text of ../shared is committed).

Each drawn original gets one to three copies; each copy applies a random mix of:

- ``headline``: another headline as the first line;
- ``dateline``: a dateline and an agency credit before the first paragraph ("LONDON (Example Wire) - ");
- ``credit``: a credit line at the end ("Reporting by ...; editing by ...");
- ``boilerplate``: one to three paragraphs of a site's boilerplate (newsletter, copyright, related links);
- ``cut``: the last paragraphs cut, or paragraphs in the middle dropped (at least half of the words kept);
- ``edit``: light edits: "said" <-> "says", numbers spelled out, a word dropped or swapped (up to 3 % of words),
  and now and then a sentence dropped.

Gold groups: an original and its copies form one copy group; originals whose normalised texts are identical (the
BBC set has 138 such duplicates) form one group too. ``copy_set(n, seed)`` returns the documents (original and
copies, shuffled) with their gold group.
"""

from __future__ import annotations

import random
import re
from typing import Any

from _common import read_jsonl, shared

AGENCIES = ("Example Wire", "Newsdesk Agency", "Global Press Service", "Northern News Agency", "Metro Wire")
CITIES = ("LONDON", "NEW YORK", "PARIS", "NAIROBI", "SYDNEY", "WASHINGTON", "BERLIN", "MADRID", "DELHI")
BOILERPLATE = (
    "Sign up for our morning briefing to get the day's top stories delivered to your inbox before breakfast.",
    "Copyright 2026 Example Media Group. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed without permission.",
    "Related coverage: more stories from our correspondents around the world are on our home page.",
    "Follow us on social media for live updates, photos and video from our newsroom.",
    "Have a news tip? Contact our reporters securely through the form on our website.",
    "This article has been updated with additional reporting since it was first published.",
    "Advertisement. Scroll down to continue reading the rest of this story.",
)
HEADLINE_WORDS = ("Update", "Latest", "Explainer", "Breaking", "Live", "Analysis", "Report")
SWAPS = {"said": "says", "says": "said", "told": "said to", "percent": "per cent", "per cent": "percent",
         "however": "but", "also": "too", "because": "as", "about": "around", "would": "will"}
NUMBERS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
           "9": "nine", "10": "ten"}
KINDS = ("headline", "dateline", "credit", "boilerplate", "cut", "edit")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def paragraphs(text: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return paras or [text.strip()]


def _edit(para: str, rng: random.Random, rate: float) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", para)
    if len(sentences) > 2 and rng.random() < 0.15:
        del sentences[rng.randrange(1, len(sentences))]
    words = " ".join(sentences).split(" ")
    out = []
    for w in words:
        if rng.random() >= rate:
            out.append(w)
            continue
        bare = w.strip(".,;:\"'").lower()
        if bare in SWAPS:
            out.append(w.replace(bare, SWAPS[bare]) if w.islower() else SWAPS[bare])
        elif bare in NUMBERS:
            out.append(w.replace(bare, NUMBERS[bare]))
        elif rng.random() < 0.5:
            continue  # a word dropped
        else:
            out.append(rng.choice(("very", "now", "then", "still")) + " " + w)
    return " ".join(out)


def make_copy(doc: dict[str, Any], rng: random.Random) -> tuple[str, list[str]]:
    """A copy of ``doc``'s text and the kinds of change applied."""
    kinds = [k for k in KINDS if rng.random() < 0.5] or [rng.choice(KINDS)]
    paras = paragraphs(doc["text"])
    if "cut" in kinds and len(paras) > 2:
        words = sum(len(p.split()) for p in paras)
        if rng.random() < 0.5:
            while len(paras) > 2 and sum(len(p.split()) for p in paras[:-1]) >= words * 0.5:
                paras = paras[:-1]
                if rng.random() < 0.4:
                    break
        else:
            for _ in range(max(1, len(paras) // 4)):
                k = rng.randrange(1, len(paras))
                if sum(len(p.split()) for p in paras) - len(paras[k].split()) >= words * 0.5 and len(paras) > 2:
                    del paras[k]
    if "edit" in kinds:
        rate = rng.uniform(0.005, 0.03)
        paras = [_edit(p, rng, rate) for p in paras]
    if "dateline" in kinds:
        paras[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) - {paras[0]}"
    if "headline" in kinds:
        title = doc.get("title") or " ".join(paras[0].split()[:8])
        words = title.split()
        rng.shuffle(words)
        paras.insert(0, f"{rng.choice(HEADLINE_WORDS)}: {' '.join(words[:10])}")
    if "boilerplate" in kinds:
        for line in rng.sample(BOILERPLATE, rng.randint(1, 3)):
            paras.insert(rng.choice((1, len(paras))), line)
    if "credit" in kinds:
        paras.append(f"(Reporting by {rng.choice(('A. Writer', 'J. Smith', 'M. Rossi'))}; editing by "
                     f"{rng.choice(('K. Lee', 'P. Novak'))})")
    return "\n\n".join(paras), kinds


def copy_set(n: int = 300, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` originals from ../shared/data/news with one to three generated copies each; every document has
    ``id``, ``text``, ``source``, ``group`` (gold copy group) and ``kinds`` (the changes, [] for originals)."""
    rng = random.Random(seed)
    news = [r for name in ("bbc_2004_2005", "wikinews_2019_2020")
            for r in read_jsonl(shared("data", "news", f"{name}.jsonl"))]
    group_of: dict[str, str] = {}
    for r in news:
        group_of.setdefault(_normal(r["text"]), r["id"])
    picked = rng.sample(news, n)
    docs: list[dict[str, Any]] = []
    for r in picked:
        group = group_of[_normal(r["text"])]
        docs.append({"id": r["id"], "text": r["text"], "source": r["source"], "group": group, "kinds": []})
        for k in range(rng.randint(1, 3)):
            text, kinds = make_copy(r, rng)
            docs.append({"id": f"{r['id']}#copy{k}", "text": text, "source": f"copier-{k}", "group": group,
                         "kinds": kinds})
    # exact duplicates of a picked original in the corpus are copies of it too
    picked_groups = {d["group"] for d in docs}
    seen = {d["id"] for d in docs}
    for r in news:
        g = group_of[_normal(r["text"])]
        if g in picked_groups and r["id"] not in seen:
            docs.append({"id": r["id"], "text": r["text"], "source": r["source"], "group": g, "kinds": ["duplicate"]})
    rng.shuffle(docs)
    return docs
