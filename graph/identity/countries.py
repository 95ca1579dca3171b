"""Nationalities as people type them -> ISO 3166-1 alpha-2 (what Person.nationalities holds).

"AL", "ALB", "Albania", "albania", "Republic of Albania", "Côte d'Ivoire" / "Cote d'Ivoire"
all name one country. The table is pycountry's (the ISO 3166-1 list, kept up to date by its
maintainers): alpha-2, alpha-3, the short name, the common name and the official name, case
and accents folded. A few names officers use that ISO does not (UK, Great Britain, England,
Scotland, Wales, Northern Ireland, USA, Kosovo) are added by hand in `HOUSE_NAMES`.

`country_code` answers None for what it does not know, so callers can refuse it with a
message instead of storing or matching a code nobody has.
"""

from __future__ import annotations

import re
from functools import cache

from anyascii import anyascii

# Names in everyday use that ISO 3166-1 does not list as names (XK is the code EU and UK
# systems use for Kosovo, which ISO has not assigned).
HOUSE_NAMES = {
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB",
    "usa": "US", "america": "US", "united states of america": "US",
    "kosovo": "XK", "xk": "XK", "xkx": "XK",
    "russia": "RU", "iran": "IR", "syria": "SY", "vietnam": "VN", "south korea": "KR",
    "north korea": "KP", "moldova": "MD", "czech republic": "CZ", "turkey": "TR",
    "ivory coast": "CI", "laos": "LA", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE",
    "palestine": "PS", "vatican": "VA", "macedonia": "MK", "congo": "CG", "dr congo": "CD",
}


def _key(text: str) -> str:
    """Lower case, accents and punctuation folded: "Côte d'Ivoire" -> "cote d ivoire"."""
    return re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).strip()


@cache
def _table() -> dict[str, str]:
    import pycountry  # loaded on first use: its database is a few hundred kB of JSON

    table: dict[str, str] = {}
    for entry in pycountry.countries:
        code = entry.alpha_2
        for name in (entry.alpha_2, entry.alpha_3, entry.name,
                     getattr(entry, "common_name", None), getattr(entry, "official_name", None)):
            if name:
                table.setdefault(_key(name), code)
    for name, code in HOUSE_NAMES.items():
        table.setdefault(_key(name), code)
    return table


def country_code(text: str | None) -> str | None:
    """The alpha-2 code for a code or country name as typed, or None if it is not one."""
    key = _key(text or "")
    return _table().get(key) if key else None


def known_names() -> dict[str, str]:
    """Every folded name and code -> alpha-2 (for the web's generated table)."""
    return dict(_table())
