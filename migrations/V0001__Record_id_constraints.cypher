// Every record type has a unique, stable id: writes MERGE on it, and concurrent MERGE
// only stays duplicate-free under a uniqueness constraint.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT arrest_id IF NOT EXISTS FOR (n:Arrest) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT charge_id IF NOT EXISTS FOR (n:Charge) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT conviction_id IF NOT EXISTS FOR (n:Conviction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT offence_id IF NOT EXISTS FOR (n:Offence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT incident_id IF NOT EXISTS FOR (n:Incident) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT intelligence_report_id IF NOT EXISTS FOR (n:IntelligenceReport) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT check_id IF NOT EXISTS FOR (n:Check) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT warrant_id IF NOT EXISTS FOR (n:Warrant) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT flag_id IF NOT EXISTS FOR (n:Flag) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT vehicle_id IF NOT EXISTS FOR (n:Vehicle) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT phone_id IF NOT EXISTS FOR (n:Phone) REQUIRE n.id IS UNIQUE;
