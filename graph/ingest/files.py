"""Reading an import folder: one file per kind, `<kind>.jsonl` or `<kind>.csv`.

Rows are read in batches with the byte offset where each batch ends, so an interrupted
import can seek straight back to the first batch it had not committed. CSV values stay
strings (the write layer's validation reads "" as absent, `a;b` as a list, "true" as a
boolean); JSON Lines values keep their JSON types.

The files may be hostile, so reading them never fails as a whole for one bad record: a
line that is not UTF-8, not JSON, longer than MAX_RECORD_BYTES, or a CSV record that the
csv module refuses (a field over CSV_FIELD_MAX, a stray line break) becomes a problem of
that record, and reading goes on with the next one. Memory stays bounded: no line is
read whole past the cap. CSV records are split before they are parsed (a small scanner
that follows the csv module's quoting rules), so one bad record cannot desynchronise the
rest of the file. Symbolic links are never followed: a link in the folder is refused
and reported (`Folder.refused`), and files are opened with O_NOFOLLOW and must be regular
files, so a link swapped in after the listing is refused too.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.records import WRITE_ORDER

FORMATS = ("jsonl", "csv")
MAX_RECORD_BYTES = 1 << 20      # a JSON Lines line, or a CSV record (all its lines)
CSV_FIELD_MAX = 128 * 1024      # characters in one CSV field (the csv module's default)
_LINK_REASON = ("is a symbolic link: not followed and not read; copy the file itself "
                "into the folder")


@dataclass
class Line:
    """One record read from a file: its first line number and the row, or why it failed
    (`field` and `record` say where, when a mapping found the problem in a value)."""

    number: int
    row: dict[str, Any] | None
    problem: str | None = None
    field: str = "line"
    record: str | None = None


@dataclass(frozen=True)
class Unit:
    """One kind read from one file. `name` is the file name, or `file[output]` when a
    mapping makes several kinds of one file; `convert` turns a source record into a row
    of `kind` (None: the record yields no row of it)."""

    kind: str
    path: Path
    name: str
    convert: Callable[[Line], Line | None] | None = None


@dataclass
class Batch:
    start: int                      # byte offset of the batch's first record
    end: int                        # byte offset just after its last record
    lines: list[Line] = field(default_factory=list)
    sha256: str = ""                # hash of the bytes [start, end)


@dataclass
class Folder:
    """An import folder's files by kind (write order), and the entries refused unread."""

    files: dict[str, Path]
    refused: list[tuple[str, str]] = field(default_factory=list)   # (name, reason)


class FolderError(ValueError):
    """The folder cannot be imported (missing, empty, a kind in two formats...)."""


class FileRefused(FolderError):
    """One file cannot be read (a symbolic link, not a regular file, unreadable)."""


def shown(name: str) -> str:
    """A file or folder name for a message: as it is when printable, else its repr."""
    return name if name.isprintable() else repr(name)


def scan_folder(folder: Path) -> Folder:
    """The folder's import files and the symbolic links refused. Unknown files are an
    error; hidden files (the checkpoint) and sub-folders are ignored."""
    if folder.is_symlink():
        raise FolderError(f"{shown(str(folder))} is a symbolic link: not followed; give "
                          "the folder itself")
    if not folder.is_dir():
        raise FolderError(f"{shown(str(folder))} is not a folder")
    found: dict[str, Path] = {}
    refused: list[tuple[str, str]] = []
    unknown: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            refused.append((path.name, _LINK_REASON))
            continue
        if not path.is_file():
            continue
        kind, _, ext = path.name.partition(".")
        if ext not in FORMATS or kind not in WRITE_ORDER:
            unknown.append(shown(path.name))
            continue
        if kind in found:
            raise FolderError(f"{kind} is given twice ({found[kind].name} and {path.name}); "
                              "keep one file per kind")
        found[kind] = path
    if unknown:
        raise FolderError(f"not an import file: {', '.join(unknown)}; files are named "
                          f"<kind>.jsonl or <kind>.csv, kinds: {', '.join(WRITE_ORDER)}")
    if not found:
        links = f" ({len(refused)} symbolic link(s) refused)" if refused else ""
        raise FolderError(f"{shown(str(folder))} holds no import files (<kind>.jsonl or "
                          f"<kind>.csv){links}")
    return Folder({kind: found[kind] for kind in WRITE_ORDER if kind in found}, refused)


def find_files(folder: Path) -> dict[str, Path]:
    """The import files of a folder by kind, in write order (symbolic links left out)."""
    return scan_folder(folder).files


def open_file(path: Path) -> IO[bytes]:
    """Open an import file for reading: never through a symbolic link, regular files only
    (O_NONBLOCK, so a named pipe cannot hang the open)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise FileRefused(f"{shown(path.name)} {_LINK_REASON}") from None
        raise FileRefused(f"{shown(path.name)} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise FileRefused(f"{shown(path.name)} is not a regular file: not read")
    return os.fdopen(handle, "rb")


def count_lines(path: Path) -> int:
    """Non-blank lines, a cheap count for a progress bar (0 when the file is refused)."""
    try:
        with open_file(path) as handle:
            return sum(1 for raw in _physical_lines(handle, 0, 0)
                       if raw.data is None or raw.data.strip())
    except FileRefused:
        return 0


def hash_range(path: Path, start: int, end: int) -> str:
    digest = hashlib.sha256()
    if end <= start:
        return digest.hexdigest()
    with open_file(path) as handle:
        handle.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
    return digest.hexdigest()


def read_batches(path: Path, size: int, offset: int = 0, line: int = 0) -> Iterator[Batch]:
    """Batches of `size` records from byte `offset` (`line` lines were before it)."""
    reader = _jsonl if path.suffix == ".jsonl" else _csv
    batch: Batch | None = None
    for start, end, record in reader(path, offset, line):
        if batch is None:
            batch = Batch(start, end)
        batch.lines.append(record)
        batch.end = end
        if len(batch.lines) >= size:
            batch.sha256 = hash_range(path, batch.start, batch.end)
            yield batch
            batch = None
    if batch is not None:
        batch.sha256 = hash_range(path, batch.start, batch.end)
        yield batch


@dataclass
class _Physical:
    """One physical line: its byte range, its bytes (None when over the cap) and number."""

    start: int
    end: int
    data: bytes | None
    number: int


def _physical_lines(handle: IO[bytes], offset: int, line: int, limit: int = MAX_RECORD_BYTES,
                    on_chunk: Callable[[bytes], None] | None = None) -> Iterator[_Physical]:
    """The file's lines from `offset` (`line` lines were before it), read at most `limit`
    + 1 bytes at a time: a longer line is read to its end but not kept (data None)."""
    start = position = offset
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = handle.readline(limit + 1)
        if not chunk:
            break
        if on_chunk:
            on_chunk(chunk)
        position += len(chunk)
        size += len(chunk)
        if size <= limit:
            parts.append(chunk)
        if chunk.endswith(b"\n"):
            line += 1
            yield _Physical(start, position, b"".join(parts) if size <= limit else None, line)
            start, parts, size = position, [], 0
    if size:
        yield _Physical(start, position, b"".join(parts) if size <= limit else None, line + 1)


def _decode(data: bytes, encoding: str = "utf-8") -> tuple[str | None, str | None]:
    """(text, None), or (None, why it is not UTF-8)."""
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        return None, (f"is not valid UTF-8 (byte {data[exc.start]:#04x} at byte "
                      f"{exc.start + 1}); nothing of it was read")


_TOO_LONG = f"is longer than {MAX_RECORD_BYTES:,} bytes (1 MiB); nothing of it was read"


def _jsonl(path: Path, offset: int, line: int) -> Iterator[tuple[int, int, Line]]:
    with open_file(path) as handle:
        handle.seek(offset)
        for raw in _physical_lines(handle, offset, line):
            if raw.data is None:
                yield raw.start, raw.end, Line(raw.number, None, f"the line {_TOO_LONG}")
                continue
            text, bad = _decode(raw.data, "utf-8-sig" if raw.number == 1 else "utf-8")
            if text is None:
                yield raw.start, raw.end, Line(raw.number, None, f"the line {bad}")
                continue
            if not text.strip():
                continue
            yield raw.start, raw.end, _json_line(raw.number, text)


def _json_line(number: int, text: str) -> Line:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        return Line(number, None, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Line(number, None, "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Line(number, None, f"invalid JSON: {str(exc).split(';')[0]}")
    if not isinstance(row, dict):
        return Line(number, None, "each line must be a JSON object")
    return Line(number, row)


# --- CSV --------------------------------------------------------------------------------
# Where a CSV record ends, following the csv module's default dialect (quote '"', doubled
# inside quotes; a quote opens a quoted field only at the start of a field; after the
# closing quote the rest of the field is literal): a record ends at a line break outside
# quotes. The scanner jumps between quotes and delimiters with bytes.find, and skips a
# line without quotes in one test. Bytes, not text: '"', ',' and '\n' never occur inside
# a UTF-8 multi-byte sequence, so even invalid UTF-8 splits the same way.
_FIELD_START, _IN_FIELD, _IN_QUOTES, _QUOTE_IN_QUOTES = range(4)


def _scan(data: bytes, state: int) -> int:
    if state != _IN_QUOTES and b'"' not in data:
        return state if not data else _FIELD_START if data[-1:] in (b",", b"\n") \
            else _IN_FIELD
    i, n = 0, len(data)
    while i < n:
        if state == _IN_QUOTES:
            j = data.find(b'"', i)
            if j < 0:
                return _IN_QUOTES
            state, i = _QUOTE_IN_QUOTES, j + 1
        elif state == _IN_FIELD:
            ends = [j for j in (data.find(b",", i), data.find(b"\n", i)) if j >= 0]
            if not ends:
                return _IN_FIELD
            state, i = _FIELD_START, min(ends) + 1
        else:  # at a field's start, or just after a quote inside quotes: the same moves
            byte = data[i]
            state = (_IN_QUOTES if byte == 0x22 else _FIELD_START if byte in (0x2C, 0x0A)
                     else _IN_FIELD)
            i += 1
    return state


@dataclass
class _Record:
    start: int
    end: int
    first: int                      # its first line number
    last: int                       # its last line number
    data: bytes | None              # None when over MAX_RECORD_BYTES
    open_quote: bool = False        # the file ended inside quotes


def _csv_records(handle: IO[bytes], offset: int, line: int) -> Iterator[_Record]:
    state = _FIELD_START

    def follow(chunk: bytes) -> None:
        nonlocal state
        state = _scan(chunk, state)

    record: _Record | None = None
    parts: list[bytes] = []
    for raw in _physical_lines(handle, offset, line, on_chunk=follow):
        if record is None:
            record, parts = _Record(raw.start, raw.end, raw.number, raw.number, b""), []
        record.end, record.last = raw.end, raw.number
        if raw.data is None or record.data is None \
                or record.end - record.start > MAX_RECORD_BYTES:
            record.data = None
        else:
            parts.append(raw.data)
        if state != _IN_QUOTES:
            if record.data is not None:
                record.data = b"".join(parts)
            yield record
            record, state = None, _FIELD_START
    if record is not None:          # the file ends inside quotes
        if record.data is not None:
            record.data = b"".join(parts)
        record.open_quote = True
        yield record


def _csv_values(data: bytes) -> tuple[list[str] | None, str | None]:
    """The values of one record, or why it cannot be read."""
    text, bad = _decode(data)
    if text is None:
        return None, bad
    try:
        rows = list(csv.reader(io.StringIO(text, newline="\n")))
    except csv.Error as exc:
        return None, f"cannot be read as CSV: {exc}"
    if len(rows) > 1:
        return None, "cannot be read as CSV: holds more than one record"
    values = rows[0] if rows else []
    if any(len(value) > CSV_FIELD_MAX for value in values):
        return None, f"cannot be read as CSV: a field is longer than {CSV_FIELD_MAX:,}"
    return values, None


def read_csv_header(path: Path) -> tuple[list[str], int, int]:
    """The header's field names, and the byte offset and line number after it."""
    with open_file(path) as handle:
        record = next(_csv_records(handle, 0, 0), None)
    if record is None:
        raise FileRefused(f"{shown(path.name)} is empty: a CSV file starts with a header row")
    if record.data is None:
        raise FileRefused(f"{shown(path.name)}: the header row {_TOO_LONG}")
    if record.data.startswith(b"\xef\xbb\xbf"):
        record.data = record.data[3:]
    values, bad = _csv_values(record.data)
    if values is None:
        raise FileRefused(f"{shown(path.name)}: the header row {bad}")
    names = [name.strip() for name in values]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise FileRefused(f"{shown(path.name)}: the header names {', '.join(twice)} twice")
    return names, record.end, record.last


def _csv(path: Path, offset: int, line: int) -> Iterator[tuple[int, int, Line]]:
    try:
        header, body, body_line = read_csv_header(path)
    except FileRefused as exc:
        if line == 0:               # reported once (a resumed import is past it)
            yield 0, 0, Line(1, None, str(exc))
        return
    if offset < body:
        offset, line = body, body_line
    with open_file(path) as handle:
        handle.seek(offset)
        for record in _csv_records(handle, offset, line):
            if record.open_quote:
                yield record.start, record.end, Line(
                    record.first, None, f"opens a quote that is never closed: lines "
                                        f"{record.first}-{record.last} were read as one "
                                        "record and refused")
                continue
            if record.data is None:
                yield record.start, record.end, Line(record.first, None,
                                                     f"the record {_TOO_LONG}")
                continue
            values, bad = _csv_values(record.data)
            if values is None:
                reason = f"the record {bad}" if bad and bad.startswith("is ") else bad
                yield record.start, record.end, Line(record.first, None, reason)
                continue
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                yield record.start, record.end, Line(
                    record.first, None, f"has {len(values)} values but the header has "
                                        f"{len(header)} columns")
                continue
            yield record.start, record.end, Line(record.first,
                                                 dict(zip(header, values, strict=True)))
