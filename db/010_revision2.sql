-- 008: what revision 2 of the bundle format carries (issue 15,
-- ../shared/spec/bundle-v1.md "Revision 2" and "Requests from the
-- portal"). Every column is nullable: a revision-1 bundle has none of it.
--
-- app_versions gains the portal's order number and the application it is
-- tied to (the SM2 and RSA renewals of one key), the legal
-- representative (法定代表人), the PIN channel (auth_method), the
-- invoice's kind, purpose and where the e-invoice goes, the renewal's
-- term in years and whether it only aligns the paired certificate, and
-- that paired certificate. The transfers of a payment (one or several,
-- each with its memo) are rows of app_transfers; xfer_* of app_versions
-- keep the first one and the sum, as revision 1 had them.
ALTER TABLE app_versions ADD COLUMN order_no TEXT;
ALTER TABLE app_versions ADD COLUMN related_app_no TEXT;
ALTER TABLE app_versions ADD COLUMN legal_rep_name TEXT;
ALTER TABLE app_versions ADD COLUMN legal_rep_id_type TEXT;
ALTER TABLE app_versions ADD COLUMN legal_rep_id_no TEXT;
ALTER TABLE app_versions ADD COLUMN auth_method TEXT
    CHECK (auth_method IS NULL OR auth_method IN ('bank_deposit','sms'));
ALTER TABLE app_versions ADD COLUMN invoice_kind TEXT
    CHECK (invoice_kind IS NULL OR invoice_kind IN ('electronic','quota_paper'));
ALTER TABLE app_versions ADD COLUMN invoice_purpose TEXT;
ALTER TABLE app_versions ADD COLUMN invoice_email TEXT;
ALTER TABLE app_versions ADD COLUMN invoice_mobile TEXT;
ALTER TABLE app_versions ADD COLUMN renewal_years INTEGER
    CHECK (renewal_years IS NULL OR renewal_years BETWEEN 1 AND 5);
ALTER TABLE app_versions ADD COLUMN renewal_sync_only INTEGER
    CHECK (renewal_sync_only IS NULL OR renewal_sync_only IN (0,1));
ALTER TABLE app_versions ADD COLUMN paired_serial TEXT;
ALTER TABLE app_versions ADD COLUMN paired_algorithm TEXT;
ALTER TABLE app_versions ADD COLUMN paired_not_after INTEGER;

CREATE INDEX app_versions_order_no ON app_versions(order_no)
    WHERE order_no IS NOT NULL;
CREATE INDEX app_versions_related ON app_versions(related_app_no)
    WHERE related_app_no IS NOT NULL;

CREATE TABLE app_transfers (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES app_versions(id),
    idx            INTEGER NOT NULL CHECK (idx >= 0),
    payer_account  TEXT NOT NULL,
    payer_name     TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
    date           TEXT NOT NULL,            -- YYYY-MM-DD
    memo           TEXT,
    UNIQUE (version_id, idx)
);

-- Requests from the portal after submission: a cancellation or a refund,
-- one row per request file (idempotent by its name). A request never
-- changes a state by itself: it waits, open, for a supervisor.
CREATE TABLE portal_requests (
    id                 INTEGER PRIMARY KEY,
    file_name          TEXT NOT NULL UNIQUE,
    file_sha256        TEXT NOT NULL,
    app_id             INTEGER NOT NULL REFERENCES applications(id),
    app_no             TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('cancel','refund')),
    seq                INTEGER NOT NULL CHECK (seq >= 1),
    requested_at       INTEGER NOT NULL,
    requested_at_text  TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    refund_amount_fen  INTEGER CHECK (refund_amount_fen IS NULL OR refund_amount_fen > 0),
    refund_route       TEXT CHECK (refund_route IS NULL OR refund_route IN ('original','bank')),
    refund_account     TEXT,
    request_json       TEXT NOT NULL,
    state              TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
    received_at        INTEGER NOT NULL,
    CHECK ((kind = 'refund') = (refund_amount_fen IS NOT NULL))
);
CREATE INDEX portal_requests_app ON portal_requests(app_id);
CREATE INDEX portal_requests_open ON portal_requests(received_at) WHERE state = 'open';

-- A payment made with several transfers is matched when every transfer
-- has its own statement line (the lines add up to the payment):
-- payments.statement_line_id holds the first line, this table every
-- line, each line at most once.
CREATE TABLE payment_transfer_lines (
    payment_id   INTEGER NOT NULL REFERENCES payments(id),
    transfer_id  INTEGER NOT NULL REFERENCES app_transfers(id),
    line_id      INTEGER NOT NULL UNIQUE REFERENCES bank_statement_lines(id),
    PRIMARY KEY (payment_id, transfer_id)
);
