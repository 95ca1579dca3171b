// Full-text search over a person's names: the recorded name, every alias and spelling
// variant, and phonetic keys that let "Mohammed", "Muhammad" and "Mohamed" meet.
// standard-folding folds diacritics (e.g. "Özil" -> "ozil").
CREATE FULLTEXT INDEX person_names IF NOT EXISTS
FOR (p:Person) ON EACH [p.full_name, p.alias_text, p.name_keys]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
