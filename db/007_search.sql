-- 007: the organisation names the queue search looks into, filed by
-- their characters and pairs of characters (issue #9, make bench).
--
-- A search term matches an application by its number (a prefix), USCC,
-- serial or handler name (exact, each with its index) or by a part of
-- the organisation's name, which no index could serve: a term matching
-- nothing read every application (0.6 s for a million, the console
-- frozen meanwhile). org_names holds each organisation name once;
-- org_grams files every name under each of its characters and each
-- pair of adjacent characters. A name that contains the term contains
-- every pair of it, so the names filed under the term's rarest pair
-- (or its one character) are all the names that can match, and they
-- are few: organisations apply again and again under the same name.
--
-- Triggers keep both tables, so every writer does (radesk, the sqlite3
-- tool, a test's seed). FTS5 would be the textbook index, but radesk
-- runs with trusted_schema=OFF, under which no trigger may write a
-- virtual table. Names are never removed: one that no application
-- carries any more finds nothing, and the search checks every name it
-- finds against the term. gram_pos numbers the positions up to 2048,
-- the longest text a bundle may carry; a longer name (written behind
-- radesk's back) is filed under nothing, and the search reads those
-- few names through org_names_long instead.
CREATE TABLE org_names (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);
CREATE INDEX org_names_long ON org_names(id) WHERE length(name) > 2048;

CREATE TABLE org_grams (
    gram     TEXT NOT NULL,       -- one character or two adjacent ones
    name_id  INTEGER NOT NULL REFERENCES org_names(id),
    PRIMARY KEY (gram, name_id)
) WITHOUT ROWID;

CREATE TABLE gram_pos (n INTEGER PRIMARY KEY);
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2048)
INSERT INTO gram_pos(n) SELECT n FROM k;

-- Filing a name: insert it into org_names_file (a view of nothing),
-- whose trigger files it once. The triggers on applications and the
-- backfill below all go through it.
CREATE VIEW org_names_file(name) AS SELECT name FROM org_names WHERE 0;
CREATE TRIGGER org_names_file INSTEAD OF INSERT ON org_names_file
WHEN new.name <> ''
     AND NOT EXISTS (SELECT 1 FROM org_names WHERE name = new.name)
BEGIN
    INSERT INTO org_names(name) VALUES (new.name);
    INSERT OR IGNORE INTO org_grams(gram, name_id)
        SELECT substr(o.name, p.n, 1), o.id FROM org_names o, gram_pos p
        WHERE o.name = new.name AND p.n <= length(o.name)
        UNION ALL
        SELECT substr(o.name, p.n, 2), o.id FROM org_names o, gram_pos p
        WHERE o.name = new.name AND p.n < length(o.name);
END;
CREATE TRIGGER org_names_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO org_names_file(name) VALUES (new.org_name);
END;
CREATE TRIGGER org_names_update AFTER UPDATE OF org_name ON applications
BEGIN
    INSERT INTO org_names_file(name) VALUES (new.org_name);
END;

-- What is there already (a second for a million applications).
INSERT INTO org_names_file(name) SELECT DISTINCT org_name FROM applications;
