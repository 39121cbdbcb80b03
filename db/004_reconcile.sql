-- 004: what is left to reconcile, read by index.
--
-- The console's bank screen pages through the statement lines no payment
-- uses, and the manual-match picker reads them by amount and by date.
-- A partial index cannot look into another table, so every line carries
-- `matched`, kept equal to "a payment has statement_line_id = this line"
-- by the triggers below, whichever code writes payments.
ALTER TABLE bank_statement_lines ADD COLUMN matched INTEGER NOT NULL DEFAULT 0
    CHECK (matched IN (0, 1));
UPDATE bank_statement_lines SET matched = 1
 WHERE id IN (SELECT statement_line_id FROM payments
              WHERE statement_line_id IS NOT NULL);

CREATE TRIGGER payments_line_insert AFTER INSERT ON payments
 WHEN NEW.statement_line_id IS NOT NULL
BEGIN
    UPDATE bank_statement_lines SET matched = 1 WHERE id = NEW.statement_line_id;
END;

CREATE TRIGGER payments_line_update AFTER UPDATE OF statement_line_id ON payments
 WHEN OLD.statement_line_id IS NOT NEW.statement_line_id
BEGIN
    UPDATE bank_statement_lines SET matched = 0 WHERE id = OLD.statement_line_id;
    UPDATE bank_statement_lines SET matched = 1 WHERE id = NEW.statement_line_id;
END;

CREATE TRIGGER payments_line_delete AFTER DELETE ON payments
 WHEN OLD.statement_line_id IS NOT NULL
BEGIN
    UPDATE bank_statement_lines SET matched = 0 WHERE id = OLD.statement_line_id;
END;

-- Free lines in statement order (bank screen), and by amount then date
-- (the picker's first choice: the amount the customer declared).
CREATE INDEX statement_free_date ON bank_statement_lines(value_date, id)
    WHERE matched = 0;
CREATE INDEX statement_free_amount ON bank_statement_lines(amount_fen, value_date)
    WHERE matched = 0;
