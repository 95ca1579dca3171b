// Sensitive operations (graph/deconfliction/sensitive.py, docs/deconfliction.md): an
// operation is active while it holds `active_person_id`; unique, so a person has at most one
// active operation and two supervisors marking them at once cannot both own it. The
// constraint's index also serves the check made on every person read.
CREATE CONSTRAINT sensitive_operation_id IF NOT EXISTS FOR (n:SensitiveOperation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sensitive_operation_active IF NOT EXISTS FOR (n:SensitiveOperation) REQUIRE n.active_person_id IS UNIQUE;
