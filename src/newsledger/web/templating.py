"""The Jinja2 environment of the web UI: package templates, autoescaping always on, a few display filters."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsledger import __version__, resources
from newsledger.records import EVIDENCE, MODALITIES, STANCES

STATIC_DIR = Path(__file__).resolve().parent / "static"

STANCE_LABELS = {"assert": "asserts", "accuse": "accuses", "deny": "denies", "threaten": "threatens",
                 "warn": "warns", "promise": "promises", "question": "questions", "other": "says"}
POSITION_LABELS = {"accuse": "blames", "deny": "denies a part of", "doubt": "doubts the claims of"}
ACTOR_CODE = re.compile(r"[A-Z0-9]{1,16}")
EVIDENCE_LABELS = {"stated": "evidence stated", "unsupported": "no evidence offered", "unverified": "unverified",
                   "disputed": "disputed", "none": "no evidence status"}


def _short(value: str | None, length: int = 160) -> str:
    text = " ".join((value or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


@cache
def environment() -> Environment:
    """Autoescape is on for every template, whatever its name: article text is never trusted."""
    env = Environment(loader=PackageLoader("newsledger.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["short"] = _short
    env.globals["version"] = __version__
    env.globals["stance_labels"] = STANCE_LABELS
    env.globals["evidence_labels"] = EVIDENCE_LABELS
    env.globals["position_labels"] = POSITION_LABELS
    env.tests["actor_code"] = lambda value: isinstance(value, str) and ACTOR_CODE.fullmatch(value) is not None
    env.globals["vocab"] = {"plover": [row[0] for row in resources.rows("plover_quad.tsv")],
                            "stance": list(STANCES), "evidence": list(EVIDENCE), "modality": list(MODALITIES)}
    return env
