#!/usr/bin/env python3
"""Convert the PETRARCH-2 / Phoenix actor and agent dictionaries (MIT licence, Open Event Data Alliance)
into newsledger's resource files.

    python scripts/build_actor_resources.py [../shared/data/petrarch2]

Writes ``src/newsledger/resources/actors.tsv`` (phrase, code, valid-from, valid-to) and
``src/newsledger/resources/agents.tsv`` (phrase, sector code). Phrases are upper-case words separated by
single spaces; dates are ISO (empty = open). The output is deterministic (sorted), so re-running it on the
same dictionaries changes nothing.

TABARI format, as read here: an entry is a line ``NAME_ [CODE]`` or a group of ``NAME_`` / ``+ALIAS`` lines
followed by tab-indented ``[CODE DATES]`` lines (``[RUSGOV 991231-080507]``, ``[RUSGOV >080508]``,
``[RUSELI]``); ``#`` starts a comment; a blank line ends a group. Agents are ``PHRASE [~GOV]`` with the
macros ``!PERSON!`` and ``!MINIST!`` expanded.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsledger" / "resources"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
CODE_RE = re.compile(r"\[([^\]]*)\]")
HEADER = "# Converted by scripts/build_actor_resources.py from PETRARCH-2 dictionaries (MIT, (c) 2014 Open " \
         "Event Data Alliance)\n"


def phrase(raw: str) -> str:
    """``+PRESIDENT_VLADIMIR_PUTIN_`` -> ``PRESIDENT VLADIMIR PUTIN``."""
    raw = raw.strip().lstrip("+").strip()
    raw = raw.replace("_", " ")
    return " ".join(raw.split()).upper()


def iso(d: str) -> str:
    d = d.strip()
    if not d.isdigit():
        return ""
    if len(d) == 6:
        yy = int(d[:2])
        d = ("19" if yy >= 30 else "20") + d
    if len(d) != 8:
        return ""
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def parse_code(body: str) -> tuple[str, str, str] | None:
    """``RUSGOV 991231-080507`` -> (code, from, to)."""
    parts = body.split()
    if not parts:
        return None
    code = parts[0].strip()
    if not re.fullmatch(r"[A-Z0-9~]{3,15}", code):
        return None
    start = end = ""
    if len(parts) > 1:
        rng = parts[1]
        if rng.startswith(">"):
            start = iso(rng[1:])
        elif rng.startswith("<"):
            end = iso(rng[1:])
        elif "-" in rng:
            a, b = rng.split("-", 1)
            start, end = iso(a), iso(b)
    return code, start, end


def read_actors(path: Path) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    names: list[str] = []
    codes: list[tuple[str, str, str]] = []

    def flush() -> None:
        if names and codes:
            rows.extend((n, c, s, e) for n in names for c, s, e in codes)
        names.clear()
        codes.clear()

    for line in path.read_text(encoding="latin-1").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            if not line.strip():
                flush()
            continue
        if body[0] in " \t" and body.strip().startswith("["):
            for m in CODE_RE.finditer(body):
                parsed = parse_code(m.group(1))
                if parsed:
                    codes.append(parsed)
            continue
        if codes and not body.lstrip().startswith("+"):  # a new name after a code block: a new group
            flush()
        inline = CODE_RE.search(body)
        name = phrase(CODE_RE.sub("", body))
        if not name or name.startswith("!") or "=" in name:
            continue
        names.append(name)
        if inline and not body.lstrip().startswith("+"):
            parsed = parse_code(inline.group(1))
            if parsed:
                codes.append(parsed)
    flush()
    return rows


def read_agents(path: Path) -> list[tuple[str, str]]:
    macros: dict[str, list[str]] = {}
    rows: list[tuple[str, str]] = []
    for line in path.read_text(encoding="latin-1").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code_m = CODE_RE.search(body)
        if not code_m:
            continue
        code = code_m.group(1).strip().replace("~", "")
        if not re.fullmatch(r"[A-Z]{3,9}", code):
            continue
        raw = CODE_RE.sub("", body).replace("{}", "").strip()
        variants = [raw]
        for macro, words in macros.items():
            variants = [v.replace(macro, "_" + w) if macro in v else v for v in variants for w in words] \
                if any(macro in v for v in variants) else variants
        for v in variants:
            p = phrase(v)
            if p:
                rows.append((p, code))
    return rows


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "petrarch2"
    actor_rows: set[tuple[str, str, str, str]] = set()
    for name in ACTOR_FILES:
        actor_rows.update(read_actors(src / name))
    agent_rows = set(read_agents(src / "Phoenix.agents.txt"))
    with (OUT / "actors.tsv").open("w", encoding="utf-8") as f:
        f.write(HEADER + "# phrase\tcode\tfrom\tto\n")
        for row in sorted(actor_rows):
            f.write("\t".join(row) + "\n")
    with (OUT / "agents.tsv").open("w", encoding="utf-8") as f:
        f.write(HEADER + "# phrase\tsector\n")
        for prow in sorted(agent_rows):
            f.write("\t".join(prow) + "\n")
    print(f"actors.tsv: {len(actor_rows)} rows; agents.tsv: {len(agent_rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
