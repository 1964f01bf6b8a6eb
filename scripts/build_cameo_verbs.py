#!/usr/bin/env python3
"""Convert PETRARCH-2's CAMEO verb-pattern dictionary (openeventdata/petrarch2, MIT) into
``src/newsledger/resources/cameo_verbs.tsv``, the verb knowledge of the event classifier.

    python scripts/build_cameo_verbs.py [../shared/data/petrarch2/CAMEO.2.0.txt]

Two kinds of rows (tab-separated, lower case):

    verb   LEMMA[ PARTICLE]   BLOCK   CAMEO      a verb of a synonym block with its own or the block's code
                                                 ("-" when neither has one: its patterns still apply)
    pat    BLOCK   WORD       PREP    CAMEO      a pattern of the block: the verb's object (PREP "") or a
                                                 prepositional object ("to", "against", ...) whose head is WORD

Only the head word of each pattern phrase is kept (the last word of its first group: "{HUMANITARIAN AID}" ->
"aid"); synonym sets (&WEAPON) are expanded; patterns about the subject, and codes "---", are dropped. Verb
forms are reduced to their lemma by dropping the inflected forms listed in braces.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsledger" / "resources" / "cameo_verbs.tsv"
CODE_RE = re.compile(r"\[([0-9]{2,4})(?::[0-9-]*)?\]")


def synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        s = line.split("#")[0].strip()
        if s.startswith("&"):
            current = s.split()[0]
            sets[current] = []
        elif s.startswith("+") and current:
            sets[current].append(s[1:].strip("_").replace("_", " ").lower())
        elif not s:
            current = current if current else None
    return sets


def head_word(group: str, sets: dict[str, list[str]]) -> list[str]:
    words = group.replace("{", " ").replace("}", " ").split()
    words = [w for w in words if w not in {"$", "%", "+", "^"}]
    if not words:
        return []
    last = words[-1]
    if last.startswith("&"):
        return [w.split()[-1] for w in sets.get(last, [])]
    return [last.strip("_").replace("_", " ").lower().split()[-1]]


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt"
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines()
    sets = synsets(lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    verbs: set[tuple[str, str, str]] = set()
    pats: set[tuple[str, str, str, str]] = set()
    block, default = "", ""
    for raw in lines[start + 1:]:
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            block = m.group(1).strip("_").replace("_", " ").lower()
            default = m.group(2) if re.fullmatch(r"[0-9]{2,4}", m.group(2)) else ""
            continue
        code_m = CODE_RE.search(line)
        code = code_m.group(1) if code_m else ""
        body = CODE_RE.sub("", re.sub(r"\[---\]", "", line)).strip()
        if body.startswith("-"):
            if not code or "*" not in body:
                continue
            after = body.split("*", 1)[1].strip()
            m2 = re.match(r"^\(\s*([A-Z]+)\s+([^)]*)\)", after)
            if m2:
                for w in head_word(m2.group(2), sets):
                    pats.add((block, w, m2.group(1).lower(), code))
                continue
            m3 = re.match(r"^(\{[^}]*\}|[&A-Z_'][A-Z_'&-]*)", after)
            if m3:
                for w in head_word(m3.group(1), sets):
                    pats.add((block, w, "", code))
            continue
        form = body.split("{")[0].split()
        if not form:
            continue
        lemma = form[0].lstrip("+").strip("_").replace("_", " ").lower()
        if not re.fullmatch(r"[a-z' -]+", lemma):
            continue
        verbs.add((lemma, block, code or default or "-"))
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# CAMEO verb dictionary of PETRARCH-2 (CAMEO.2.0.txt, MIT, (c) 2015 Open Event Data Alliance),\n"
                "# reduced by scripts/build_cameo_verbs.py: verb rows (lemma, block, cameo) and pattern rows\n"
                "# (block, object head word, preposition or empty, cameo).\n")
        for v in sorted(verbs):
            f.write("verb\t" + "\t".join(v) + "\n")
        for p in sorted(pats):
            f.write("pat\t" + "\t".join(p) + "\n")
    print(f"{OUT.name}: {len(verbs)} verbs, {len(pats)} patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
