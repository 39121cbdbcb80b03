-- 008: the queue's orders and filters (issue #14).
--
-- The queue sorts by the SLA deadline (001), by submission time, by
-- application number, by organisation or by decision time, ascending
-- or descending, and pages by key: (column, id) after the last row
-- shown. Each order is read from an index in order, never sorted in a
-- temporary B-tree: (state, column, id) for the per-state ranges that
-- the to-review tab and the filter menu's states merge, (column, id)
-- for the tabs across states. applications_age (005) already serves
-- (state, submitted_at); app_no has its UNIQUE index. The organisation
-- is ordered by its first 64 characters (an expression index), so a
-- key always fits the console's row (a name may be 2048 characters).
--
-- app_versions_channel lets the filter menu list the channels with one
-- index seek each.
CREATE INDEX applications_submitted ON applications(submitted_at, id);
CREATE INDEX applications_state_no  ON applications(state, app_no);
CREATE INDEX applications_org_key   ON applications(substr(org_name, 1, 64), id);
CREATE INDEX applications_state_org ON applications(state, substr(org_name, 1, 64), id);
CREATE INDEX applications_state_decided ON applications(state, decided_at, id);
CREATE INDEX app_versions_channel   ON app_versions(channel);
