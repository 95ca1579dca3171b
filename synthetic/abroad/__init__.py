"""The synthetic records-abroad service (SIS II, Interpol, ECRIS, HO CID, IDENT1) and its
deterministic data set: what the check connectors talk to, here and in the tests."""
