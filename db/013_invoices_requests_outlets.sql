-- One e-invoice per application, ever (issue 15). The store refuses a
-- second one on every path (src/store/invoice.c); this trigger is the
-- last word: once recorded, an application's invoice number never
-- changes and is never cleared.
CREATE TRIGGER applications_invoice_once
BEFORE UPDATE OF invoice_no ON applications
WHEN OLD.invoice_no IS NOT NULL AND NEW.invoice_no IS NOT OLD.invoice_no
BEGIN
    SELECT RAISE(ABORT, 'an application''s invoice is never issued twice');
END;

-- Portal requests acted on (issue 15): a supervisor approves a
-- cancellation (the application is cancelled then), approves a refund
-- (refund requested) or dismisses a request; a DIFFERENT supervisor marks
-- an approved refund paid (core/refund_rule.c decides, the store refuses
-- in the transaction, the trigger below is the last word). A request is
-- open until cancelled, paid or dismissed; an approved refund stays open,
-- waiting for the second person.
ALTER TABLE portal_requests ADD COLUMN outcome TEXT
    CHECK (outcome IS NULL OR outcome IN ('cancelled','paid','dismissed'));
ALTER TABLE portal_requests ADD COLUMN approved_by INTEGER REFERENCES operators(id);
ALTER TABLE portal_requests ADD COLUMN approved_at INTEGER;
ALTER TABLE portal_requests ADD COLUMN closed_by INTEGER REFERENCES operators(id);
ALTER TABLE portal_requests ADD COLUMN closed_at INTEGER;
ALTER TABLE portal_requests ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TRIGGER portal_requests_two_people
BEFORE UPDATE OF outcome ON portal_requests
WHEN NEW.outcome = 'paid'
 AND (NEW.approved_by IS NULL OR NEW.closed_by IS NULL
      OR NEW.closed_by = NEW.approved_by)
BEGIN
    SELECT RAISE(ABORT, 'a refund is approved and paid by two different people');
END;

-- Channels and outlets (issue 15): the outlet (渠道网点) whose production
-- line makes a version's key, from [channels] when the bundle arrives;
-- the outlet each production order went to, for the shipping screen and
-- the workbook.
ALTER TABLE app_versions ADD COLUMN outlet TEXT NOT NULL DEFAULT 'default';
ALTER TABLE production_orders ADD COLUMN outlet TEXT NOT NULL DEFAULT 'default';
