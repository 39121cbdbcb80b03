-- 006: indexes for lookups that no index served, each found by EXPLAIN
-- QUERY PLAN over every statement the test suite runs (issue #9, make
-- bench). Without them each statement read its whole table:
--
-- checks by job: the worker records every telecom and bank answer with
-- UPDATE checks ... WHERE job_id=?, inside its write transaction.
-- production_orders by job: the same for the factory's answers.
-- payments by application: verify_summary (after every check, payment
-- and ingest, under the write lock), the bank screen, the dossier.
-- label_prints that failed: the shipping screen's issues list; a small
-- partial index, as failed prints are few.
CREATE INDEX checks_job ON checks(job_id);
CREATE INDEX production_job ON production_orders(job_id);
CREATE INDEX payments_app ON payments(app_id, id);
CREATE INDEX label_prints_failed ON label_prints(shipment_id)
    WHERE state = 'failed';
