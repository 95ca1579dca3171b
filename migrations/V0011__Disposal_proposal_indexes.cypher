// Records proposed for disposal (graph/reviews/proposals.py lists them, newest first):
// without these the list scans every record of each reviewed kind.
CREATE RANGE INDEX person_disposal_proposed IF NOT EXISTS FOR (n:Person) ON (n.disposal_proposed_at);
CREATE RANGE INDEX arrest_disposal_proposed IF NOT EXISTS FOR (n:Arrest) ON (n.disposal_proposed_at);
CREATE RANGE INDEX incident_disposal_proposed IF NOT EXISTS FOR (n:Incident) ON (n.disposal_proposed_at);
CREATE RANGE INDEX report_disposal_proposed IF NOT EXISTS FOR (n:IntelligenceReport) ON (n.disposal_proposed_at);
