-- 005: indexes for the supervisor dashboard and the report's production
-- and shipping sheet.
--
-- The dashboard counts open applications by how long they have waited:
-- (state, submitted_at) answers that from the index alone, as
-- applications_queue (state, sla_due_at, id) does for the SLA buckets.
-- The 制证寄送 sheet selects orders and waybills created OR updated in
-- the period; with an index on each column SQLite reads the two ranges
-- and merges them instead of scanning both tables.
CREATE INDEX applications_age ON applications(state, submitted_at);
CREATE INDEX production_created ON production_orders(created_at);
CREATE INDEX production_updated ON production_orders(updated_at);
CREATE INDEX shipments_updated ON shipments(updated_at);
