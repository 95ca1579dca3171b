"""Nationalities as typed -> ISO 3166-1 alpha-2 (graph/identity/countries.py, pycountry),
in the scorer and the screening CSV; and the web's generated table says the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.identity.compare import country
from graph.identity.countries import country_code, known_names
from graph.identity.screening import RowError, ScreenRow, parse_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("typed", "code"), [
    ("AL", "AL"), ("al", "AL"), ("ALB", "AL"), ("Albania", "AL"), (" albania ", "AL"),
    ("Republic of Albania", "AL"), ("Poland", "PL"), ("POL", "PL"), ("Côte d'Ivoire", "CI"),
    ("Cote d'Ivoire", "CI"), ("United Kingdom", "GB"), ("UK", "GB"), ("England", "GB"),
    ("Viet Nam", "VN"), ("Vietnam", "VN"), ("Türkiye", "TR"), ("Turkey", "TR"),
    ("Kosovo", "XK"), ("Syria", "SY"), ("Syrian Arab Republic", "SY"),
])
def test_codes_and_names_give_alpha_2(typed: str, code: str) -> None:
    assert country_code(typed) == code
    assert country(typed) == code


@pytest.mark.parametrize("typed", ["Narnia", "XX", "", "   ", "Albanian"])
def test_what_is_not_a_country_is_none(typed: str) -> None:
    assert country_code(typed) is None


def test_the_screening_csv_takes_country_names_and_refuses_others() -> None:
    rows = list(parse_csv("family_name,given_names,nationality\nMarkaj,Sokol,Albania\n"
                          "Nowak,Jan,Narnia\nCole,Liam,GBR\n"))
    assert isinstance(rows[0], ScreenRow) and rows[0].claim.nationalities == ("AL",)
    assert isinstance(rows[1], RowError) and rows[1].line == 3
    assert "'Narnia' is not a country name or ISO code" in rows[1].message
    assert isinstance(rows[2], ScreenRow) and rows[2].claim.nationalities == ("GB",)


def test_the_web_table_is_the_generated_one() -> None:
    """web/src/features/custody/countries.js is scripts/gen_countries_js.py's output for
    the installed pycountry: regenerate it when this fails."""
    source = (ROOT / "web/src/features/custody/countries.js").read_text(encoding="utf-8")
    body = source.split("export const COUNTRIES = Object.freeze(", 1)[1].split(");\n", 1)[0]
    table = json.loads(re.sub(r",\n}$", "\n}", body))
    assert table == known_names()
    assert table["albania"] == "AL" and len(table) > 700
