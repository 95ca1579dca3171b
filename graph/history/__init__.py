"""Intelligence histories: one document per person, generated from graph queries as at a
date, every line cited, proven and unproven material kept in separate parts.

    build_history(driver, database, person_id, as_of=..., purpose=..., generated_by=...)
    save_version(driver, database, history) / list_versions / load_version
    version_page(driver, database, person_id, clearance=..., first=..., skip=...)
    compare_versions(driver, database, person_id, v1, v2, clearance=...)
    compare_with_current(driver, database, person_id, version, as_of=..., ...)
    render_json / render_html / render_markdown / render_pdf (graph.history.render)
    generate(...)   # build, optionally save, in one call (what the CLI and API use)
"""

from graph.history.build import build_history, require_purpose
from graph.history.compare import compare, compare_versions, compare_with_current
from graph.history.model import MARKING, History, content_hash
from graph.history.service import generate
from graph.history.versions import list_versions, load_version, save_version, version_page

__all__ = [
    "MARKING", "History", "build_history", "compare", "compare_versions",
    "compare_with_current", "content_hash", "generate", "list_versions", "load_version",
    "require_purpose", "save_version", "version_page",
]
