"""The checkpoint of an import in progress: `.nexus-import-state.json` in the import folder.

After each committed batch the importer records, per file, the batch's byte range, its
line range and the SHA-256 of its bytes, plus the row problems found so far. A rerun
after a crash verifies those hashes (the file must not have changed under it), seeks past
the committed batches and carries on; the batch that was in flight when the process died
is simply written again, which MERGE on ids makes harmless. The file is written
atomically (temporary file, fsync, rename) and removed when the import completes, so
importing a folder again later re-imports it in full (and changes nothing).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.ingest.files import hash_range

STATE_FILE = ".nexus-import-state.json"
_VERSION = 1


class StateError(ValueError):
    """The checkpoint does not match the folder any more."""


@dataclass
class FileProgress:
    offset: int = 0                 # bytes committed
    line: int = 0                   # lines committed
    done: bool = False
    batches: list[dict[str, Any]] = field(default_factory=list)   # start, end, lines, sha256
    file: str = ""                  # the file read, when the entry is `file[output]`


@dataclass
class ImportState:
    path: Path
    files: dict[str, FileProgress] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    resumed: bool = False
    mapping: str | None = None      # SHA-256 of the mapping file, for a mapped import

    @classmethod
    def open(cls, folder: Path, *, restart: bool = False,
             mapping: str | None = None) -> ImportState:
        path = folder / STATE_FILE
        if path.is_symlink():       # never read or written through
            if not restart:
                raise StateError(f"{path} is a symbolic link: not followed; remove it or "
                                 "rerun with --restart")
            path.unlink()
        if restart or not path.exists():
            return cls(path, mapping=mapping)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StateError(f"{path} is unreadable ({exc}); rerun with --restart") from exc
        if data.get("version") != _VERSION:
            raise StateError(f"{path} was written by another version; rerun with --restart")
        if data.get("mapping") != mapping:
            raise StateError(f"{path} is of an interrupted import with "
                             + ("another mapping" if mapping and data.get("mapping")
                                else "a mapping" if data.get("mapping") else "no mapping")
                             + "; rerun with the same mapping, or with --restart")
        files = {name: FileProgress(**progress) for name, progress in data["files"].items()}
        state = cls(path, files, data.get("problems", []), resumed=True, mapping=mapping)
        state.verify(folder)
        return state

    def verify(self, folder: Path) -> None:
        """Every committed batch must still be byte-for-byte what was imported."""
        for name, progress in self.files.items():
            file = folder / (progress.file or name)
            if not file.exists():
                raise StateError(f"{name} was part of the interrupted import but is gone; "
                                 "rerun with --restart")
            for batch in progress.batches:
                if hash_range(file, batch["start"], batch["end"]) != batch["sha256"]:
                    raise StateError(f"{name} changed since the interrupted import "
                                     f"(lines {batch['first_line']}-{batch['last_line']}); "
                                     "rerun with --restart")

    def progress(self, name: str, file: str = "") -> FileProgress:
        return self.files.setdefault(name, FileProgress(file="" if file == name else file))

    def commit_batch(self, name: str, start: int, end: int, first_line: int, last_line: int,
                     sha256: str, problems: list[dict[str, Any]]) -> None:
        progress = self.progress(name)
        progress.batches.append({"start": start, "end": end, "first_line": first_line,
                                 "last_line": last_line, "sha256": sha256})
        progress.offset, progress.line = end, last_line
        self.problems.extend(problems)
        self.save()

    def finish_file(self, name: str) -> None:
        self.progress(name).done = True
        self.save()

    def save(self) -> None:
        data = {"version": _VERSION,
                "files": {name: asdict(progress) for name, progress in self.files.items()},
                "problems": self.problems, "mapping": self.mapping}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".nexus-import-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
