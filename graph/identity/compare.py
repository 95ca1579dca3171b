"""One scorer for custody matching, screening and duplicate detection.

`compare(claimed, recorded)` compares two identities field by field and sums Fellegi–Sunter
match weights: each field falls into one comparison level (exact, variant, close, differs,
missing) and the level contributes log2(m / u), where m is the chance of that level when
both identities are one person and u the chance when they are two people picked at random.
The sum plus the prior log-odds (one person among ~100,000) gives the match probability.
This is the model splink fits; here m and u are set by hand (see `_LEVELS` and
docs/custody.md) instead of trained by EM, because custody matching compares one claim
with a handful of blocked candidates and must explain every field.

Names are compared after transliteration to ASCII (anyascii, via `graph.names.tokens`),
with Jaro-Winkler and token-set similarity (rapidfuzz) and Metaphone keys
(`graph.names.phonetic_key`); every name form of a side (the name, each multi-word alias)
is tried in both orders, so swapped given/family names and aliases are found. A street
name recorded as an alias ("Lil T", "Big Man": `is_moniker`) is a name form too, but one
that unrelated people share: its agreement counts for `MONIKER_BITS` in all, not as a
given and a family name that agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from graph import names
from graph.identity.countries import country_code

# Screening compares the same names many times: cache tokenising and phonetic keys.
tokens = lru_cache(maxsize=65536)(names.tokens)
phonetic_key = lru_cache(maxsize=65536)(names.phonetic_key)

# (m, u) per field and level. Missing contributes 0 (no evidence either way).
_LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "family_name": {"exact": (0.85, 0.002), "variant": (0.10, 0.004),
                    "close": (0.03, 0.03), "differs": (0.02, 0.964)},
    "given_names": {"exact": (0.80, 0.005), "variant": (0.14, 0.01),
                    "close": (0.04, 0.05), "differs": (0.01, 0.935)},
    # Date levels are finer than outcomes; `_DOB_OUTCOME` maps them.
    "date_of_birth": {"exact": (0.85, 0.00005), "transposed": (0.02, 0.0001),
                      "year_1": (0.03, 0.0001), "year_2": (0.005, 0.0001),
                      "day_typo": (0.02, 0.0014), "month_typo": (0.01, 0.0014),
                      "year_month": (0.03, 0.0014), "year_only": (0.05, 0.017),
                      "same_year": (0.01, 0.016), "differs": (0.01, 0.98)},
    "nationality": {"exact": (0.92, 0.3), "differs": (0.08, 0.7)},
    # Identifiers are unique per person: u is the chance of a clerical collision.
    "passport": {"exact": (0.95, 1e-8), "differs": (0.3, 1.0)},
    "pnc_id": {"exact": (0.99, 1e-9), "differs": (0.01, 1.0)},
    "cro_number": {"exact": (0.99, 1e-9), "differs": (0.01, 1.0)},
    "ho_reference": {"exact": (0.98, 1e-9), "differs": (0.02, 1.0)},
    # A tenprint identification outweighs any name or date the person gives, both ways:
    # prints that identify another record mean this claim borrows an identity.
    "fingerprint": {"exact": (0.999, 1e-13), "differs": (1e-6, 1.0)},
}
_DOB_OUTCOME = {"exact": "exact", "transposed": "variant", "year_1": "variant",
                "year_2": "close", "day_typo": "close", "month_typo": "close",
                "year_month": "close", "year_only": "close", "same_year": "close",
                "differs": "differs"}
PRIOR_LOG2_ODDS = math.log2(1 / 100_000)
# Both names agreeing in the other order: half as likely as in the right order for a match.
SWAP_PENALTY = 1.0
STRONG, POSSIBLE = 0.9, 0.5
# A shared street name (moniker alias): m, the chance two records of one person both carry
# it; u, the chance two people do (in a gang area many carry the same few monikers).
MONIKER_M_U = (0.5, 0.02)
MONIKER_WORDS = frozenset({"lil", "little", "big", "baby", "tiny", "mad", "yung"})


def weight(field_name: str, level: str) -> float:
    m, u = _LEVELS[field_name][level]
    return math.log2(m / u)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if v is not None and str(v).strip())


@dataclass(frozen=True)
class Identity:
    """What is claimed or recorded about a person. Lists may be passed as any iterable."""

    given_names: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    dates_of_birth: tuple[str, ...] = ()      # partial ISO: YYYY, YYYY-MM, YYYY-MM-DD
    nationalities: tuple[str, ...] = ()       # ISO 3166-1 alpha-2 (alpha-3 accepted)
    passports: tuple[str, ...] = ()           # "CC:NUMBER" or just the number
    pnc_id: str | None = None
    cro_number: str | None = None
    ho_reference: str | None = None
    fingerprint_ref: str | None = None        # PNC ID or CRO number returned by IDENT1

    def __post_init__(self) -> None:
        for name in ("aliases", "dates_of_birth", "nationalities", "passports"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        object.__setattr__(self, "given_names", (self.given_names or "").strip())
        object.__setattr__(self, "family_name", (self.family_name or "").strip())


def identity_of(record: dict[str, Any]) -> Identity:
    """The Identity of a Person node's properties (as returned by `p { .* }`)."""
    return Identity(
        given_names=record.get("given_names") or "",
        family_name=record.get("family_name") or "",
        aliases=record.get("aliases") or (),
        dates_of_birth=record.get("dates_of_birth") or (),
        nationalities=record.get("nationalities") or (),
        passports=record.get("passports") or (),
        pnc_id=record.get("pnc_id"), cro_number=record.get("cro_number"),
        ho_reference=record.get("ho_reference"),
    )


@dataclass(frozen=True)
class FieldComparison:
    field: str
    outcome: str                # exact | variant | close | differs | missing
    claimed: str | None
    recorded: str | None
    similarity: float | None
    weight: float
    explanation: str


@dataclass(frozen=True)
class Comparison:
    score: float                # match probability 0..1
    band: str                   # strong | possible | weak
    fields: list[FieldComparison] = field(default_factory=list)
    log2_odds: float = 0.0


def band_of(score: float) -> str:
    return "strong" if score >= STRONG else "possible" if score >= POSSIBLE else "weak"


# --- names -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _NameForm:
    given: str
    family: str
    label: str                  # how the recorded side shows it
    moniker: bool = False       # an alias shaped as a street name, not a legal name


def is_moniker(alias: str) -> bool:
    """A two-word alias shaped as a street name: "Lil T", "Big Man", "J Smith" (an initial
    is no given name either). Two words that could be a person's names are not."""
    words = tokens(alias)
    return len(words) == 2 and (words[0] in MONIKER_WORDS or min(map(len, words)) == 1)


def _forms(identity: Identity) -> list[_NameForm]:
    forms = [_NameForm(identity.given_names, identity.family_name,
                       f"{identity.given_names} {identity.family_name}".strip())]
    for alias in identity.aliases:
        words = alias.split()
        if len(words) >= 2:
            forms.append(_NameForm(" ".join(words[:-1]), words[-1], f"alias '{alias}'",
                                   is_moniker(alias)))
    return forms


def _moniker_share() -> float:
    """The part of a name agreement a moniker keeps: both parts exact sum to MONIKER_BITS."""
    m, u = MONIKER_M_U
    return math.log2(m / u) / (weight("family_name", "exact") + weight("given_names", "exact"))


# Romanisations of one sound (German, French, English, passport styles), longest first.
_TRANSLIT_FOLDS = (("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"),
                   ("dj", "j"), ("kh", "h"), ("ks", "x"), ("ph", "f"), ("ou", "u"),
                   ("w", "v"), ("y", "i"), ("ck", "k"), ("q", "k"), ("ee", "i"), ("oo", "u"))
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """A token with transliteration alternatives folded and doubled letters collapsed."""
    for old, new in _TRANSLIT_FOLDS:
        token = token.replace(old, new)
    return _DOUBLES.sub(r"\1", token)


@lru_cache(maxsize=65536)
def _name_level(claimed: str, recorded: str) -> tuple[str, float | None, str]:
    """Level, similarity and explanation for one name part (given or family). Remembered:
    a batch meets the same pair of names again and again (common family names)."""
    ct, rt = tokens(claimed), tokens(recorded)
    if not ct or not rt:
        return "missing", None, "not known on both sides"
    if ct == rt:
        if claimed.casefold() == recorded.casefold():
            return "exact", 1.0, "same"
        return "exact", 1.0, "same after transliteration"
    a, b = " ".join(ct), " ".join(rt)
    jw = JaroWinkler.similarity(a, b)
    similarity = round(max(jw, token_set_ratio(a, b) / 100), 3)
    if sorted(ct) == sorted(rt):
        return "variant", similarity, "same names in another order"
    if "".join(ct) == "".join(rt):
        return "variant", similarity, "written together / apart"
    if [phonetic_key(t) for t in ct] == [phonetic_key(t) for t in rt]:
        return "variant", similarity, f"same phonetic key (Jaro-Winkler {jw:.2f})"
    if jw >= 0.92:
        return "variant", similarity, f"spelling variant (Jaro-Winkler {jw:.2f})"
    folded = JaroWinkler.similarity(" ".join(map(skeleton, ct)), " ".join(map(skeleton, rt)))
    if folded >= 0.92:
        return "variant", similarity, f"transliteration variant (Jaro-Winkler {jw:.2f})"
    shorter, longer = (ct, rt) if len(ct) <= len(rt) else (rt, ct)
    if set(shorter) <= set(longer):
        return "variant", similarity, "a name missing on one side"
    if all(max(JaroWinkler.similarity(t, o) for o in longer) >= 0.9 or
           phonetic_key(t) in {phonetic_key(o) for o in longer} for t in shorter):
        return "close", similarity, "spelling variants of some names"
    if jw >= 0.85 or similarity >= 0.85:
        return "close", similarity, f"similar (Jaro-Winkler {jw:.2f})"
    return "differs", similarity, f"differs (Jaro-Winkler {jw:.2f})"


def _name_fields(claimed: Identity, recorded: Identity) -> list[FieldComparison]:
    best: tuple[float, list[FieldComparison]] | None = None
    for cf in _forms(claimed):
        for rf in _forms(recorded):
            for swapped in (False, True):
                given, family = (rf.family, rf.given) if swapped else (rf.given, rf.family)
                fields = []
                for name, c, r in (("family_name", cf.family, family),
                                   ("given_names", cf.given, given)):
                    level, sim, why = _name_level(c, r)
                    w = 0.0 if level == "missing" else weight(name, level)
                    if swapped and level != "missing":
                        why = f"given and family names swapped; {why}"
                        w -= SWAP_PENALTY
                        level = "variant" if level == "exact" else level
                    if rf.label.startswith("alias") and level != "missing":
                        why = f"{why} ({rf.label})"
                    if (cf.moniker or rf.moniker) and w > 0:
                        w *= MONIKER_SHARE
                        why = f"{why}; a street name others share too: weak evidence"
                    fields.append(FieldComparison(name, level, c or None, r or None, sim,
                                                  round(w, 2), why))
                total = sum(f.weight for f in fields)
                if best is None or total > best[0]:
                    best = (total, fields)
    assert best is not None
    return best[1]


MONIKER_SHARE = _moniker_share()


# --- dates -------------------------------------------------------------------------------

def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    bits = value.strip()[:10].split("-")
    try:
        numbers = [int(b) for b in bits if b]
    except ValueError:
        return None
    if not numbers:
        return None
    padded: list[int | None] = [*numbers, None, None]   # the missing month and day
    return numbers[0], padded[1], padded[2]


def _date_level(claimed: str, recorded: str) -> tuple[str, str]:
    c, r = _parts(claimed), _parts(recorded)
    if c is None or r is None:
        return "differs", "not a date"
    (cy, cm, cd), (ry, rm, rd) = c, r
    if None in (cm, cd, rm, rd):
        if cy != ry:
            return "differs", f"year differs by {abs(cy - ry)}"
        if cm is not None and rm is not None and cm == rm:
            return "year_month", "year and month agree (day not known on one side)"
        if cm is not None and rm is not None:
            return "same_year", "same year, month differs (day not known on one side)"
        return "year_only", "year only"
    if c == r:
        return "exact", "same"
    if cy == ry and cm == rd and cd == rm:
        return "transposed", "day and month transposed"
    if (cm, cd) == (rm, rd) and abs(cy - ry) <= 2:
        return f"year_{abs(cy - ry)}", f"year differs by {abs(cy - ry)}"
    if cy == ry and cm == rm:
        return "day_typo", "day differs"
    if cy == ry and cd == rd:
        return "month_typo", "month differs"
    if cy == ry:
        return "same_year", "same year, day and month differ"
    return "differs", f"differs (years {cy} and {ry})"


def _date_field(claimed: Identity, recorded: Identity) -> FieldComparison:
    if not claimed.dates_of_birth or not recorded.dates_of_birth:
        return FieldComparison("date_of_birth", "missing", _first(claimed.dates_of_birth),
                               _first(recorded.dates_of_birth), None, 0.0,
                               "not known on both sides")
    best: tuple[float, str, str, str, str] | None = None
    for c in claimed.dates_of_birth:
        for r in recorded.dates_of_birth:
            level, why = _date_level(c, r)
            w = weight("date_of_birth", level)
            if best is None or w > best[0]:
                best = (w, level, c, r, why)
    assert best is not None    # both sides have a date: the loops ran
    w, level, c, r, why = best
    sim = {"exact": 1.0, "variant": 0.9, "close": 0.6, "differs": 0.0}[_DOB_OUTCOME[level]]
    return FieldComparison("date_of_birth", _DOB_OUTCOME[level], c, r, sim, round(w, 2), why)


# --- codes and identifiers ---------------------------------------------------------------

def country(code: str) -> str:
    """Upper-case alpha-2 country code: alpha-3 codes and country names ("Albania") are
    mapped to alpha-2 (graph/identity/countries.py); anything else upper-cased as given."""
    return country_code(code) or code.strip().upper()


def passport_number(value: str) -> str:
    number = value.split(":", 1)[-1]
    return "".join(ch for ch in number.upper() if ch.isalnum())


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None


def _set_field(name: str, claimed: tuple[str, ...], recorded: tuple[str, ...],
               norm: Any, label: str) -> FieldComparison:
    if not claimed or not recorded:
        return FieldComparison(name, "missing", _first(claimed), _first(recorded), None, 0.0,
                               "not known on both sides")
    shared = [c for c in claimed if norm(c) in {norm(r) for r in recorded}]
    if shared:
        match = next(r for r in recorded if norm(r) == norm(shared[0]))
        return FieldComparison(name, "exact", shared[0], match, 1.0,
                               round(weight(name, "exact"), 2), f"same {label}")
    return FieldComparison(name, "differs", claimed[0], ", ".join(recorded), 0.0,
                           round(weight(name, "differs"), 2), f"different {label}")


def _fingerprint(claimed: Identity, recorded: Identity) -> FieldComparison | None:
    ref = (claimed.fingerprint_ref or "").strip().upper()
    if not ref:
        return None
    ids = [i for i in (recorded.pnc_id, recorded.cro_number) if i]
    if not ids:
        return FieldComparison("fingerprint", "missing", ref, None, None, 0.0,
                               "no PNC ID or CRO number on record")
    if ref in {i.upper() for i in ids}:
        hit = next(i for i in ids if i.upper() == ref)
        return FieldComparison("fingerprint", "exact", ref, hit, 1.0,
                               round(weight("fingerprint", "exact"), 2),
                               "fingerprints identify this record")
    return FieldComparison("fingerprint", "differs", ref, ", ".join(ids), 0.0,
                           round(weight("fingerprint", "differs"), 2),
                           "fingerprints identify a different record")


def compare(claimed: Identity, recorded: Identity) -> Comparison:
    """Compare a claimed identity with a recorded one; explained, field by field."""
    fields = _name_fields(claimed, recorded)
    fields.append(_date_field(claimed, recorded))
    fields.append(_set_field("nationality", claimed.nationalities, recorded.nationalities,
                             country, "nationality"))
    fields.append(_set_field("passport", claimed.passports, recorded.passports,
                             passport_number, "passport number"))
    for name, label in (("pnc_id", "PNC ID"), ("cro_number", "CRO number"),
                        ("ho_reference", "Home Office reference")):
        c, r = getattr(claimed, name), getattr(recorded, name)
        if c or r:
            fields.append(_set_field(name, _tuple(c), _tuple(r),
                                     lambda v: v.strip().upper(), label))
    finger = _fingerprint(claimed, recorded)
    if finger is not None:
        fields.append(finger)
    log2_odds = PRIOR_LOG2_ODDS + sum(f.weight for f in fields)
    score = round(1.0 / (1.0 + 2.0 ** -max(min(log2_odds, 60.0), -60.0)), 4)
    return Comparison(score, band_of(score), fields, round(log2_odds, 2))
