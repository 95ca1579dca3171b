"""No text the UI shows tells anyone to run a command: the first start shows a complete
product. Reads every string literal of the web sources and the page (comments, which no
user sees, may name commands)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "web" / "src").rglob("*.js")),
           *sorted((ROOT / "web" / "public").glob("*.html"))]
COMMAND = re.compile(r"\bnexus\s+(analytics|duplicates|demo|import|user|token|serve|migrate|"
                     r"neo4j|history|reviews|abroad|screen)\b", re.IGNORECASE)
STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`")
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/|<!--.*?-->", re.DOTALL)


def user_facing_text(path: Path) -> list[str]:
    text = COMMENT.sub("", path.read_text(encoding="utf-8"))
    if path.suffix == ".html":
        return [re.sub(r"<[^>]+>", " ", text)]
    return STRING.findall(text)


def test_the_checker_finds_a_command_in_a_string() -> None:
    assert COMMAND.search("'Analytics have not been run yet: nexus analytics run'")
    assert not COMMAND.search("'The Nexus flag'")


def test_no_ui_text_names_a_command() -> None:
    assert SOURCES, "no web sources found"
    found = [f"{path.relative_to(ROOT)}: {literal[:120]}"
             for path in SOURCES for literal in user_facing_text(path)
             if COMMAND.search(literal)]
    assert not found, "UI text that tells a user to run a command:\n" + "\n".join(found)
