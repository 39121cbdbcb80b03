-- 008: the queue's orders, filters and global search (issue #14).
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

-- The global search (/) also finds a person: the handler's or the
-- applicant's name (exactly) and the last four characters of their
-- identity number, the part the masked number shows, in any version.
CREATE INDEX app_versions_applicant_name ON app_versions(applicant_name);
CREATE INDEX app_versions_handler_tail   ON app_versions(substr(handler_id_no, -4));
CREATE INDEX app_versions_applicant_tail ON app_versions(substr(applicant_id_no, -4));
