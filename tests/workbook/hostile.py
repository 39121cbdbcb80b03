#!/usr/bin/python3
"""hostile.py — bundles whose text starts like a spreadsheet formula,
for tests/workbook/run.sh: built with tests/ingest/mkbundle.py's parts
and then ingested by radesk itself.

    hostile.py INBOX
"""
import hashlib
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ingest"))
import mkbundle  # noqa: E402

# Each prefix of OWASP's list, as an organisation and as a handler name.
CASES = [
    ("100000000000000101", '=HYPERLINK("http://evil.example","点我")', "=张三"),
    ("100000000000000102", "+86 深圳市星河数智科技", "+李四"),
    ("100000000000000103", "-1+1 科技有限公司", "-王五"),
    ("100000000000000104", "@SUM(1,2) 有限公司", "@赵六"),
]


def bundle(path, app_no, org, handler):
    seed = int(app_no[-3:])
    scans = [("application_form", "files/form.png", mkbundle.png(620, 880, seed)),
             ("business_license", "files/license.png", mkbundle.png(880, 620, seed + 1)),
             ("id_front", "files/id_front.bmp", mkbundle.bmp(428, 270)),
             ("id_back", "files/id_back.gif", mkbundle.gif(428, 270))]
    files = [{"role": r, "path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
             for r, p, d in scans]
    m = mkbundle.manifest(app_no, 1, "replace", "org", "wechat", files)
    m["organization"]["name"] = org
    m["financial"]["account_name"] = org
    m["invoice"]["title"] = org
    m["certificate"]["subject_cn"] = org
    m["handler"]["name"] = handler
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("manifest.json"),
                   json.dumps(m, ensure_ascii=False).encode(), zipfile.ZIP_DEFLATED)
        for _, p, d in scans:
            z.writestr(zipfile.ZipInfo(p), d, zipfile.ZIP_STORED)


def main():
    inbox = sys.argv[1]
    for app_no, org, handler in CASES:
        bundle(os.path.join(inbox, app_no + ".zip"), app_no, org, handler)
    # Broken bundles whose file names carry the prefixes, TAB and CR
    # included: the quarantine sheet lists them by name.
    for name in ("=cmd.zip", "+sum.zip", "-neg.zip", "@at.zip", "\t=tab.zip", "\r=cr.zip"):
        with open(os.path.join(inbox, name), "wb") as f:
            f.write(b"PK\x03\x04 this is no zip archive")


main()
