/*
 * daily.c — the daily/period workbook (see daily.h).
 *
 * The summary sheet comes first in the workbook but is written last: in
 * constant-memory mode each sheet is its own stream, so the detail
 * sheets are filled first (collecting the figures) and the summary then
 * written top to bottom.
 */
#include "reports/daily.h"
#include "reports/xlsx_util.h"
#include "catalog.h"

#include "core/i18n.h"
#include "core/mask.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/report_queries.h"
#include "store/scanread_store.h"

#include "labels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- labels */

static const struct {
	const char *zName;
	const char *zLabel;
} label_table[] = {
	/* application types */
	{ "replace", "介质遗失补办" }, { "renew", "证书续期" }, { "new", "证书新办" },
	/* decision actions */
	{ "approve", "通过" }, { "reject", "未通过" },
	{ "return_fin_auth", "退回金融认证" }, { "cancel", "撤销" },
	{ "request_refund", "申请退款" }, { "refund", "退款" },
	/* payment methods and reconciliation */
	{ "wechat", "微信支付" }, { "alipay", "支付宝" }, { "transfer", "对公转账" },
	{ "online", "在线已付" }, { "unmatched", "未匹配" },
	{ "matched", "已匹配" }, { "manual", "人工确认" },
	{ "refunded", "已退款" },
	/* production and shipping */
	{ "production", "制证" }, { "shipment", "寄送" },
	{ "requested", "已请求" }, { "queued", "排队中" },
	{ "writing", "写入中" }, { "qc_failed", "质检失败" },
	{ "ready", "已完成" }, { "created", "已下单" },
	{ "picked_up", "已揽收" }, { "in_transit", "运输中" },
	{ "returned", "已退回" },
	/* application states */
	{ "received", "已接收" }, { "in_review", "审核中" },
	{ "approved", "已通过" }, { "in_production", "制证中" },
	{ "shipped", "已寄出" }, { "delivered", "已签收" },
	{ "completed", "已完成" }, { "rejected", "未通过" },
	{ "fin_auth_failed", "金融认证失败" },
	{ "ready_to_install", "待安装" }, { "cancelled", "已撤销" },
	{ "refund_requested", "退款申请中" },
	/* countersign */
	{ "none", "" }, { "pending", "待复核" }, { "refused", "复核未同意" },
};

const char *rd_report_label(const char *zName)
{
	if (!zName)
		return "";
	for (size_t i = 0; i < sizeof label_table / sizeof label_table[0]; i++)
		if (!strcmp(label_table[i].zName, zName))
			return label_table[i].zLabel;
	return zName;
}

/* ---------------------------------------------------------- histogram */

void rd_wh_hist_add(struct rd_wh_hist *h, int64_t seconds)
{
	int64_t m = seconds < 0 ? 0 : seconds / 60;

	if (m > RD_WH_HIST_MINUTES)
		m = RD_WH_HIST_MINUTES;
	h->aBucket[m]++;
	h->n++;
}

int64_t rd_wh_hist_percentile(const struct rd_wh_hist *h, double p)
{
	uint64_t rank, seen = 0;

	if (h->n == 0 || !(p > 0.0))
		return 0;
	if (p > 1.0)
		p = 1.0;
	rank = (uint64_t)ceil(p * (double)h->n);
	if (rank < 1)
		rank = 1;
	for (int64_t m = 0; m <= RD_WH_HIST_MINUTES; m++) {
		seen += h->aBucket[m];
		if (seen >= rank)
			return m * 60;
	}
	return (int64_t)RD_WH_HIST_MINUTES * 60;
}

/* ---------------------------------------------------------- state */

/* Columns of the by-type table, in this order. */
static const char *const aAction[] = { "approve", "reject", "return_fin_auth",
				       "cancel", "request_refund", "refund" };
#define N_ACTION 6
static const char *const aType[] = { "replace", "renew", "new" };
#define N_TYPE 3
/* Backlog age buckets, in working days since submission. */
static const char *const aAgeLabel[] = { "不足1个工作日", "1–2个工作日",
					 "2–3个工作日", "3个工作日以上" };
#define N_AGE 4

struct report {
	struct store *st;
	const struct rd_report_spec *spec;
	struct rd_report_stats stats;
	struct rx_formats fmt;
	struct rd_err *err;
	int64_t t0, t1;
	/* figures collected from the detail sheets */
	struct rd_wh_hist *hist;
	int64_t nReview;           /* approve / reject / return_fin_auth */
	int64_t nReviewInSla;
	int64_t aPayFen[3], aPayN[3];
	int64_t aAge[N_AGE];
	struct rx_sheet shDec, shPay, shFul, shBack, shQuar;
	struct rd_catalog reasons;  /* spec->reasons_file, for the labels */
	int haveReasons;
};

static int is_review_action(const char *z)
{
	return !strcmp(z, "approve") || !strcmp(z, "reject") ||
	       !strcmp(z, "return_fin_auth");
}

static void person(const struct report *r, const char *zIn, char *out,
		   size_t n)
{
	if (r->spec->unmasked)
		snprintf(out, n, "%s", zIn);
	else
		rd_mask_name(zIn, out, n);
}

/* Tell the caller how far we are: every RD_REPORT_PROGRESS_ROWS rows of
 * a part, and when it is done. A non-OK answer stops the report. */
static rd_status progress(struct report *r, const char *zPart, int64_t nRows,
			  int done)
{
	if (!r->spec->progress)
		return RD_OK;
	if (!done && nRows % RD_REPORT_PROGRESS_ROWS != 0)
		return RD_OK;
	return r->spec->progress(r->spec->progress_ctx, zPart, nRows, done,
				 r->err);
}

static double to_hours(int64_t seconds)
{
	return (double)seconds / 3600.0;
}

/* ---------------------------------------------------------- 审核明细 */

static const char *const aDecHeader[] = {
	"申请编号", "类型", "单位名称", "经办人", "审核员", "决定", "原因",
	"备注", "提交时间", "决定时间", "SLA截止", "是否按时",
	"处理时长(工作小时)", "会签", "原因代码（机读）"
};

/* Reason codes "A,B" as people read them, "标签A；标签B", from the
 * reasons catalogue (a code it lacks stays as it is). */
static void reason_labels(const struct report *r, const char *zCodes,
			  char *out, size_t n)
{
	char zCopy[1024], *zSave = NULL;
	size_t len = 0;

	if (n)
		out[0] = '\0';
	snprintf(zCopy, sizeof zCopy, "%s", zCodes ? zCodes : "");
	for (char *t = strtok_r(zCopy, ",", &zSave); t && len < n;
	     t = strtok_r(NULL, ",", &zSave)) {
		const struct rd_catalog_item *it =
			r->haveReasons ? rd_catalog_find(&r->reasons, t) : NULL;

		len += (size_t)snprintf(out + len, n - len, "%s%s",
					len ? "；" : "",
					it && it->label_zh[0] ? it->label_zh : t);
	}
}

static rd_status on_decision(void *ctx, const struct store_rep_decision *d)
{
	struct report *r = ctx;
	struct rx_sheet *sh = &r->shDec;
	uint32_t row = sh->nextRow;
	char zHandler[RD_MASK_BUFSZ * 2];
	char zAuditor[256];
	int64_t wsec = rd_cal_working_seconds_between(r->spec->cal,
						      d->submitted_at,
						      d->decided_at);
	int inSla = d->decided_at <= d->sla_due_at;

	person(r, d->handler_name, zHandler, sizeof zHandler);
	if (*d->auditor_name)
		snprintf(zAuditor, sizeof zAuditor, "%s (%s)", d->auditor_name,
			 d->auditor_login);
	else
		snprintf(zAuditor, sizeof zAuditor, "%s", d->auditor_login);
	rx_text(sh, row, 0, d->app_no, r->fmt.text);
	rx_text(sh, row, 1, rd_report_label(d->type), r->fmt.text);
	rx_text(sh, row, 2, d->org_name, r->fmt.text);
	rx_text(sh, row, 3, zHandler, r->fmt.text);
	rx_text(sh, row, 4, zAuditor, r->fmt.text);
	rx_text(sh, row, 5, rd_report_label(d->action), r->fmt.text);
	{
		char zLabels[2048];

		reason_labels(r, d->reasons, zLabels, sizeof zLabels);
		rx_text(sh, row, 6, zLabels, r->fmt.text);
		/* The codes last, for machines (issue #14). */
		rx_text(sh, row, 14, d->reasons, r->fmt.text);
	}
	rx_text(sh, row, 7, d->note, r->fmt.text);
	rx_time(sh, row, 8, d->submitted_at, r->fmt.datetime);
	rx_time(sh, row, 9, d->decided_at, r->fmt.datetime);
	rx_time(sh, row, 10, d->sla_due_at, r->fmt.datetime);
	rx_text(sh, row, 11, inSla ? "是" : "否", r->fmt.text);
	rx_number(sh, row, 12, rx_round(to_hours(wsec), 1), r->fmt.hours);
	rx_text(sh, row, 13, rd_report_label(d->countersign), r->fmt.text);
	r->stats.nDecisions++;
	if (is_review_action(d->action)) {
		r->nReview++;
		r->nReviewInSla += inSla;
		rd_wh_hist_add(r->hist, wsec);
	}
	if (sh->lastErr != LXW_NO_ERROR)
		return rx_sheet_end(sh, -1, r->err);
	return progress(r, "decisions", r->stats.nDecisions, 0);
}

/* ---------------------------------------------------------- 收款 */

static const char *const aPayHeader[] = {
	"申请编号", "单位名称", "支付方式", "金额", "交易号", "对账状态",
	"创建时间", "匹配时间"
};

static int method_index(const char *z)
{
	if (!strcmp(z, "wechat"))
		return 0;
	if (!strcmp(z, "alipay"))
		return 1;
	return 2;
}

static rd_status on_payment(void *ctx, const struct store_rep_payment *p)
{
	struct report *r = ctx;
	struct rx_sheet *sh = &r->shPay;
	uint32_t row = sh->nextRow;
	int m = method_index(p->method);

	rx_text(sh, row, 0, p->app_no, r->fmt.text);
	rx_text(sh, row, 1, p->org_name, r->fmt.text);
	rx_text(sh, row, 2, rd_report_label(p->method), r->fmt.text);
	rx_money(sh, row, 3, p->amount_fen);
	rx_text(sh, row, 4, p->trade_no, r->fmt.text);
	rx_text(sh, row, 5, rd_report_label(p->state), r->fmt.text);
	rx_time(sh, row, 6, p->created_at, r->fmt.datetime);
	rx_time(sh, row, 7, p->matched_at, r->fmt.datetime);
	r->stats.nPayments++;
	r->stats.payTotalFen += p->amount_fen;
	r->aPayFen[m] += p->amount_fen;
	r->aPayN[m]++;
	if (sh->lastErr != LXW_NO_ERROR)
		return rx_sheet_end(sh, -1, r->err);
	return progress(r, "payments", r->stats.nPayments, 0);
}

/* Totals under the data, after one blank row; outside the filter. */
static void payment_totals(struct report *r)
{
	struct rx_sheet *sh = &r->shPay;
	uint32_t row = sh->nextRow + 1;
	static const char *const aMethod[] = { "wechat", "alipay", "transfer" };

	for (int m = 0; m < 3; m++, row++) {
		char zLabel[64];

		snprintf(zLabel, sizeof zLabel, "小计 %s",
			 rd_report_label(aMethod[m]));
		rx_text(sh, row, 1, zLabel, r->fmt.header);
		rx_text(sh, row, 2, "笔数", r->fmt.text);
		rx_number(sh, row, 3, (double)r->aPayN[m], r->fmt.integer);
		rx_text(sh, row, 4, "金额", r->fmt.text);
		rx_money(sh, row, 5, r->aPayFen[m]);
	}
	rx_text(sh, row, 1, "合计", r->fmt.header);
	rx_text(sh, row, 2, "笔数", r->fmt.text);
	rx_number(sh, row, 3, (double)r->stats.nPayments, r->fmt.integer);
	rx_text(sh, row, 4, "金额", r->fmt.text);
	rx_money(sh, row, 5, r->stats.payTotalFen);
}

/* ---------------------------------------------------------- 制证寄送 */

static const char *const aFulHeader[] = {
	"申请编号", "类别", "订单号/运单号", "承运商", "状态", "介质序列号",
	"制证次数", "面单打印次数", "签收时间", "问题", "创建时间", "更新时间",
	"网点"
};

static rd_status on_fulfil(void *ctx, const struct store_rep_fulfil *f)
{
	struct report *r = ctx;
	struct rx_sheet *sh = &r->shFul;
	uint32_t row = sh->nextRow;

	rx_text(sh, row, 0, f->app_no, r->fmt.text);
	rx_text(sh, row, 1, rd_report_label(f->kind), r->fmt.text);
	rx_text(sh, row, 2, f->ref, r->fmt.text);
	rx_text(sh, row, 3, f->carrier, r->fmt.text);
	rx_text(sh, row, 4, rd_report_label(f->state), r->fmt.text);
	rx_text(sh, row, 5, f->medium_serial, r->fmt.text);
	/* Counts only where they mean something: attempts of an order,
	 * prints of a waybill's label. */
	if (f->attempt > 0)
		rx_number(sh, row, 6, (double)f->attempt, r->fmt.integer);
	if (!strcmp(f->kind, "shipment"))
		rx_number(sh, row, 7, (double)f->print_count, r->fmt.integer);
	rx_time(sh, row, 8, f->delivered_at, r->fmt.datetime);
	rx_text(sh, row, 9, f->last_error, r->fmt.text);
	rx_time(sh, row, 10, f->created_at, r->fmt.datetime);
	rx_time(sh, row, 11, f->updated_at, r->fmt.datetime);
	/* channels and outlets: whose production line made the key */
	rx_text(sh, row, 12, f->outlet, r->fmt.text);
	r->stats.nFulfil++;
	if (sh->lastErr != LXW_NO_ERROR)
		return rx_sheet_end(sh, -1, r->err);
	return progress(r, "fulfilment", r->stats.nFulfil, 0);
}

/* ---------------------------------------------------------- 超时积压 */

static const char *const aBackHeader[] = {
	"申请编号", "类型", "单位名称", "经办人", "版本", "提交时间", "SLA截止",
	"是否超时", "已用(工作日)", "当前状态"
};

static rd_status on_backlog(void *ctx, const struct store_rep_backlog *b)
{
	struct report *r = ctx;
	struct rx_sheet *sh = &r->shBack;
	uint32_t row = sh->nextRow;
	char zHandler[RD_MASK_BUFSZ * 2];
	int64_t daySec = rd_cal_day_seconds(r->spec->cal);
	int64_t wsec = rd_cal_working_seconds_between(r->spec->cal,
						      b->submitted_at, r->t1);
	double days = daySec > 0 ? (double)wsec / (double)daySec : 0.0;
	int overdue = b->sla_due_at < r->t1;
	int age = days < 1.0 ? 0 : days < 2.0 ? 1 : days < 3.0 ? 2 : 3;

	person(r, b->handler_name, zHandler, sizeof zHandler);
	rx_text(sh, row, 0, b->app_no, r->fmt.text);
	rx_text(sh, row, 1, rd_report_label(b->type), r->fmt.text);
	rx_text(sh, row, 2, b->org_name, r->fmt.text);
	rx_text(sh, row, 3, zHandler, r->fmt.text);
	rx_number(sh, row, 4, (double)b->version, r->fmt.integer);
	rx_time(sh, row, 5, b->submitted_at, r->fmt.datetime);
	rx_time(sh, row, 6, b->sla_due_at, r->fmt.datetime);
	rx_text(sh, row, 7, overdue ? "超时" : "", r->fmt.text);
	rx_number(sh, row, 8, rx_round(days, 1), r->fmt.days);
	rx_text(sh, row, 9, rd_report_label(b->state), r->fmt.text);
	r->stats.nBacklog++;
	r->stats.nOverdue += overdue;
	r->aAge[age]++;
	if (sh->lastErr != LXW_NO_ERROR)
		return rx_sheet_end(sh, -1, r->err);
	return progress(r, "backlog", r->stats.nBacklog, 0);
}

/* ---------------------------------------------------------- 入库异常 */

static const char *const aQuarHeader[] = {
	"时间", "包文件名", "SHA-256", "申请编号", "原因"
};

static rd_status on_quarantine(void *ctx, const struct store_rep_quarantine *q)
{
	struct report *r = ctx;
	struct rx_sheet *sh = &r->shQuar;
	uint32_t row = sh->nextRow;

	rx_time(sh, row, 0, q->at, r->fmt.datetime);
	rx_text(sh, row, 1, q->bundle_name, r->fmt.text);
	rx_text(sh, row, 2, q->bundle_sha256, r->fmt.text);
	rx_text(sh, row, 3, q->app_no, r->fmt.text);
	{
		/* The path the reason names, in words (labels.c). */
		char zWhy[1024];

		rd_label_reason(q->reason, zWhy, sizeof zWhy);
		rx_text(sh, row, 4, zWhy, r->fmt.text);
	}
	r->stats.nQuarantined++;
	if (sh->lastErr != LXW_NO_ERROR)
		return rx_sheet_end(sh, -1, r->err);
	return progress(r, "quarantine", r->stats.nQuarantined, 0);
}

/* ---------------------------------------------------------- 汇总 */

struct summary {
	struct report *r;
	struct rx_sheet sh;
	uint32_t row;
	int64_t aTypeAct[N_TYPE][N_ACTION];
	/* by-auditor pivot: the login being accumulated */
	char zLogin[64];
	char zName[128];
	int64_t aAud[3];           /* approve, reject, other */
};

static int index_of(const char *const *az, int n, const char *z)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(az[i], z))
			return i;
	return -1;
}

static rd_status on_type_count(void *ctx, const struct store_rep_count *c)
{
	struct summary *s = ctx;
	int t = index_of(aType, N_TYPE, c->key);
	int a = index_of(aAction, N_ACTION, c->key2);

	if (t >= 0 && a >= 0)
		s->aTypeAct[t][a] += c->n;
	return RD_OK;
}

static void auditor_flush(struct summary *s)
{
	struct rx_sheet *sh = &s->sh;
	const struct rx_formats *f = &s->r->fmt;

	if (!s->zLogin[0])
		return;
	rx_text(sh, s->row, 0, s->zLogin, f->text);
	rx_text(sh, s->row, 1, s->zName, f->text);
	for (int i = 0; i < 3; i++)
		rx_number(sh, s->row, 2 + i, (double)s->aAud[i], f->integer);
	rx_number(sh, s->row, 5, (double)(s->aAud[0] + s->aAud[1] + s->aAud[2]),
		  f->integer);
	s->row++;
	s->zLogin[0] = '\0';
}

static rd_status on_auditor_count(void *ctx, const struct store_rep_count *c)
{
	struct summary *s = ctx;

	if (strcmp(s->zLogin, c->key) != 0) {
		auditor_flush(s);
		snprintf(s->zLogin, sizeof s->zLogin, "%s", c->key);
		snprintf(s->zName, sizeof s->zName, "%s", c->label);
		memset(s->aAud, 0, sizeof s->aAud);
	}
	if (!strcmp(c->key2, "approve"))
		s->aAud[0] += c->n;
	else if (!strcmp(c->key2, "reject"))
		s->aAud[1] += c->n;
	else
		s->aAud[2] += c->n;
	return RD_OK;
}

static rd_status on_reason_count(void *ctx, const struct store_rep_count *c)
{
	struct summary *s = ctx;

	char zLabel[512];

	reason_labels(s->r, c->key, zLabel, sizeof zLabel);
	rx_text(&s->sh, s->row, 0, zLabel, s->r->fmt.text);
	rx_number(&s->sh, s->row, 1, (double)c->n, s->r->fmt.integer);
	rx_text(&s->sh, s->row, 2, c->key, s->r->fmt.text);
	s->row++;
	return RD_OK;
}

/* A section title followed by its column headers. */
static void section(struct summary *s, const char *zTitle,
		    const char *const *azHead, int nHead)
{
	s->row++;
	rx_text(&s->sh, s->row++, 0, zTitle, s->r->fmt.title);
	for (int i = 0; i < nHead; i++)
		rx_text(&s->sh, s->row, i, azHead[i], s->r->fmt.header);
	s->row++;
}

static void kv_text(struct summary *s, const char *zKey, const char *zVal)
{
	rx_text(&s->sh, s->row, 0, zKey, s->r->fmt.header);
	rx_text(&s->sh, s->row, 1, zVal, s->r->fmt.text);
	s->row++;
}

static void kv_num(struct summary *s, const char *zKey, double v,
		   lxw_format *fmt)
{
	rx_text(&s->sh, s->row, 0, zKey, s->r->fmt.header);
	rx_number(&s->sh, s->row, 1, v, fmt);
	s->row++;
}

static void add_chart(lxw_workbook *wb, lxw_worksheet *ws, uint8_t type,
		      const char *zTitle, uint32_t anchorRow, uint32_t first,
		      uint32_t last, int nSeries, int firstValCol,
		      const char *const *azSeries)
{
	lxw_chart *ch = workbook_add_chart(wb, type);

	if (!ch)
		return;
	chart_title_set_name(ch, zTitle);
	for (int k = 0; k < nSeries; k++) {
		lxw_chart_series *se = chart_add_series(ch, NULL, NULL);

		if (!se)
			continue;
		chart_series_set_categories(se, "汇总", first, 0, last, 0);
		chart_series_set_values(se, "汇总", first,
					(lxw_col_t)(firstValCol + k), last,
					(lxw_col_t)(firstValCol + k));
		if (azSeries)
			chart_series_set_name(se, azSeries[k]);
	}
	worksheet_insert_chart(ws, anchorRow, 8, ch);
}

/* Reading findings by kind, of the versions read in the period (issue
 * #17): every kind on its row, 0 when none. */
static const struct {
	const char *code, *label;
} aReadKind[] = {
	{ "licence_name_mismatch", "营业执照名称不一致" },
	{ "licence_uscc_mismatch", "营业执照信用代码不一致" },
	{ "id_number_mismatch", "身份证号码不一致" },
	{ "id_name_mismatch", "身份证姓名不一致" },
	{ "form_field_mismatch", "申请表内容不一致" },
	{ "form_seal_missing", "申请表未见公章" },
	{ "scan_unreadable", "扫描件无法识别" },
};

#define N_READ_KIND (sizeof aReadKind / sizeof aReadKind[0])

static int on_read_count(void *ctx, const char *code, int64_t n)
{
	int64_t *a = ctx;

	for (size_t k = 0; k < N_READ_KIND; k++)
		if (!strcmp(aReadKind[k].code, code))
			a[k] = n;
	return 0;
}

static rd_status reading_section(struct summary *s)
{
	static const char *const aHead[] = { "识别发现", "数量" };
	int64_t aN[N_READ_KIND] = { 0 };
	rd_status rc = store_scan_finding_counts(s->r->st, s->r->t0, s->r->t1,
						 on_read_count, aN, s->r->err);

	if (rc != RD_OK)
		return rc;
	section(s, "扫描件识别（按类型）", aHead, 2);
	for (size_t k = 0; k < N_READ_KIND; k++, s->row++) {
		rx_text(&s->sh, s->row, 0, aReadKind[k].label, s->r->fmt.text);
		rx_number(&s->sh, s->row, 1, (double)aN[k], s->r->fmt.integer);
	}
	return RD_OK;
}

static rd_status write_summary(struct report *r, lxw_workbook *wb,
			       lxw_worksheet *ws)
{
	static const char *const aTypeHead[] = {
		"类型", "通过", "未通过", "退回金融认证", "撤销", "申请退款",
		"退款", "合计"
	};
	static const char *const aAudHead[] = { "审核员", "姓名", "通过",
						"未通过", "其他", "合计" };
	static const char *const aReasonHead[] = { "未通过原因", "次数",
						   "原因代码（机读）" };
	static const char *const aAgeHead[] = { "积压账龄", "件数" };
	static const char *const aSeries[] = { "通过", "未通过", "退回金融认证",
					       "撤销", "申请退款", "退款" };
	const struct rd_report_spec *sp = r->spec;
	struct summary *s = calloc(1, sizeof *s);
	char zTitle[128], zFrom[16], zTo[16];
	uint32_t typeFirst, reasonFirst, ageFirst;
	rd_status rc = RD_OK;
	int y, m, d;

	if (!s)
		return rd_err_set(r->err, RD_ERR_NOMEM, _("out of memory"));
	s->r = r;
	rx_sheet_attach(ws, &r->fmt, 8, &s->sh);
	rd_time_civil_from_days(sp->from_day, &y, &m, &d);
	snprintf(zFrom, sizeof zFrom, "%04d-%02d-%02d", y, m, d);
	rd_time_civil_from_days(sp->to_day, &y, &m, &d);
	snprintf(zTo, sizeof zTo, "%04d-%02d-%02d", y, m, d);
	if (sp->from_day == sp->to_day)
		snprintf(zTitle, sizeof zTitle, "RA 审核日报 %s", zFrom);
	else
		snprintf(zTitle, sizeof zTitle, "RA 审核报表 %s 至 %s", zFrom,
			 zTo);
	rx_text(&s->sh, s->row++, 0, zTitle, r->fmt.title);
	rx_text(&s->sh, s->row, 0, "生成时间", r->fmt.header);
	rx_time(&s->sh, s->row++, 1, sp->generated_at, r->fmt.datetime);
	kv_text(s, "生成人", sp->generated_by ? sp->generated_by : "");
	kv_text(s, "审计链头", r->stats.chainHead);
	kv_text(s, "个人信息", sp->unmasked ? "未脱敏（主管导出，已审计）"
					    : "已脱敏");

	/* Handling time and SLA of the review decisions. Every count
	 * here is the count of rows of a detail sheet, or of a named part
	 * of them: 决定数 = the rows of 审核明细 (every decision of the
	 * period: reviews, cancellations, refunds); the review decisions
	 * (approve, reject, return for financial authentication) among
	 * them carry the handling times and the SLA. */
	section(s, "审核时效", NULL, 0);
	kv_num(s, "决定数（审核明细行数）", (double)r->stats.nDecisions,
	       r->fmt.integer);
	kv_num(s, "其中审核决定（通过/未通过/退回）", (double)r->nReview,
	       r->fmt.integer);
	kv_num(s, "其中撤销与退款", (double)(r->stats.nDecisions - r->nReview),
	       r->fmt.integer);
	kv_num(s, "审核处理时长中位数(工作小时)",
	       rx_round(to_hours(rd_wh_hist_percentile(r->hist, 0.5)), 1),
	       r->fmt.hours);
	kv_num(s, "审核处理时长90百分位(工作小时)",
	       rx_round(to_hours(rd_wh_hist_percentile(r->hist, 0.9)), 1),
	       r->fmt.hours);
	kv_num(s, "审核决定SLA内完成比例",
	       r->nReview ? (double)r->nReviewInSla / (double)r->nReview : 0.0,
	       r->fmt.percent);
	kv_num(s, "期末积压", (double)r->stats.nBacklog, r->fmt.integer);
	kv_num(s, "其中超时", (double)r->stats.nOverdue, r->fmt.integer);
	kv_num(s, "入库异常", (double)r->stats.nQuarantined, r->fmt.integer);
	kv_num(s, "收款笔数", (double)r->stats.nPayments, r->fmt.integer);
	rx_text(&s->sh, s->row, 0, "收款金额", r->fmt.header);
	rx_money(&s->sh, s->row++, 1, r->stats.payTotalFen);

	/* Decisions by type and outcome. */
	rc = store_report_decisions_by_type(r->st, r->t0, r->t1, on_type_count,
					    s, r->err);
	if (rc != RD_OK)
		goto done;
	section(s, "审核决定（按类型）", aTypeHead, 8);
	typeFirst = s->row;
	for (int t = 0; t < N_TYPE; t++, s->row++) {
		int64_t nAll = 0;

		rx_text(&s->sh, s->row, 0, rd_report_label(aType[t]),
			r->fmt.text);
		for (int a = 0; a < N_ACTION; a++) {
			rx_number(&s->sh, s->row, 1 + a,
				  (double)s->aTypeAct[t][a], r->fmt.integer);
			nAll += s->aTypeAct[t][a];
		}
		rx_number(&s->sh, s->row, 7, (double)nAll, r->fmt.integer);
	}

	/* Per auditor. */
	section(s, "审核决定（按审核员）", aAudHead, 6);
	rc = store_report_decisions_by_auditor(r->st, r->t0, r->t1,
					       on_auditor_count, s, r->err);
	if (rc != RD_OK)
		goto done;
	auditor_flush(s);

	/* Reject reasons. */
	section(s, "未通过原因", aReasonHead, 3);
	reasonFirst = s->row;
	rc = store_report_reject_reasons(r->st, r->t0, r->t1, on_reason_count,
					 s, r->err);
	if (rc != RD_OK)
		goto done;

	/* Backlog by age. */
	{
		uint32_t reasonLast = s->row;

		section(s, "期末积压账龄", aAgeHead, 2);
		ageFirst = s->row;
		for (int k = 0; k < N_AGE; k++, s->row++) {
			rx_text(&s->sh, s->row, 0, aAgeLabel[k], r->fmt.text);
			rx_number(&s->sh, s->row, 1, (double)r->aAge[k],
				  r->fmt.integer);
		}
		add_chart(wb, ws, LXW_CHART_COLUMN, "审核决定（按类型）", 0,
			  typeFirst, typeFirst + N_TYPE - 1, N_ACTION, 1,
			  aSeries);
		/* A chart needs at least one row; with no reasons it points
		 * at the header row and shows nothing. */
		add_chart(wb, ws, LXW_CHART_BAR, "未通过原因", 16,
			  reasonLast > reasonFirst ? reasonFirst : reasonFirst - 1,
			  reasonLast > reasonFirst ? reasonLast - 1 : reasonFirst - 1,
			  1, 1, NULL);
		add_chart(wb, ws, LXW_CHART_COLUMN, "积压账龄", 32, ageFirst,
			  ageFirst + N_AGE - 1, 1, 1, NULL);
	}
	rc = reading_section(s);
	if (rc != RD_OK)
		goto done;
	s->sh.aWidth[0] = s->sh.aWidth[0] > 28 ? 28 : s->sh.aWidth[0];
	rc = rx_sheet_end(&s->sh, -1, r->err);
done:
	free(s);
	return rc;
}

/* ---------------------------------------------------------- driver */

rd_status rd_report_write(struct store *st, const struct rd_report_spec *spec,
			  const char *zPath, struct rd_report_stats *stats,
			  struct rd_err *err)
{
	lxw_workbook *wb = NULL;
	lxw_worksheet *wsSummary;
	struct report *r = calloc(1, sizeof *r);
	int64_t headId = 0;
	char zHead[65];
	int inSnapshot = 0;
	rd_status rc;

	if (!r)
		return rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
	rd_catalog_init(&r->reasons);
	r->hist = calloc(1, sizeof *r->hist);
	if (!r->hist) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
		goto done;
	}
	r->st = st;
	r->spec = spec;
	r->err = err;
	r->t0 = spec->from_day * 86400 - RD_TIME_TZ_OFFSET;
	r->t1 = (spec->to_day + 1) * 86400 - RD_TIME_TZ_OFFSET;
	rc = rx_workbook_new(zPath, spec->tmpdir, &wb, err);
	if (rc != RD_OK)
		goto done;
	rx_formats_init(wb, &r->fmt);
	wsSummary = workbook_add_worksheet(wb, "汇总");
	if (!wsSummary) {
		rc = rd_err_set(err, RD_ERR_INTERNAL, _("cannot add sheet"));
		goto done;
	}
	/* Labels of the reason codes; without the catalogue the codes
	 * stand (the workbook is still written). */
	if (spec->reasons_file && *spec->reasons_file)
		r->haveReasons = rd_catalog_load(&r->reasons, spec->reasons_file,
						 NULL) == RD_OK;
	rc = rx_sheet_begin(wb, "审核明细", &r->fmt, aDecHeader, 15, &r->shDec,
			    err);
	if (rc == RD_OK)
		rc = rx_sheet_begin(wb, "收款", &r->fmt, aPayHeader, 8,
				    &r->shPay, err);
	if (rc == RD_OK)
		rc = rx_sheet_begin(wb, "制证寄送", &r->fmt, aFulHeader, 13,
				    &r->shFul, err);
	if (rc == RD_OK)
		rc = rx_sheet_begin(wb, "超时积压", &r->fmt, aBackHeader, 10,
				    &r->shBack, err);
	if (rc == RD_OK)
		rc = rx_sheet_begin(wb, "入库异常", &r->fmt, aQuarHeader, 5,
				    &r->shQuar, err);
	if (rc != RD_OK)
		goto done;

	rc = store_report_snapshot_begin(st, err);
	if (rc != RD_OK)
		goto done;
	inSnapshot = 1;
	rc = store_audit_head(st, &headId, zHead, err);
	if (rc != RD_OK)
		goto done;
	snprintf(r->stats.chainHead, sizeof r->stats.chainHead, "#%lld %s",
		 (long long)headId, zHead);
	rc = store_report_decisions(st, r->t0, r->t1, on_decision, r, err);
	if (rc == RD_OK)
		rc = rx_sheet_end(&r->shDec, r->shDec.nextRow - 1, err);
	if (rc == RD_OK)
		rc = progress(r, "decisions", r->stats.nDecisions, 1);
	if (rc == RD_OK)
		rc = store_report_payments(st, r->t0, r->t1, on_payment, r, err);
	if (rc == RD_OK) {
		int64_t last = r->shPay.nextRow - 1;

		rx_sheet_filter(&r->shPay, last);
		payment_totals(r);
		rc = rx_sheet_end(&r->shPay, -1, err);
	}
	if (rc == RD_OK)
		rc = progress(r, "payments", r->stats.nPayments, 1);
	if (rc == RD_OK)
		rc = store_report_fulfilment(st, r->t0, r->t1, on_fulfil, r,
					     err);
	if (rc == RD_OK)
		rc = rx_sheet_end(&r->shFul, r->shFul.nextRow - 1, err);
	if (rc == RD_OK)
		rc = progress(r, "fulfilment", r->stats.nFulfil, 1);
	if (rc == RD_OK)
		rc = store_report_backlog(st, r->t1, on_backlog, r, err);
	if (rc == RD_OK)
		rc = rx_sheet_end(&r->shBack, r->shBack.nextRow - 1, err);
	if (rc == RD_OK)
		rc = progress(r, "backlog", r->stats.nBacklog, 1);
	if (rc == RD_OK)
		rc = store_report_quarantined(st, r->t0, r->t1, on_quarantine,
					      r, err);
	if (rc == RD_OK)
		rc = rx_sheet_end(&r->shQuar, r->shQuar.nextRow - 1, err);
	if (rc == RD_OK)
		rc = progress(r, "quarantine", r->stats.nQuarantined, 1);
	if (rc == RD_OK)
		rc = write_summary(r, wb, wsSummary);
	if (rc == RD_OK)
		rc = progress(r, "summary", 0, 1);
	store_report_snapshot_end(st);
	inSnapshot = 0;
	if (rc != RD_OK)
		goto done;
	worksheet_activate(wsSummary);
	rc = rx_workbook_close(&wb, zPath, err);
	if (rc == RD_OK)
		rc = progress(r, "workbook", 0, 1);
	if (rc == RD_OK && stats)
		*stats = r->stats;
done:
	if (inSnapshot)
		store_report_snapshot_end(st);
	if (wb)
		workbook_close(wb);   /* error path: still frees everything */
	if (r) {
		free(r->hist);
		rd_catalog_fini(&r->reasons);
	}
	free(r);
	return rc;
}
