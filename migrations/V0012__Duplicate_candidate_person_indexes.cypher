// A person's stored duplicate pairs (graph/identity/duplicates_live.py looks them up when
// a person is recorded): by either side of the pair, without scanning every candidate.
CREATE RANGE INDEX duplicate_candidate_a IF NOT EXISTS FOR (c:DuplicateCandidate) ON (c.a_id);
CREATE RANGE INDEX duplicate_candidate_b IF NOT EXISTS FOR (c:DuplicateCandidate) ON (c.b_id);
