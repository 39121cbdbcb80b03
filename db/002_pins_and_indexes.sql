-- 002: the certificate PIN of an application, and report indexes.
--
-- The PIN protects the USB key (or the renewed certificate's install).
-- The customer learns it from the bank deposit memo (online payment) or
-- by SMS (bank transfer); the production line writes it into the key.
-- It is made once per application (store_app_pin) and never shown in
-- full on screen, in reports, logs or the audit trail.
CREATE TABLE app_pins (
    app_id      INTEGER PRIMARY KEY REFERENCES applications(id),
    pin         TEXT NOT NULL CHECK (length(pin) = 6 AND pin NOT GLOB '*[^0-9]*'),
    created_at  INTEGER NOT NULL
);

-- The daily report's payments sheet selects by creation time.
CREATE INDEX payments_created ON payments(created_at, id);
