#!/usr/bin/python3
"""check.py — read a daily workbook back with openpyxl (tests/workbook).

    check.py prefix FILE   every text cell that starts like a formula
                           (= + - @ TAB CR) carries the quote prefix, no
                           cell is a formula, the hostile names are there
    check.py counts FILE   the summary's counts are the detail sheets'
"""
import sys
import openpyxl

LEAD = ("=", "+", "-", "@", "\t", "\r")
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("  FAIL  " + what)


def prefix(path):
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                check(c.data_type != "f", "formula cell %s!%s: %r" % (ws.title, c.coordinate, v))
                if isinstance(v, str) and v[:1] in LEAD:
                    seen.add(v[:1])
                    check(c.quotePrefix, "no quote prefix: %s!%s %r" % (ws.title, c.coordinate, v))
                # a TAB became a space: still quote-prefixed, rightly
                if isinstance(v, str) and v.lstrip()[:1] not in LEAD and c.quotePrefix:
                    check(False, "quote prefix on plain text: %s!%s %r" % (ws.title, c.coordinate, v))
    check(seen >= {"=", "+", "-", "@"}, "every prefix met: %r" % sorted(seen))
    back = [r[2].value for r in wb["超时积压"].iter_rows(min_row=2)]
    check('=HYPERLINK("http://evil.example","点我")' in back, "hostile organisation stored as text: %r" % back)
    names = [r[1].value for r in wb["入库异常"].iter_rows(min_row=2)]
    check("=cmd.zip" in names, "hostile bundle name listed: %r" % names)
    # TAB and CR are control characters: the cell drops them, and the
    # '=' behind them is quote-prefixed like any other.
    check(any(n and n.lstrip().startswith("=tab") for n in names), "TAB bundle listed: %r" % names)
    check(any(n and n.startswith("=cr") for n in names), "CR bundle listed: %r" % names)
    # working days rounded for people
    for r in wb["超时积压"].iter_rows(min_row=2):
        v = r[8].value
        check(isinstance(v, (int, float)) and abs(v * 10 - round(v * 10)) < 1e-9 and r[8].number_format == "0.0",
              "working days to 0.1: %r %r" % (v, r[8].number_format))


def find(ws, col, value):
    for r in ws.iter_rows():
        if r[col].value == value:
            return r
    return None


def counts(path):
    wb = openpyxl.load_workbook(path)
    detail = [r for r in wb["审核明细"].iter_rows(min_row=2) if r[0].value]
    n = len(detail)
    s = wb["汇总"]
    tot = find(s, 0, "决定数（审核明细行数）")
    check(tot is not None and tot[1].value == n, "决定数 %r vs %d rows" % (tot and tot[1].value, n))
    rev = find(s, 0, "其中审核决定（通过/未通过/退回）")
    oth = find(s, 0, "其中撤销与退款")
    kinds = [r[5].value for r in detail]
    nrev = sum(1 for k in kinds if k in ("通过", "未通过", "退回金融认证"))
    check(rev is not None and rev[1].value == nrev, "reviews %r vs %d" % (rev and rev[1].value, nrev))
    check(oth is not None and oth[1].value == n - nrev, "others %r vs %d" % (oth and oth[1].value, n - nrev))
    check(n - nrev >= 2, "the data has cancellations and refunds: %r" % kinds)
    # by type: the 合计 column of the three type rows sums to the rows
    start = None
    for i, r in enumerate(s.iter_rows()):
        if r[0].value == "类型" and r[7].value == "合计":
            start = i
    rows = list(s.iter_rows())
    bytype = sum(rows[start + k][7].value for k in (1, 2, 3)) if start is not None else None
    check(bytype == n, "by type total %r vs %d" % (bytype, n))
    for label, want in (("撤销", "撤销"), ("退款", "退款")):
        col = [c.value for c in rows[start]].index(label) if start is not None else None
        got = sum(rows[start + k][col].value for k in (1, 2, 3)) if col is not None else None
        check(got == kinds.count(want), "by type %s %r vs %d" % (label, got, kinds.count(want)))
    # by auditor: the 合计 column sums to the rows too
    aud = None
    for i, r in enumerate(rows):
        if r[0].value == "审核员" and r[5].value == "合计":
            aud = i
    total = 0
    k = aud + 1 if aud is not None else len(rows)
    while k < len(rows) and isinstance(rows[k][5].value, (int, float)):
        total += rows[k][5].value
        k += 1
    check(total == n, "by auditor total %r vs %d" % (total, n))


{"prefix": prefix, "counts": counts}[sys.argv[1]](sys.argv[2])
sys.exit(1 if failures else 0)
