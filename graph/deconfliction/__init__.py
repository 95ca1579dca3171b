"""Deconfliction: who else consulted or watches a person (`consultations`), and sensitive
operations that replace that list by whom to contact and alert their owner (`sensitive`).
Design note: docs/deconfliction.md."""
