"""Who is this person: matching claimed identities against the graph, batch screening,
duplicate detection and "same as" decisions. `compare` is the one scorer all of them use."""
