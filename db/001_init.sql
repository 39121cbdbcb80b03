-- 001_init: the whole schema of the first release.
--
-- Conventions: times are INTEGER unix seconds (UTC); money is INTEGER fen;
-- booleans are INTEGER 0/1; enumerations are TEXT checked against their
-- lists (the lists mirror src/core/state.c). Text from bundles is stored
-- as received (valid UTF-8, checked at ingest) and sanitised when shown.

CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('auditor','supervisor','admin')),
    enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- One row per application number: its current state and the columns the
-- queue sorts and searches on, denormalised from the current version.
CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    app_no          TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL CHECK (type IN ('replace','renew','new')),
    state           TEXT NOT NULL CHECK (state IN ('received','in_review',
                        'approved','in_production','shipped','delivered',
                        'completed','rejected','fin_auth_failed',
                        'ready_to_install','cancelled','refund_requested',
                        'refunded')),
    current_version INTEGER NOT NULL,
    submitted_at    INTEGER NOT NULL,   -- of the current version
    sla_due_at      INTEGER NOT NULL,   -- working-day deadline of the current version
    org_name        TEXT NOT NULL DEFAULT '',
    org_id_no       TEXT NOT NULL DEFAULT '',
    cert_serial     TEXT NOT NULL DEFAULT '',
    handler_name    TEXT NOT NULL DEFAULT '',
    verify_summary  TEXT NOT NULL DEFAULT '',  -- e.g. "T✓ B… P✓", kept by the worker
    risk            INTEGER NOT NULL DEFAULT 0, -- highest finding severity, 0..3
    decided_at      INTEGER,
    decided_by      INTEGER REFERENCES operators(id),
    row_version     INTEGER NOT NULL DEFAULT 1, -- optimistic concurrency
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX applications_queue   ON applications(state, sla_due_at, id);
CREATE INDEX applications_type_q  ON applications(type, state, sla_due_at, id);
CREATE INDEX applications_due     ON applications(sla_due_at, id);
CREATE INDEX applications_decided ON applications(decided_at, id);
CREATE INDEX applications_org_id  ON applications(org_id_no);
CREATE INDEX applications_serial  ON applications(cert_serial);
CREATE INDEX applications_org     ON applications(org_name);
CREATE INDEX applications_handler ON applications(handler_name);

-- Every bundle version as received: every field of bundle format 1.
CREATE TABLE app_versions (
    id                  INTEGER PRIMARY KEY,
    app_id              INTEGER NOT NULL REFERENCES applications(id),
    version             INTEGER NOT NULL CHECK (version >= 1),
    type                TEXT NOT NULL,
    submitted_at        INTEGER NOT NULL,
    submitted_at_text   TEXT NOT NULL,      -- RFC 3339 as sent
    channel             TEXT NOT NULL DEFAULT '',
    bundle_name         TEXT NOT NULL DEFAULT '',
    bundle_sha256       TEXT NOT NULL,
    manifest_json       TEXT NOT NULL,      -- the manifest exactly as received
    ingested_at         INTEGER NOT NULL,
    sla_due_at          INTEGER NOT NULL,

    cert_serial         TEXT NOT NULL DEFAULT '',
    cert_holder         TEXT NOT NULL DEFAULT '' CHECK (cert_holder IN ('','org','personal')),
    cert_algorithm      TEXT NOT NULL DEFAULT '',
    cert_not_after      INTEGER,
    cert_subject_cn     TEXT NOT NULL DEFAULT '',

    org_name            TEXT NOT NULL DEFAULT '',
    org_id_type         TEXT NOT NULL DEFAULT '',
    org_id_no           TEXT NOT NULL DEFAULT '',
    org_province        TEXT NOT NULL DEFAULT '',
    org_city            TEXT NOT NULL DEFAULT '',
    org_address         TEXT NOT NULL DEFAULT '',

    handler_name        TEXT NOT NULL DEFAULT '',
    handler_id_type     TEXT NOT NULL DEFAULT '',
    handler_id_no       TEXT NOT NULL DEFAULT '',
    handler_mobile      TEXT NOT NULL DEFAULT '',
    handler_email       TEXT NOT NULL DEFAULT '',
    handler_position    TEXT NOT NULL DEFAULT '',

    applicant_name      TEXT NOT NULL DEFAULT '',
    applicant_id_type   TEXT NOT NULL DEFAULT '',
    applicant_id_no     TEXT NOT NULL DEFAULT '',
    applicant_mobile    TEXT NOT NULL DEFAULT '',
    applicant_email     TEXT NOT NULL DEFAULT '',

    fin_account_name    TEXT,
    fin_bank            TEXT,
    fin_account_no      TEXT,

    ship_recipient      TEXT,
    ship_mobile         TEXT,
    ship_province       TEXT,
    ship_city           TEXT,
    ship_county         TEXT,
    ship_address        TEXT,
    ship_postcode       TEXT,

    invoice_wanted      INTEGER NOT NULL DEFAULT 0,
    invoice_title       TEXT,
    invoice_taxpayer_id TEXT,

    pay_method          TEXT NOT NULL CHECK (pay_method IN ('wechat','alipay','transfer')),
    pay_amount_fen      INTEGER NOT NULL,
    pay_trade_no        TEXT,
    xfer_payer_account  TEXT,
    xfer_payer_name     TEXT,
    xfer_amount_fen     INTEGER,
    xfer_date           TEXT,               -- YYYY-MM-DD

    renewal_months      INTEGER,
    renewal_sync_dual   INTEGER,

    liveness_passed     INTEGER,
    liveness_score      REAL,
    liveness_ref        TEXT,

    UNIQUE (app_id, version)
);
CREATE INDEX app_versions_handler_id   ON app_versions(handler_id_no);
CREATE INDEX app_versions_applicant_id ON app_versions(applicant_id_no);
CREATE INDEX app_versions_org_id       ON app_versions(org_id_no);
CREATE INDEX app_versions_serial       ON app_versions(cert_serial);

-- Scans of a version. The bytes live in the blob store under sha256.
CREATE TABLE files (
    id            INTEGER PRIMARY KEY,
    version_id    INTEGER NOT NULL REFERENCES app_versions(id),
    role          TEXT NOT NULL CHECK (role IN ('application_form',
                      'business_license','id_front','id_back','other')),
    path          TEXT NOT NULL,        -- name inside the bundle
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    content_type  TEXT NOT NULL,        -- judged from the content
    width         INTEGER,
    height        INTEGER,
    UNIQUE (version_id, path)
);
CREATE INDEX files_sha256 ON files(sha256);

-- Automatic pre-check results of a version.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    version_id  INTEGER NOT NULL REFERENCES app_versions(id),
    code        TEXT NOT NULL,          -- e.g. 'resident_id_check'
    severity    TEXT NOT NULL CHECK (severity IN ('info','warning','error','risk')),
    field       TEXT NOT NULL DEFAULT '', -- manifest path, e.g. 'handler.id_no'
    message     TEXT NOT NULL,          -- English msgid-style text, translated when shown
    arg         TEXT NOT NULL DEFAULT '' -- value shown with the message
);
CREATE INDEX findings_version ON findings(version_id);

-- Verification checks through outside services (telecom, bank, payment).
CREATE TABLE checks (
    id            INTEGER PRIMARY KEY,
    app_id        INTEGER NOT NULL REFERENCES applications(id),
    version_id    INTEGER NOT NULL REFERENCES app_versions(id),
    kind          TEXT NOT NULL CHECK (kind IN ('telecom_handler',
                      'telecom_applicant','bank_fin_auth','payment')),
    state         TEXT NOT NULL CHECK (state IN ('pending','running','match',
                      'mismatch','not_found','sent','credited','failed',
                      'matched','unmatched','error')),
    ref           TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT '',
    job_id        INTEGER REFERENCES jobs(id),
    requested_by  INTEGER REFERENCES operators(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX checks_app ON checks(app_id, kind, id);

-- Claims: at most one live claim per application (the lease).
CREATE TABLE claims (
    app_id       INTEGER PRIMARY KEY REFERENCES applications(id),
    operator_id  INTEGER NOT NULL REFERENCES operators(id),
    claimed_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX claims_operator ON claims(operator_id, expires_at);

-- Checklist ticks for a version.
CREATE TABLE checklist (
    version_id   INTEGER NOT NULL REFERENCES app_versions(id),
    item         TEXT NOT NULL,
    checked      INTEGER NOT NULL CHECK (checked IN (0,1)),
    operator_id  INTEGER NOT NULL REFERENCES operators(id),
    at           INTEGER NOT NULL,
    PRIMARY KEY (version_id, item)
);

-- Decisions, including overrides awaiting a countersign.
CREATE TABLE decisions (
    id               INTEGER PRIMARY KEY,
    app_id           INTEGER NOT NULL REFERENCES applications(id),
    version_id       INTEGER NOT NULL REFERENCES app_versions(id),
    operator_id      INTEGER NOT NULL REFERENCES operators(id),
    action           TEXT NOT NULL CHECK (action IN ('approve','reject',
                         'return_fin_auth','cancel','request_refund','refund')),
    from_state       TEXT NOT NULL,
    to_state         TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',   -- to the customer
    override_reason  TEXT NOT NULL DEFAULT '',   -- non-empty: an override
    countersign      TEXT NOT NULL DEFAULT 'none' CHECK (countersign IN
                         ('none','pending','approved','refused')),
    countersigned_by INTEGER REFERENCES operators(id),
    countersigned_at INTEGER,
    countersign_note TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    CHECK (countersigned_by IS NULL OR countersigned_by <> operator_id)
);
CREATE INDEX decisions_app     ON decisions(app_id, id);
CREATE INDEX decisions_created ON decisions(created_at, id);
CREATE INDEX decisions_pending ON decisions(countersign, created_at)
    WHERE countersign = 'pending';

CREATE TABLE decision_reasons (
    decision_id  INTEGER NOT NULL REFERENCES decisions(id),
    code         TEXT NOT NULL,
    PRIMARY KEY (decision_id, code)
);

-- Internal notes (not sent to the customer).
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY,
    app_id       INTEGER NOT NULL REFERENCES applications(id),
    operator_id  INTEGER NOT NULL REFERENCES operators(id),
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX notes_app ON notes(app_id, id);

-- The outbox: every outside call, written in the transaction that causes it.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,       -- 'telecom_verify', 'bank_deposit', ...
    app_id           INTEGER REFERENCES applications(id),
    idem_key         TEXT NOT NULL UNIQUE,
    payload          TEXT NOT NULL,       -- JSON
    state            TEXT NOT NULL CHECK (state IN ('pending','running','done',
                         'failed','dead','cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    locked_by        TEXT,
    locked_until     INTEGER,
    last_error       TEXT NOT NULL DEFAULT '',
    result           TEXT,                -- JSON
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, next_attempt_at, id);
CREATE INDEX jobs_app ON jobs(app_id, id);

-- Payments of a version and their reconciliation.
CREATE TABLE payments (
    id                 INTEGER PRIMARY KEY,
    app_id             INTEGER NOT NULL REFERENCES applications(id),
    version_id         INTEGER NOT NULL REFERENCES app_versions(id),
    method             TEXT NOT NULL CHECK (method IN ('wechat','alipay','transfer')),
    amount_fen         INTEGER NOT NULL,
    trade_no           TEXT,
    state              TEXT NOT NULL CHECK (state IN ('online','unmatched',
                           'matched','manual','refunded')),
    statement_line_id  INTEGER REFERENCES bank_statement_lines(id),
    matched_by         INTEGER REFERENCES operators(id),
    matched_at         INTEGER,
    created_at         INTEGER NOT NULL,
    UNIQUE (version_id)
);
CREATE INDEX payments_state ON payments(state, id);
CREATE UNIQUE INDEX payments_line ON payments(statement_line_id)
    WHERE statement_line_id IS NOT NULL;

CREATE TABLE bank_imports (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    lines_ok     INTEGER NOT NULL,
    lines_bad    INTEGER NOT NULL,
    lines_dup    INTEGER NOT NULL,
    operator     TEXT NOT NULL,
    imported_at  INTEGER NOT NULL
);

CREATE TABLE bank_statement_lines (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL REFERENCES bank_imports(id),
    line_no        INTEGER NOT NULL,
    line_hash      TEXT NOT NULL UNIQUE,  -- re-importing adds nothing
    value_date     TEXT NOT NULL,         -- YYYY-MM-DD
    payer_account  TEXT NOT NULL,
    payer_name     TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL,
    bank_ref       TEXT NOT NULL DEFAULT '',
    memo           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX statement_match ON bank_statement_lines(payer_account, amount_fen, value_date);

-- Fulfilment.
CREATE TABLE production_orders (
    id             INTEGER PRIMARY KEY,
    app_id         INTEGER NOT NULL REFERENCES applications(id),
    job_id         INTEGER REFERENCES jobs(id),
    order_id       TEXT,                  -- the provider's
    state          TEXT NOT NULL CHECK (state IN ('requested','queued','writing',
                       'qc_failed','ready','cancelled')),
    medium_serial  TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX production_app ON production_orders(app_id, id);
CREATE INDEX production_state ON production_orders(state, updated_at);

CREATE TABLE shipments (
    id            INTEGER PRIMARY KEY,
    app_id        INTEGER NOT NULL REFERENCES applications(id),
    job_id        INTEGER REFERENCES jobs(id),
    waybill_no    TEXT,
    carrier       TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL CHECK (state IN ('requested','created','picked_up',
                      'in_transit','delivered','returned')),
    label_sha256  TEXT,
    printed_at    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX shipments_app ON shipments(app_id, id);
CREATE INDEX shipments_created ON shipments(created_at, id);

-- Every bundle the ingest saw, for the summary and the daily report.
CREATE TABLE ingest_log (
    id           INTEGER PRIMARY KEY,
    bundle_name  TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL CHECK (outcome IN ('ingested','duplicate','quarantined')),
    app_no       TEXT NOT NULL DEFAULT '',
    version      INTEGER,
    reason       TEXT NOT NULL DEFAULT '',
    at           INTEGER NOT NULL
);
CREATE INDEX ingest_log_at ON ingest_log(at, id);

-- The audit log: append-only, hash-chained.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,       -- operator login, or 'cron:ingest', 'worker'
    action     TEXT NOT NULL,       -- 'app.claim', 'operator.add', ...
    subject    TEXT NOT NULL DEFAULT '', -- app_no, login, file name
    details    TEXT NOT NULL DEFAULT '', -- JSON object
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_subject ON audit_log(subject, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
