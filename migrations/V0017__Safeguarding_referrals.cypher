// Safeguarding referrals (issue 19): a referral of a person at risk is a record of its own,
// never a flag; keyed on its id so a retried referral writes nothing twice.
CREATE CONSTRAINT safeguarding_referral_id IF NOT EXISTS FOR (r:SafeguardingReferral) REQUIRE r.id IS UNIQUE;
CREATE INDEX safeguarding_referral_at IF NOT EXISTS FOR (r:SafeguardingReferral) ON (r.referred_at);
