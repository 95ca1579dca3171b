"""Renderings of a history: JSON, HTML and Markdown (Jinja2 templates in `templates/`),
and PDF (WeasyPrint, from the same HTML with its print stylesheet)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from graph.history.localtime import uk_day, uk_text, uk_time
from graph.history.model import (
    MARKING,
    PART_ASSESSMENT,
    PART_PROVEN,
    PART_SUBJECT,
    PART_UNPROVEN,
    History,
)
from graph.history.picture import network_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = ("json", "html", "md", "pdf")
MEDIA_TYPES = {"json": "application/json", "html": "text/html; charset=utf-8",
               "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}

_PART_BANNERS = {
    PART_SUBJECT: ("", "Who the subject is, and the high-harm flags officers have set. "
                       "Flags are risk assessments, not findings."),
    PART_PROVEN: ("proven", "PROVEN — findings of guilt by a court, at home and abroad. "
                            "Only this part is scored in Part C."),
    PART_UNPROVEN: ("unproven", "UNPROVEN MATERIAL — arrests, charges, allegations, "
                                "associations and intelligence. NOT EVIDENCE OF GUILT. "
                                "Read every line with its outcome, source and grading."),
    PART_ASSESSMENT: ("assessment", "A computed score from Part A only, with every term "
                                    "shown so that it can be checked by hand."),
}
_PART_ORDER = (PART_SUBJECT, PART_PROVEN, PART_UNPROVEN, PART_ASSESSMENT)

# Long lists of people: the body shows the most significant (the sections are sorted so),
# an annex at the end lists the rest one line each, with their citations.
BODY_LIMIT = 20
ANNEXED = {"associates": "Annex A", "direct_associations": "Annex B"}


def _md_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _citeline(citations: list[dict[str, Any]]) -> str:
    """"[AR-1 Arrest · Custody record · rec. 2022-06-01 · ungraded] ...": the record, its
    source, the day it was recorded and its grading (who recorded it, and the exact
    time, are in the JSON rendering)."""
    return " ".join(
        f"[{c['record_id']} {c['record_type']} · {_md_cell(c['source'])} · rec. "
        f"{uk_day(c['recorded_at'])} · {c['grading'] or 'ungraded'}]" for c in citations)


@cache
def _environment(markdown: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=False if markdown else select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = _md_cell
    env.filters["fieldline"] = lambda fields: " · ".join(
        f"{name}: {_md_cell(value)}" for name, value in fields if value != "—")
    env.filters["citeline"] = _citeline
    env.filters["num"] = lambda value: f"{value:g}" if isinstance(value, float) else value
    env.filters["uk"] = uk_text  # every instant in UK local time, "GMT"/"BST" said
    env.filters["citeshort"] = lambda citations: "; ".join(
        f"{c['record_id']} ({_md_cell(c['source'])}, {c['grading'] or 'ungraded'})"
        for c in citations)
    env.filters["annexfields"] = _annex_fields
    return env


def _annex_fields(item: dict[str, Any]) -> str:
    """An annex line's facts: an associate's linking path (the title says why listed and
    the records cited show it), a direct link's dates, grading and handling."""
    keep = {"Path"} if any(name == "Path" for name, _ in item["fields"]) else None
    return " · ".join(f"{name}: {uk_text(_md_cell(value))}" for name, value in item["fields"]
                      if value != "—" and (keep is None or name in keep))


def _view(history: History) -> dict[str, Any]:
    """What the templates read: the content grouped by part, plus the metadata."""
    content, meta = history.content, history.meta
    parts = []
    for part in _PART_ORDER:
        sections = [s for s in content["sections"] if s["part"] == part]
        css, banner = _PART_BANNERS[part]
        parts.append({"key": part, "title": content["parts"][part], "css": css,
                      "banner": banner, "sections": sections})
    version = meta.get("version")
    annexes = []
    for section in content["sections"]:
        if section["key"] in ANNEXED and len(section["items"]) > BODY_LIMIT:
            annexes.append({"key": section["key"], "label": ANNEXED[section["key"]],
                            "title": section["title"], "total": section.get("total"),
                            "items": section["items"][BODY_LIMIT:],
                            "first": BODY_LIMIT + 1, "last": len(section["items"])})
    return {
        "body_limit": BODY_LIMIT, "annexes": annexes,
        "annexed": {a["key"]: a for a in annexes},
        "marking": MARKING, "content": content, "meta": meta, "parts": parts,
        "subject": content["subject"], "harm": content["harm"],
        "network": content["network"], "content_hash": history.content_hash,
        "version_label": f"v{version}" if version else "not saved (preview)",
        "case_reference": meta.get("case_reference") or "—",
        "shared_with": ", ".join(meta.get("shared_with") or []) or "—",
        "harm_sources": {
            item["id"]: " ".join(f"[{c['record_id']} {c['source']}, recorded "
                                 f"{uk_time(c['recorded_at'])}]"
                                 for c in item["citations"])
            for s in content["sections"] if s["key"] == "harm" for item in s["items"]},
        "glance": _glance(content),
        "network_lines": _network_lines(content["network"]),
        "withheld": sum(1 for s in content["sections"] for i in s["items"] if i["withheld"]),
    }


def _glance(content: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(part, what, count) rows for the summary on the first page."""
    items = {s["key"]: s["items"] for s in content["sections"]}

    def count(key: str) -> int:
        return len(items.get(key, []))

    def having(key: str, label: str, value: str) -> int:
        return sum(1 for i in items.get(key, []) if any(
            n == label and value in v for n, v in i["fields"]))

    harm = content["harm"]
    active = sum(1 for i in items.get("flags", []) if "ACTIVE" in i["title"])
    restricted = sum(1 for i in items.get("intelligence", []) if i["handling_code"] == "C")
    return [
        ("Subject", "High-harm flags (active at the as-at date)", f"{count('flags')} ({active})"),
        ("A — proven", "Convictions in the UK / abroad",
         f"{count('convictions_home')} / {count('convictions_abroad')}"),
        ("B — unproven", "Warrants / checks", f"{count('warrants')} / {count('checks')}"),
        ("B — unproven", "Intelligence reports (handling code C)",
         f"{count('intelligence')} ({restricted})"),
        ("B — unproven", "Arrests and charges not ending in conviction (of which NFA)",
         f"{count('arrests_charges')} ({having('arrests_charges', 'Outcome', 'NFA')})"),
        ("B — unproven", "Incidents (refused to cooperate)",
         f"{count('incidents')} ({having('incidents', 'Cooperation', 'REFUSED')})"),
        ("B — unproven", "Gang memberships / associates listed",
         f"{count('memberships')} / {count('associates')}"),
        ("C — assessment", "Harm score (CHI days)", f"{harm['score']:g} — {harm['band']}"),
    ]


def _network_lines(network: dict[str, Any]) -> list[str]:
    """The picture's links as text, for renderings that cannot draw it."""
    names = {n["id"]: f"{n['label']} ({n['id']})" for n in network["nodes"]}
    return [f"{names.get(e['start'], e['start'])} —{e['kind']} [{e['id']}]— "
            f"{names.get(e['end'], e['end'])}" for e in network.get("edges") or []]


def render_json(history: History) -> str:
    return json.dumps(history.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def stylesheet() -> str:
    return (TEMPLATES / "history.css").read_text()


def render_html(history: History, stylesheet_href: str | None = None) -> str:
    """A self-contained page (stylesheet inline), or one linking `stylesheet_href` (for
    serving under a Content-Security-Policy that forbids inline styles)."""
    view = _view(history)
    view["network_svg"] = network_svg(history.content["network"])
    view["stylesheet_href"] = stylesheet_href
    return _environment(False).get_template("history.html.j2").render(**view)


def render_markdown(history: History) -> str:
    return _environment(True).get_template("history.md.j2").render(**_view(history))


def render_pdf(history: History) -> bytes:
    return pdf_with_pages(history)[0]


def pdf_with_pages(history: History) -> tuple[bytes, int]:
    """The PDF and its page count."""
    from weasyprint import HTML  # imported on use: it loads pango and fonts

    document = HTML(string=render_html(history), base_url=str(TEMPLATES)).render()
    return document.write_pdf(), len(document.pages)


def render(history: History, fmt: str, stylesheet_href: str | None = None) -> bytes:
    """The history in one of FORMATS, as bytes."""
    if fmt == "pdf":
        return render_pdf(history)
    if fmt == "html":
        return render_html(history, stylesheet_href).encode("utf-8")
    text = {"json": render_json, "html": render_html, "md": render_markdown}.get(fmt)
    if text is None:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return text(history).encode("utf-8")
