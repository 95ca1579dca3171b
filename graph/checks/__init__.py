"""Checks abroad through connectors: the source interface, one adapter per source, the
runner that asks them concurrently and the store that records each answer as a Check."""
