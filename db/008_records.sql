-- 008 (records): retention. `radesk archive purge` removes the personal
-- data and scans of an application once its certificate ended more than
-- [retention] years_after_expiry ago (Electronic Signature Law art. 24);
-- purged_at says it happened (the audit entry says by whom). The audit
-- chain is untouched: it holds hashes and references, not the data.
ALTER TABLE applications ADD COLUMN purged_at INTEGER;
CREATE INDEX app_versions_not_after ON app_versions(cert_not_after)
    WHERE cert_not_after IS NOT NULL;
