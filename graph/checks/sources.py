"""The one interface for external sources, and the HTTP call every adapter makes.

An adapter (`Source`) knows one external system: which check kind it answers, the
`against` code stored on the Check, the request it sends and how to read the answer
into an `Outcome`. It never stores anything: the runner does, so every source fails the
same way. A source that cannot be reached, answers 5xx after the last attempt, answers
nonsense or is too slow raises `SourceFailure`; the runner stores that as a "failed"
check with the reason, never as "no_match".

Retries: tenacity's `AsyncRetrying`, on connection errors and 5xx answers only, a bounded
number of attempts with exponential backoff and jitter. A read timeout is not retried:
a source that is slow once is slow again, and the officer is waiting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from graph.db.settings import Settings

CONNECT_TIMEOUT = 2.0
BACKOFF_INITIAL = 0.2
BACKOFF_MAX = 2.0


@dataclass(frozen=True)
class Subject:
    """What the sources are asked about: the person's recorded identity."""

    person_id: str
    given_names: str
    family_name: str
    aliases: tuple[str, ...] = ()
    dates_of_birth: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    pnc_id: str | None = None
    cro_number: str | None = None
    ho_reference: str | None = None
    passports: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    def query(self) -> dict[str, Any]:
        """The search body every records-abroad endpoint accepts."""
        return {"given_names": self.given_names, "family_name": self.family_name,
                "aliases": list(self.aliases), "dates_of_birth": list(self.dates_of_birth),
                "nationalities": list(self.nationalities), "pnc_id": self.pnc_id,
                "cro_number": self.cro_number, "ho_reference": self.ho_reference,
                "passports": list(self.passports)}


@dataclass
class Outcome:
    """A source's answer: result (match, no_match, inconclusive), a sentence for the
    officer, what was matched (stored as JSON text), and records the match implies."""

    result: str
    detail: str
    matched: list[dict[str, Any]] = field(default_factory=list)
    warrants: list[dict[str, Any]] = field(default_factory=list)     # warrant rows
    convictions: list[dict[str, Any]] = field(default_factory=list)  # conviction rows
    attempts: int = 1

    def matched_json(self) -> str | None:
        return json.dumps(self.matched, sort_keys=True) if self.matched else None


class SourceFailure(Exception):
    """The source gave no usable answer; the message says why (shown to the officer)."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


class Source(Protocol):
    kind: str      # CHECK_KINDS
    against: str   # CHECK_SOURCES

    async def check(self, subject: Subject, client: SourceClient) -> Outcome: ...


class _Retryable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SourceClient:
    """The records-abroad service over HTTP: explicit timeouts, bounded retries."""

    def __init__(self, http: httpx.AsyncClient, attempts: int) -> None:
        self.http = http
        self.attempts = max(1, attempts)

    @classmethod
    def timeouts(cls, settings: Settings) -> httpx.Timeout:
        return httpx.Timeout(settings.check_timeout, connect=CONNECT_TIMEOUT)

    async def search(self, path: str, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """POST `body` to `path`; the JSON answer and how many requests it took."""
        tries = 0

        async def once() -> dict[str, Any]:
            nonlocal tries
            tries += 1
            try:
                response = await self.http.post(path, json=body)
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout):
                    raise _Retryable("connection timed out") from exc
                raise SourceFailure(f"no answer within {self.http.timeout.read:g}s "
                                    "(timed out)", tries) from exc
            except httpx.TransportError as exc:
                raise _Retryable(f"could not connect ({type(exc).__name__})") from exc
            if response.status_code >= 500:
                raise _Retryable(f"the source answered HTTP {response.status_code}")
            if response.status_code != 200:
                raise SourceFailure(f"the source refused the request (HTTP "
                                    f"{response.status_code})", tries)
            try:
                answer = response.json()
            except ValueError as exc:
                raise SourceFailure("the source answered with something that is not JSON",
                                    tries) from exc
            if not isinstance(answer, dict):
                raise SourceFailure("the source answered with an unexpected shape", tries)
            return answer

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential_jitter(multiplier=BACKOFF_INITIAL, max=BACKOFF_MAX,
                                         jitter=BACKOFF_INITIAL),
            retry=retry_if_exception(lambda exc: isinstance(exc, _Retryable)),
            reraise=False)
        try:
            answer: dict[str, Any] = await retrying(once)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            reason = last.reason if isinstance(last, _Retryable) else str(last)
            raise SourceFailure(f"{reason}; gave up after {tries} attempt"
                                f"{'s' if tries != 1 else ''}", tries) from exc
        except SourceFailure:
            raise
        return answer, tries


def hits_of(answer: dict[str, Any], tries: int) -> list[dict[str, Any]]:
    """The `hits` list of an answer, or a failure if the answer does not have one."""
    hits = answer.get("hits")
    if not isinstance(hits, list) or not all(isinstance(hit, dict) for hit in hits):
        raise SourceFailure("the source answered without a list of hits", tries)
    return hits


STRONG = 0.85   # identifier, or name with a date of birth that agrees (see synthetic.abroad)


def split_hits(hits: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Strong hits (a match) and weaker ones (a possible match, to confirm)."""
    strong = [hit for hit in hits if float(hit.get("score") or 0) >= STRONG]
    return strong, [hit for hit in hits if hit not in strong]
