"""The package's stages depend only on earlier ones: ingest -> nlp -> extract -> store -> link -> export / api /
web / cli / scale. A module importing from a later stage fails this test (imports inside functions included:
they dodge a cycle at run time, not the dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import newsledger

SRC = Path(newsledger.__file__).parent

# The stage of each top-level module or package. The records, ids, errors, resources, version, the collector
# pause and the BLAS thread limit come before every stage; the package itself (the public API) and the outputs
# come last; the outputs may use each other.
STAGES: dict[str, int] = {
    "errors": 0, "ids": 0, "records": 0, "resources": 0, "_version": 0, "_gc": 0, "_threads": 0,
    "ingest": 1, "examples": 1,
    "nlp": 2,
    "extract": 3, "_analysis": 3,
    "store": 4,
    "link": 5,
    "export": 6, "api": 6, "web": 6, "cli": 6, "scale": 6, "report": 6, "__main__": 6, "__init__": 6,
}


def top_of(path: Path) -> str:
    """The top-level module or package a source file belongs to."""
    rel = path.relative_to(SRC).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def imported_tops(source: str) -> list[tuple[int, str]]:
    """(line, top-level name) of every import from newsledger in ``source``; ``from newsledger import x`` names
    the module ``x`` when it is one, else the package itself."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "newsledger":
                continue
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:
                found += [(node.lineno, a.name if a.name in STAGES else "__init__") for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "newsledger":
                    found.append((node.lineno, parts[1] if len(parts) > 1 else "__init__"))
    return found


def backward_imports(top: str, source: str) -> list[str]:
    """The imports of ``source`` (a file of ``top``) that reach a later stage."""
    return [f"line {line}: {top} imports {name}" for line, name in imported_tops(source)
            if STAGES[name] > STAGES[top]]


def test_every_module_has_a_stage() -> None:
    tops = {top_of(p) for p in SRC.rglob("*.py")}
    assert tops - STAGES.keys() == set()
    assert {"ingest", "nlp", "extract", "store", "link", "web"} <= tops


def test_no_module_imports_a_later_stage() -> None:
    found = {str(p.relative_to(SRC)): bad for p in sorted(SRC.rglob("*.py"))
             if (bad := backward_imports(top_of(p), p.read_text(encoding="utf-8")))}
    assert found == {}


def test_a_backward_import_is_found() -> None:
    source = "import json\n\ndef f():\n    from newsledger.link.linker import update_links\n"
    assert backward_imports("extract", source) == ["line 4: extract imports link"]
    assert backward_imports("nlp", "from newsledger.extract.attributions import find_drafts\n") == [
        "line 1: nlp imports extract"]
    assert backward_imports("store", "from newsledger import open_ledger\n") == ["line 1: store imports __init__"]
    assert backward_imports("link", "from newsledger.store import schema\nfrom newsledger import records\n") == []
