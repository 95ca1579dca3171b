// Revoked tokens and sessions (sign-out, `nexus token revoke`): looked up by id on every
// request, and pruned once expired.
CREATE CONSTRAINT revoked_grant_id IF NOT EXISTS FOR (r:RevokedGrant) REQUIRE r.id IS UNIQUE;
CREATE RANGE INDEX revoked_grant_expires IF NOT EXISTS FOR (r:RevokedGrant) ON (r.expires_at);
