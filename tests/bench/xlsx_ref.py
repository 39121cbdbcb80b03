#!/usr/bin/python3
"""xlsx_ref.py DB T0 T1 OUT — the reference of the report row: Debian's
python3-xlsxwriter (constant-memory mode, as radesk's libxlsxwriter)
writing the rows of radesk's daily workbook for [T0, T1): the decisions
(14 columns), the payments (8) and the backlog open at T1 (10), read
from DB with Python's sqlite3. What it leaves out: the summary sheet's
tables and charts, working-time arithmetic (hours are plain elapsed
hours) and the fulfilment and quarantine sheets (empty in the bench data).
Prints the row count of each sheet."""
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

import xlsxwriter

db, t0, t1, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
tz = timezone(timedelta(hours=8))
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
wb = xlsxwriter.Workbook(out, {"constant_memory": True})
f_text = wb.add_format({"num_format": "@"})
f_time = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
f_hours = wb.add_format({"num_format": "0.0"})
f_head = wb.add_format({"bold": True})


def when(t):
    return datetime.fromtimestamp(t, tz).replace(tzinfo=None) if t else None


def mask(name):
    return name[:1] + "*" * (len(name) - 1) if name else ""


def sheet(title, heads, rows, cells):
    ws = wb.add_worksheet(title)
    for c, h in enumerate(heads):
        ws.write_string(0, c, h, f_head)
    n = 0
    for n, row in enumerate(rows, 1):
        for c, (kind, v) in enumerate(cells(row)):
            if v is None:
                continue
            if kind == "t":
                ws.write_string(n, c, str(v), f_text)
            elif kind == "d":
                ws.write_datetime(n, c, v, f_time)
            else:
                ws.write_number(n, c, v, f_hours)
    ws.autofilter(0, 0, n, len(heads) - 1)
    return n


summary = wb.add_worksheet("汇总")
dec = sheet(
    "审核明细",
    ["申请编号", "类型", "单位名称", "经办人", "审核员", "决定", "原因代码", "备注",
     "提交时间", "决定时间", "SLA截止", "是否按时", "处理时长(小时)", "会签"],
    con.execute(
        "SELECT a.app_no, a.type, v.org_name, v.handler_name, o.login,"
        " o.display_name, d.action, coalesce((SELECT group_concat(code, ',')"
        " FROM (SELECT code FROM decision_reasons r WHERE r.decision_id = d.id"
        " ORDER BY code)), ''), d.note, d.countersign, v.submitted_at,"
        " v.sla_due_at, d.created_at FROM decisions d"
        " JOIN applications a ON a.id = d.app_id"
        " JOIN app_versions v ON v.id = d.version_id"
        " JOIN operators o ON o.id = d.operator_id"
        " WHERE d.created_at >= ? AND d.created_at < ?"
        " ORDER BY d.created_at, d.id", (t0, t1)),
    lambda r: [("t", r[0]), ("t", r[1]), ("t", r[2]), ("t", mask(r[3])),
               ("t", f"{r[5]} ({r[4]})"), ("t", r[6]), ("t", r[7]), ("t", r[8]),
               ("d", when(r[10])), ("d", when(r[12])), ("d", when(r[11])),
               ("t", "是" if r[12] <= r[11] else "否"),
               ("n", (r[12] - r[10]) / 3600.0), ("t", r[9])])
pay = sheet(
    "收款",
    ["申请编号", "单位名称", "支付方式", "金额", "交易号", "对账状态", "创建时间", "匹配时间"],
    con.execute(
        "SELECT a.app_no, v.org_name, p.method, p.amount_fen,"
        " coalesce(p.trade_no, ''), p.state, p.created_at, p.matched_at"
        " FROM payments p JOIN applications a ON a.id = p.app_id"
        " JOIN app_versions v ON v.id = p.version_id"
        " WHERE p.created_at >= ? AND p.created_at < ?"
        " ORDER BY p.created_at, p.id", (t0, t1)),
    lambda r: [("t", r[0]), ("t", r[1]), ("t", r[2]), ("n", r[3] / 100.0),
               ("t", r[4]), ("t", r[5]), ("d", when(r[6])), ("d", when(r[7]))])
back = sheet(
    "超时积压",
    ["申请编号", "类型", "单位名称", "经办人", "版本", "提交时间", "SLA截止", "是否超时",
     "已用(小时)", "当前状态"],
    con.execute(
        "SELECT a.app_no, a.type, v.org_name, v.handler_name, a.state,"
        " v.version, v.submitted_at, v.sla_due_at"
        " FROM app_versions v JOIN applications a ON a.id = v.app_id"
        " WHERE v.submitted_at < ?1"
        " AND NOT EXISTS (SELECT 1 FROM app_versions v2 WHERE"
        "  v2.app_id = v.app_id AND v2.version > v.version"
        "  AND v2.submitted_at < ?1)"
        " AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.app_id = v.app_id"
        "  AND d.version_id = v.id AND d.created_at < ?1"
        "  AND d.countersign <> 'refused')"
        " ORDER BY v.sla_due_at, a.app_no", (t1,)),
    lambda r: [("t", r[0]), ("t", r[1]), ("t", r[2]), ("t", mask(r[3])),
               ("n", r[5]), ("d", when(r[6])), ("d", when(r[7])),
               ("t", "超时" if r[7] < t1 else ""), ("n", (t1 - r[6]) / 3600.0),
               ("t", r[4])])
summary.write_string(0, 0, "RA 审核日报", f_head)
for i, (k, v) in enumerate([("决定", dec), ("收款", pay), ("积压", back)], 2):
    summary.write_string(i, 0, k, f_head)
    summary.write_number(i, 1, v)
wb.close()
print(f"{dec} decisions, {pay} payments, {back} open")
