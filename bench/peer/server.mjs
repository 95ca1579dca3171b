// The peer of bench/peer_bench.py: Neo4j's own @neo4j/graphql over the same database,
// served by graphql-yoga on 127.0.0.1. It reads only: no mutations are asked of it, and it
// creates no constraints or indexes (assertIndexesAndConstraints is never called).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';

const env = process.env;
const driver = neo4j.driver(env.NEO4J_URI || 'bolt://127.0.0.1:7687',
  neo4j.auth.basic(env.NEO4J_USER || 'neo4j', env.NEO4J_PASSWORD || ''));
const typeDefs = readFileSync(new URL('./typeDefs.graphql', import.meta.url), 'utf8');
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const database = env.NEO4J_DATABASE || 'neo4j';
const yoga = createYoga({
  schema,
  context: () => ({ sessionConfig: { database } }),
  logging: false,
  graphiql: false,
});
const port = Number(env.PORT || 4100);
createServer(yoga).listen(port, '127.0.0.1', () => console.log(`peer on ${port}`));
