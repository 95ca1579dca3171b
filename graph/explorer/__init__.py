"""The explorer's reads: named, parameterised queries behind search, the person view,
records and the association network."""
