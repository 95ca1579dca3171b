"""Provenance for demo rows: which system a record came from, who recorded it, and when."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from synthetic.city.city import BOROUGHS

# When a record has no event time of its own (a place, a phone), it was recorded then.
BASELINE = datetime(2025, 10, 31, 9, 0, tzinfo=UTC)
_RANKS = ("PC", "PC", "PC", "DC", "DC", "PS", "DS")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Provenance:
    """A deterministic pool of officers (collar number and borough code)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}:officers")
        codes = ["".join(rng.choice("ABCDEFGHJKLMNPRSTWXY") for _ in range(2)) for _ in BOROUGHS]
        self.officers = [f"{rng.choice(_RANKS)} {rng.randint(100, 9999)}{rng.choice(codes)}"
                         for _ in range(500)]

    def officer(self, rng: random.Random) -> str:
        return self.officers[rng.randrange(len(self.officers))]

    def make(self, rng: random.Random, source: str, when: datetime | None) -> dict[str, Any]:
        """Provenance of a record about an event at `when`, recorded hours to days later."""
        recorded = BASELINE if when is None else min(
            BASELINE, when + timedelta(minutes=rng.randint(20, 60 * 24 * 3)))
        return {"source": source, "recorded_by": self.officer(rng), "recorded_at": iso(recorded)}
