// Relationships that are records (associations, memberships, addresses, incident roles)
// carry an id; writes MERGE on it, which stays duplicate-free only under a constraint.
// FlagEvent (a flag's history) joined the model after V0001.
CREATE CONSTRAINT flag_event_id IF NOT EXISTS FOR (n:FlagEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT family_id IF NOT EXISTS FOR ()-[r:FAMILY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT partner_id IF NOT EXISTS FOR ()-[r:PARTNER]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT lives_with_id IF NOT EXISTS FOR ()-[r:LIVES_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT friend_id IF NOT EXISTS FOR ()-[r:FRIEND]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT co_offender_id IF NOT EXISTS FOR ()-[r:CO_OFFENDER]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT phone_contact_id IF NOT EXISTS FOR ()-[r:PHONE_CONTACT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT social_media_id IF NOT EXISTS FOR ()-[r:SOCIAL_MEDIA]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT lives_at_id IF NOT EXISTS FOR ()-[r:LIVES_AT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT uses_vehicle_id IF NOT EXISTS FOR ()-[r:USES_VEHICLE]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT uses_phone_id IF NOT EXISTS FOR ()-[r:USES_PHONE]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT suspect_in_id IF NOT EXISTS FOR ()-[r:SUSPECT_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT victim_in_id IF NOT EXISTS FOR ()-[r:VICTIM_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT witness_in_id IF NOT EXISTS FOR ()-[r:WITNESS_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT other_party_in_id IF NOT EXISTS FOR ()-[r:OTHER_PARTY_IN]-() REQUIRE r.id IS UNIQUE;
