"""Resolver helpers shared by several GraphQL types: permission checks, paging, audit and
the graph read, answering graph data (never a GraphQL type), so that the type modules in
api/types can use them without importing one another."""
