"""The harm assessment: recency, frequency and gravity, with every term shown.

Only convictions (Part A) are scored: an arrest, a charge or a piece of intelligence is
not a finding, so it never moves the score; the document lists them beside the score
as "not scored". Gravity is the Cambridge Crime Harm Index weight (`chi_days`) of each
offence, from the one offence table, `graph.offences`. The formula and its parameters are
`graph.analytics.harm`'s (one implementation); this module lays out its working term by
term for the document.

    term(c)   = gravity(c) x 0.5 ^ (age(c) / HALF_LIFE_YEARS)
    gravity(c)= sum of chi_days over the conviction's offences
    age(c)    = years from the conviction date to the as-at date
    frequency = FREQUENCY_DAYS x (convictions in the FREQUENCY_WINDOW_YEARS before as-at)
    score     = sum of term(c) + frequency                    (in CHI days)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.analytics.harm import (
    FREQUENCY_DAYS,
    FREQUENCY_WINDOW_YEARS,
    HALF_LIFE_YEARS,
    age_years,
    gravity,
    in_frequency_window,
    offence_weight,
    recency_weight,
)

# Indicative bands (CHI days): a fine-level record, a custody-level record, serious harm.
BANDS: tuple[tuple[float, str], ...] = ((30.0, "low"), (365.0, "moderate"),
                                        (1460.0, "high"), (float("inf"), "very high"))

FORMULA = (
    f"score = Σ over convictions of [gravity × 0.5^(age / {HALF_LIFE_YEARS:g} years)] "
    f"+ {FREQUENCY_DAYS:g} days × (convictions in the {FREQUENCY_WINDOW_YEARS:g} years before "
    "the as-at date); gravity = sum of the Cambridge Crime Harm Index weights (chi_days) of "
    "the conviction's offences; age = years from conviction to the as-at date. Only "
    "convictions are scored."
)


@dataclass(frozen=True)
class Term:
    conviction_id: str
    convicted_on: str
    offences: list[tuple[str, float]]  # (code, chi_days)
    gravity: float
    age_years: float
    recency_weight: float
    term: float
    recent: bool


def terms(convictions: list[dict[str, Any]], as_of: date) -> list[Term]:
    """One term per conviction (dicts with id, convicted_on: date, offences)."""
    found = []
    for conviction in convictions:
        on: date = conviction["convicted_on"]
        offences = sorted(conviction["offences"], key=lambda o: o["id"])
        weights = [(o["id"], offence_weight(o["id"], o.get("chi_days"))) for o in offences]
        total = gravity(offences)
        age = age_years(on, as_of)
        recency = recency_weight(age)
        found.append(Term(conviction["id"], on.isoformat(), weights, round(total, 2),
                          round(age, 2), round(recency, 4), round(total * recency, 2),
                          in_frequency_window(age)))
    return found


def band(score: float) -> str:
    return next(name for limit, name in BANDS if score < limit)


def assessment(convictions: list[dict[str, Any]], as_of: date,
               not_scored: dict[str, int]) -> dict[str, Any]:
    """The whole working as a JSON dict: parameters, terms, totals, band, not scored."""
    found = terms(convictions, as_of)
    weighted = round(sum(t.term for t in found), 2)
    recent = sum(1 for t in found if t.recent)
    frequency = round(recent * FREQUENCY_DAYS, 2)
    score = round(weighted + frequency, 2)
    return {
        "formula": FORMULA,
        "parameters": {"half_life_years": HALF_LIFE_YEARS,
                       "frequency_window_years": FREQUENCY_WINDOW_YEARS,
                       "frequency_days_per_conviction": FREQUENCY_DAYS,
                       "weights": "graph/offences.py (Cambridge Crime Harm Index method)"},
        "terms": [{"conviction_id": t.conviction_id, "convicted_on": t.convicted_on,
                   "offences": [{"code": c, "chi_days": w} for c, w in t.offences],
                   "gravity": t.gravity, "age_years": t.age_years,
                   "recency_weight": t.recency_weight, "term": t.term,
                   "in_frequency_window": t.recent} for t in found],
        "gravity_total": round(sum(t.gravity for t in found), 2),
        "recency_weighted_gravity": weighted,
        "convictions": len(found),
        "recent_convictions": recent,
        "frequency_term": frequency,
        "score": score,
        "band": band(score),
        "bands": [[name, None if limit == float("inf") else limit] for limit, name in BANDS],
        "not_scored": not_scored,
    }
