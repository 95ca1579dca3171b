// MOPI reviews recorded from the due list (graph/reviews/events.py): MERGE on the event id.
CREATE CONSTRAINT review_event_id IF NOT EXISTS FOR (e:ReviewEvent) REQUIRE e.id IS UNIQUE;
