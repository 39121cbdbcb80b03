-- 008 (records): retention. `radesk archive purge` removes the personal
-- data and scans of an application once its certificate ended more than
-- [retention] years_after_expiry ago (Electronic Signature Law art. 24);
-- purged_at says it happened (the audit entry says by whom). The audit
-- chain is untouched: it holds hashes and references, not the data.
ALTER TABLE applications ADD COLUMN purged_at INTEGER;
CREATE INDEX app_versions_not_after ON app_versions(cert_not_after)
    WHERE cert_not_after IS NOT NULL;

-- The quarterly self-audit sample (CA/Browser Forum BR §8.7): at least
-- 3% of a quarter's approved applications, drawn with a recorded seed,
-- each re-reviewed by a supervisor who did not decide it (the CHECK
-- backs up core/sample's rule, which the store asks first).
CREATE TABLE audit_samples (
    id          INTEGER PRIMARY KEY,
    quarter     TEXT NOT NULL UNIQUE,          -- '2026Q4'
    seed        INTEGER NOT NULL,
    population  INTEGER NOT NULL,
    drawn_by    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE audit_sample_items (
    id           INTEGER PRIMARY KEY,
    sample_id    INTEGER NOT NULL REFERENCES audit_samples(id),
    app_id       INTEGER NOT NULL REFERENCES applications(id),
    decision_id  INTEGER NOT NULL REFERENCES decisions(id),
    decider_id   INTEGER NOT NULL REFERENCES operators(id),
    reviewer_id  INTEGER NOT NULL REFERENCES operators(id),
    verdict      TEXT CHECK (verdict IN ('agree','disagree')),
    note         TEXT NOT NULL DEFAULT '',
    reviewed_at  INTEGER,
    UNIQUE (sample_id, app_id),
    CHECK (reviewer_id <> decider_id)
);
CREATE INDEX audit_sample_items_reviewer ON audit_sample_items(reviewer_id, sample_id);
