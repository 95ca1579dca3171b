"""A deterministic synthetic London for demos, tests and benchmarks (no real person's data).

    DemoData(persons, seed)            # plans from the seed; rows streamed per kind
    load_demo(driver, database, data)  # batched UNWIND + MERGE through graph.records
    graph_has_persons(driver, database)
"""

from synthetic.city.generator import DemoData
from synthetic.city.loader import LoadResult, graph_has_persons, load_demo

__all__ = ["DemoData", "LoadResult", "graph_has_persons", "load_demo"]
