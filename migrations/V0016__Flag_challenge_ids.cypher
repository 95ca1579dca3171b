// Challenges to a flag (graph/records/challenges.py, docs/flags.md): MERGE on the id.
CREATE CONSTRAINT flag_challenge_id IF NOT EXISTS FOR (n:FlagChallenge) REQUIRE n.id IS UNIQUE;
