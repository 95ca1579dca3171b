// Birth year with each phonetic name key ("1985_MR 1985_NK", graph.names.year_keys), in a
// full-text index of its own: screening and the live duplicate check find "born in 1985,
// a name sounding like Nowak" by index instead of reading everyone born that year.
// The whitespace analyzer keeps each "year_key" token whole.
CREATE FULLTEXT INDEX person_year_keys IF NOT EXISTS
FOR (p:Person) ON EACH [p.year_keys]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};

// Persons written before this migration: the same value from their stored properties.
MATCH (p:Person)
WHERE p.year_keys IS NULL AND p.birth_year IS NOT NULL AND p.name_keys IS NOT NULL
CALL (p) {
  SET p.year_keys = reduce(text = '', key IN split(p.name_keys, ' ') |
                           text + CASE text WHEN '' THEN '' ELSE ' ' END
                           + toString(p.birth_year) + '_' + key)
} IN TRANSACTIONS OF 10000 ROWS;
