-- 003: fulfilment — production attempts, waybills, label prints,
-- invoices and completion.
--
-- A production order is one attempt at writing the USB key: a QC failure
-- ends the attempt (state qc_failed) and a supervisor's retry makes a new
-- row with the next attempt number and a new job key
-- ("production:<app>:v<n>:r<k>"). A shipment is one waybill; its label
-- PDF lives in the blob store (label_sha256) and every print of it is a
-- label_prints row carried out by a 'label_print' job, so the console
-- never waits on a printer.

ALTER TABLE production_orders ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE production_orders ADD COLUMN idem_key TEXT;
ALTER TABLE production_orders ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX production_key ON production_orders(idem_key)
    WHERE idem_key IS NOT NULL;

ALTER TABLE shipments ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE shipments ADD COLUMN print_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shipments ADD COLUMN delivered_at INTEGER;
CREATE UNIQUE INDEX shipments_job ON shipments(job_id) WHERE job_id IS NOT NULL;
CREATE INDEX shipments_waybill ON shipments(waybill_no);
CREATE INDEX shipments_state ON shipments(state, updated_at);
-- `radesk db check` looks a blob up as a scan or as a label.
CREATE INDEX shipments_label ON shipments(label_sha256)
    WHERE label_sha256 IS NOT NULL;

-- One row per print of a label (the first, automatic one and every
-- reprint). n counts the prints of a shipment from 1; the job's key is
-- "label:<waybill>:<n>".
CREATE TABLE label_prints (
    id            INTEGER PRIMARY KEY,
    shipment_id   INTEGER NOT NULL REFERENCES shipments(id),
    n             INTEGER NOT NULL CHECK (n >= 1),
    job_id        INTEGER REFERENCES jobs(id),
    state         TEXT NOT NULL CHECK (state IN ('queued','printed','failed')),
    target        TEXT NOT NULL DEFAULT '',   -- printer command or spool file
    error         TEXT NOT NULL DEFAULT '',
    requested_by  INTEGER REFERENCES operators(id),  -- NULL: the worker
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (shipment_id, n)
);
CREATE INDEX label_prints_job ON label_prints(job_id);

-- The e-invoice number once the invoice provider issued it, and when the
-- application was completed (delivered and nothing outstanding, or a
-- renewal's install reported).
ALTER TABLE applications ADD COLUMN invoice_no TEXT;
ALTER TABLE applications ADD COLUMN invoice_at INTEGER;
ALTER TABLE applications ADD COLUMN completed_at INTEGER;
