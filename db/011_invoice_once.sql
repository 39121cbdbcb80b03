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
