"""Saved investigations: an explorer canvas kept by name (`store`: save, share, delete,
list), checked before it is written (`canvas`), and opened again as each reader may see
it, with what changed since it was saved (`opening`). Design note: docs/investigations.md."""
