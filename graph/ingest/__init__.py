"""Importing users' own records: a folder with one file per kind (docs/import.md).

    import_folder(driver, database, folder, dry_run=False, restart=False) -> ImportReport
    export_rows(folder, {kind: rows})   # write rows in the import format (JSONL or CSV)
"""

from graph.ingest.export import export_rows
from graph.ingest.files import FolderError, find_files
from graph.ingest.importer import ImportReport, Problem, count_records, import_folder
from graph.ingest.state import STATE_FILE, StateError

__all__ = ["STATE_FILE", "FolderError", "ImportReport", "Problem", "StateError",
           "count_records", "export_rows", "find_files", "import_folder"]
