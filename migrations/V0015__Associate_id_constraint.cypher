// ASSOCIATE (an association whose nature the source does not say) joined the association
// kinds after V0003: its links are records with an id, MERGEd on it, so the id is unique.
CREATE CONSTRAINT associate_id IF NOT EXISTS FOR ()-[r:ASSOCIATE]-() REQUIRE r.id IS UNIQUE;
