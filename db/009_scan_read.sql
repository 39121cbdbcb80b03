-- Reading the scans (issue #17): one row per file read by a scan_read
-- job, its recognised lines and the fields compared with the manifest.
-- Boxes are pixels of the upright decoded image (what the viewer shows).
CREATE TABLE scan_reads (
    id          INTEGER PRIMARY KEY,
    file_id     INTEGER NOT NULL UNIQUE REFERENCES files(id),
    version_id  INTEGER NOT NULL REFERENCES app_versions(id),
    job_id      INTEGER REFERENCES jobs(id),
    role        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('read','unreadable')),
    reason      TEXT NOT NULL DEFAULT '',   -- unreadable: decode pixels time memory crashed no_text
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    skew        REAL NOT NULL DEFAULT 0,    -- degrees of deskew applied
    mean_conf   INTEGER NOT NULL DEFAULT 0,
    seal        INTEGER NOT NULL DEFAULT -1 CHECK (seal IN (-1,0,1)),
    seal_x INTEGER NOT NULL DEFAULT 0, seal_y INTEGER NOT NULL DEFAULT 0,
    seal_w INTEGER NOT NULL DEFAULT 0, seal_h INTEGER NOT NULL DEFAULT 0,
    signature   INTEGER NOT NULL DEFAULT -1 CHECK (signature IN (-1,0,1)),
    ms          INTEGER NOT NULL DEFAULT 0,
    read_at     INTEGER NOT NULL
);
CREATE INDEX scan_reads_version ON scan_reads(version_id);

CREATE TABLE scan_read_lines (
    read_id  INTEGER NOT NULL REFERENCES scan_reads(id),
    n        INTEGER NOT NULL,
    text     TEXT NOT NULL,
    conf     INTEGER NOT NULL,
    x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
    PRIMARY KEY (read_id, n)
);

CREATE TABLE scan_read_fields (
    read_id   INTEGER NOT NULL REFERENCES scan_reads(id),
    field     TEXT NOT NULL,
    value     TEXT NOT NULL,
    expected  TEXT NOT NULL,
    verdict   TEXT NOT NULL CHECK (verdict IN ('match','mismatch','unsure','unread')),
    conf      INTEGER NOT NULL,
    x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
    PRIMARY KEY (read_id, field)
);
