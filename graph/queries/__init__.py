"""Named, parameterised read queries of the graph layer."""
