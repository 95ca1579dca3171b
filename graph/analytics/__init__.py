"""Analytics over the whole graph: RFG harm scores (`harm`), network measures, Leiden
communities, co-offending groups and people at risk (`network`), cached on Person nodes
(`store`) by one run (`run`). See docs/analytics.md."""

from graph.analytics.harm import HarmScore, high_harm, rfg
from graph.analytics.network import NetworkScores
from graph.analytics.run import RunReport, run_all

__all__ = ["HarmScore", "NetworkScores", "RunReport", "high_harm", "rfg", "run_all"]
