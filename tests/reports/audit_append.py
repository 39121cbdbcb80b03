#!/usr/bin/python3
"""audit_append.py DB AT ACTOR ACTION SUBJECT DETAILS — append one audit row
with the chain hash computed as src/store/audit.c does (an independent
implementation, so the dossier test can carry real chained entries)."""
import hashlib
import sqlite3
import sys


def field(h, s):
    b = s.encode()
    h.update(b"%d:" % len(b))
    h.update(b)
    h.update(b",")


def main():
    db, at, actor, action, subject, details = sys.argv[1:7]
    con = sqlite3.connect(db)
    row = con.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[1] if row else "0" * 64
    new_id = (row[0] if row else 0) + 1
    h = hashlib.sha256()
    for f in ("radesk-audit/1", prev, str(new_id), at, actor, action, subject, details):
        field(h, f)
    con.execute("INSERT INTO audit_log(id, at, actor, action, subject, details, prev_hash, hash)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (new_id, int(at), actor, action, subject, details, prev, h.hexdigest()))
    con.commit()


main()
