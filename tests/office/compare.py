#!/usr/bin/python3
"""compare.py ORIG.xlsx LO.xlsx CSVDIR — a workbook radesk wrote against
LibreOffice's round trip of it: every sheet, every cell value (openpyxl
on both), the per-sheet CSVs LibreOffice exported, and the charts (their
parts and types in the zip). Prints one line per problem; exit 1 if any.
"""
import csv
import glob
import os
import re
import sys
import zipfile

import openpyxl

orig, lo, csvdir = sys.argv[1:4]
problems = []


def norm(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return repr(round(float(v), 6))
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


a = openpyxl.load_workbook(orig, data_only=True)
b = openpyxl.load_workbook(lo, data_only=True)
if a.sheetnames != b.sheetnames:
    problems.append("sheets differ: %r vs %r" % (a.sheetnames, b.sheetnames))
cells = 0
for name in a.sheetnames:
    if name not in b.sheetnames:
        continue
    wa, wb = a[name], b[name]
    rows = max(wa.max_row, wb.max_row)
    cols = max(wa.max_column, wb.max_column)
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            va, vb = norm(wa.cell(r, c).value), norm(wb.cell(r, c).value)
            cells += 1
            if va != vb:
                problems.append("%s!%s: %r became %r" % (
                    name, wa.cell(r, c).coordinate, va, vb))

# CSV: LibreOffice writes one file per sheet, <base>-<Sheet>.csv.
base = os.path.splitext(os.path.basename(orig))[0]
for name in a.sheetnames:
    f = os.path.join(csvdir, "%s-%s.csv" % (base, name))
    if not os.path.exists(f):
        problems.append("no CSV for sheet %s (%s)" % (name, sorted(os.listdir(csvdir))))
        continue
    with open(f, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    ws = a[name]
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            v = ws.cell(r, c).value
            if v is None:
                ok = text == ""
            elif isinstance(v, (int, float)):
                try:
                    ok = abs(float(text.replace(",", "").replace("¥", "").rstrip("%"))
                             - (v * 100 if text.endswith("%") else v)) < 0.01
                except ValueError:
                    ok = False
            elif hasattr(v, "isoformat"):
                ok = text != ""
            else:
                ok = text == str(v)
            if not ok:
                problems.append("%s CSV %s: %r for %r" % (
                    name, ws.cell(r, c).coordinate, text, v))
    if len(rows) < ws.max_row and any(
            ws.cell(r, 1).value is not None for r in range(len(rows) + 1, ws.max_row + 1)):
        problems.append("%s CSV has %d rows, the sheet %d" % (name, len(rows), ws.max_row))


def charts(path):
    with zipfile.ZipFile(path) as z:
        kinds = []
        for n in sorted(z.namelist()):
            if re.match(r"xl/charts/chart\d+\.xml$", n):
                x = z.read(n).decode("utf-8", "replace")
                kinds.append(tuple(sorted(set(re.findall(r"<c:(\w+Chart)>", x)))))
        return sorted(kinds)


ca, cb = charts(orig), charts(lo)
if ca != cb:
    problems.append("charts differ: %r vs %r" % (ca, cb))
for p in problems[:40]:
    print(p)
print("%s: %d sheets, %d cells, %d charts %r; %d problems" % (
    os.path.basename(orig), len(a.sheetnames), cells, len(ca), ca, len(problems)))
sys.exit(1 if problems else 0)
