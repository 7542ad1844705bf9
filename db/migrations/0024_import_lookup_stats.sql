-- The import's duplicate look-up by e-mail (lower(email) = any($1), served by customers_email_idx) was read
-- as a sequential scan of every customer: the planner takes statistics of an index expression only from
-- indexes without a WHERE clause, and customers_email_idx is partial, so it guessed 0.5% of the table per
-- address (500 addresses = 92% of it). Statistics on the expression itself let it see that addresses are
-- unique (an index scan of a few hundred rows instead of ~100,000 per batch of 500).
CREATE STATISTICS IF NOT EXISTS "customers_lower_email_stats" ON (lower("email")) FROM "customers";
--> statement-breakpoint
-- gather them now rather than at autovacuum's next analyze
ANALYZE "customers";
