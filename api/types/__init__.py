"""GraphQL types, one module per family of records."""
