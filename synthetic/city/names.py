"""Synthetic names and the spelling variants custody records accumulate.

Name sources are Faker locales (sampled once into pools with a seeded Faker, then drawn
from with the generator's own `random.Random`, so the output depends on the seed alone)
and the curated pools of `synthetic.city.pools`. Cyrillic names are recorded in one Latin
transliteration and keep the other transliteration and the original script as aliases;
Chinese, Vietnamese and Hungarian names also appear with the given and family names
swapped; curated pools contribute their spelling variants (Mohammed / Muhammad).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from anyascii import anyascii
from faker import Faker

from synthetic.city.origins import BRITISH, FOREIGN, Origin
from synthetic.city.pools import EAST_SLAVIC_COGNATES, MONIKERS, POOLS

_POOL_DRAWS = 400

# Two transliterations of Cyrillic: the one on the record (close to BGN/PCGN, and for
# Ukrainian the 2010 national system) and an older passport/German-style one.
_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "з": "z", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "ч": "ch", "ш": "sh", "ь": "", "э": "e", "ы": "y",
}
_CYR_PRIMARY = {
    "cyrillic_ru": _CYR_COMMON | {"г": "g", "ё": "yo", "ж": "zh", "и": "i", "й": "y",
                                  "х": "kh", "ц": "ts", "щ": "shch", "ъ": "", "ю": "yu",
                                  "я": "ya"},
    "cyrillic_uk": _CYR_COMMON | {"г": "h", "ґ": "g", "є": "ye", "ж": "zh", "и": "y",
                                  "і": "i", "ї": "yi", "й": "y", "х": "kh", "ц": "ts",
                                  "щ": "shch", "ю": "yu", "я": "ya", "'": "", "’": ""},
    "cyrillic_bg": _CYR_COMMON | {"г": "g", "ж": "zh", "и": "i", "й": "y", "х": "h",
                                  "ц": "ts", "щ": "sht", "ъ": "a", "ю": "yu", "я": "ya"},
}
_CYR_ALTERNATIVE = {
    "cyrillic_ru": _CYR_COMMON | {"г": "g", "ё": "e", "ж": "j", "и": "i", "й": "i",
                                  "х": "h", "ц": "c", "щ": "sch", "ъ": "", "ю": "iu",
                                  "я": "ia"},
    "cyrillic_uk": _CYR_COMMON | {"г": "g", "ґ": "g", "є": "ie", "ж": "j", "и": "i",
                                  "і": "i", "ї": "i", "й": "i", "х": "h", "ц": "c",
                                  "щ": "sch", "ю": "iu", "я": "ia", "'": "", "’": ""},
    "cyrillic_bg": _CYR_COMMON | {"г": "g", "ж": "j", "и": "i", "й": "i", "х": "kh",
                                  "ц": "c", "щ": "st", "ъ": "u", "ю": "iu", "я": "ia"},
}
_FEMININE_SUFFIXES = (
    ("ський", "ська"), ("ский", "ская"), ("цкий", "цкая"), ("ий", "ая"), ("ов", "ова"),
    ("ев", "ева"), ("ин", "ина"), ("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"),
    ("ý", "á"),
)


def transliterate(text: str, table: dict[str, str]) -> str:
    out = []
    for char in text:
        lower = char.lower()
        latin = table[lower] if lower in table else anyascii(char)
        out.append(latin.capitalize() if char != lower and latin else latin)
    return "".join(out)


def _feminine(family: str) -> str:
    for male, female in _FEMININE_SUFFIXES:
        if family.endswith(male):
            return family[: -len(male)] + female
    return family


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str
    aliases: tuple[str, ...]


class NameMaker:
    """Draws names per origin. Build once per seed; `make` takes the caller's RNG."""

    def __init__(self, seed: int) -> None:
        self._faker: dict[str, dict[str, list[str]]] = {}
        locales = sorted({o.names for o in BRITISH + FOREIGN if not o.names.startswith("@")})
        for number, locale in enumerate(locales):
            fake = Faker(locale)
            fake.seed_instance(seed * 1000 + number)
            self._faker[locale] = {
                "male": _draw(fake.first_name_male),
                "female": _draw(fake.first_name_female),
                "family_male": _draw(fake.last_name_male),
                "family_female": _draw(fake.last_name_female),
            }

    def family_name(self, rng: random.Random, origin: Origin) -> str:
        """A family name to share across a household (in the origin's script)."""
        if origin.names.startswith("@"):
            return rng.choice(POOLS[origin.names]["family"])[0]
        return rng.choice(self._faker[origin.names]["family_male"])

    def make(self, rng: random.Random, origin: Origin, gender: str,
             family: str | None = None, moniker: bool = False) -> PersonName:
        female = gender == "female"
        if origin.names.startswith("@"):
            name = self._curated(rng, origin, female, family)
        else:
            name = self._from_faker(rng, origin, female, family)
        aliases = list(name.aliases)
        if rng.random() < (0.5 if origin.family_first else 0.1):
            aliases.append(f"{name.family} {name.given}")       # transposed on a record
        if rng.random() < 0.04:                                  # a second identity
            other = self.make(rng, origin, gender)
            aliases.append(f"{other.given} {name.family if rng.random() < 0.5 else other.family}")
        if moniker:
            aliases.append(rng.choice(MONIKERS))
        full = f"{name.given} {name.family}"
        unique = list(dict.fromkeys(a for a in aliases if a and a != full))
        return PersonName(name.given, name.family, tuple(unique))

    def _curated(self, rng: random.Random, origin: Origin, female: bool,
                 family: str | None) -> PersonName:
        pool = POOLS[origin.names]
        given_variants = rng.choice(pool["female" if female else "male"])
        family_variants = next((v for v in pool["family"] if family in v),
                               None) if family else rng.choice(pool["family"])
        family_variants = family_variants or (family or "",)
        given = rng.choice(given_variants)
        surname = family_variants[0] if family else rng.choice(family_variants)
        aliases = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            aliases.append(f"{rng.choice(given_variants)} {rng.choice(family_variants)}")
        return PersonName(given, surname, tuple(aliases))

    def _from_faker(self, rng: random.Random, origin: Origin, female: bool,
                    family: str | None) -> PersonName:
        pools = self._faker[origin.names]
        given = rng.choice(pools["female" if female else "male"])
        if family is not None:
            surname = _feminine(family) if female else family
        else:
            surname = rng.choice(pools["family_female" if female else "family_male"])
        aliases: list[str] = []
        if origin.script in _CYR_PRIMARY:
            return self._cyrillic(rng, origin, female, given, surname)
        if origin.script in ("han", "greek"):
            # Recorded in Latin letters; the original script is kept as an alias.
            latin_given, latin_family = _latin(given), _latin(surname)
            original = f"{surname}{given}" if origin.script == "han" else f"{given} {surname}"
            return PersonName(latin_given, latin_family, (original,))
        plain_given, plain_family = anyascii(given), anyascii(surname)
        if (plain_given, plain_family) != (given, surname) and rng.random() < 0.6:
            # Diacritics are often lost on a record; the accented form survives as an alias.
            aliases.append(f"{given} {surname}")
            given, surname = plain_given, plain_family
        elif (plain_given, plain_family) != (given, surname):
            aliases.append(f"{plain_given} {plain_family}")
        return PersonName(given, surname, tuple(aliases))

    def _cyrillic(self, rng: random.Random, origin: Origin, female: bool, given: str,
                  surname: str) -> PersonName:
        primary, alternative = _CYR_PRIMARY[origin.script], _CYR_ALTERNATIVE[origin.script]
        latin_family = transliterate(surname, primary)
        other_family = transliterate(surname, alternative)
        if not female and origin.script != "cyrillic_bg" and rng.random() < 0.3:
            # Russian and Ukrainian forms of one name (Aleksandr / Oleksandr).
            cognates = rng.choice(EAST_SLAVIC_COGNATES)
            latin_given = cognates[1] if origin.script == "cyrillic_uk" else cognates[0]
            aliases = [f"{form} {rng.choice((latin_family, other_family))}"
                       for form in cognates if form != latin_given and rng.random() < 0.6]
            return PersonName(latin_given, latin_family, tuple(aliases))
        latin_given = transliterate(given, primary)
        aliases = [f"{transliterate(given, alternative)} {other_family}"]
        if rng.random() < 0.5:
            aliases.append(f"{given} {surname}")
        return PersonName(latin_given, latin_family, tuple(aliases))


def _latin(text: str) -> str:
    return " ".join(part.capitalize() for part in anyascii(text).split()) or text


def _draw(source: Callable[[], str]) -> list[str]:
    """A pool of distinct names in the order the seeded Faker produced them."""
    return list(dict.fromkeys(source() for _ in range(_POOL_DRAWS)))
