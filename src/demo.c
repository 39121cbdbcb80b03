/*
 * demo.c — the synthetic data generator behind `radesk demo` (demo.h).
 *
 * Everything random comes from one splitmix64 stream seeded by --seed, so
 * the same seed, count, clock and scans give byte-identical bundles.
 */
#include "demo.h"

#include "core/i18n.h"
#include "core/ids.h"
#include "core/state.h"
#include "core/timefmt.h"
#include "crypto.h"
#include "fsutil.h"
#include "scandoc.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define DAY ((int64_t)86400)
#define HOUR ((int64_t)3600)

/* ------------------------------------------------------------ randomness */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. */
static int64_t rng_below(struct rng *r, int64_t n)
{
	return (int64_t)(rng_next(r) % (uint64_t)n);
}

/* True with probability pct/100. */
static int rng_pct(struct rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, a) ((a)[rng_below((r), (int64_t)(sizeof(a) / sizeof((a)[0])))])

/* ------------------------------------------------------------- word lists */

struct city {
	const char *province, *city, *cshort, *county, *cstem, *code, *postcode;
};

/* County-level administrative codes (GB/T 2260) and postcodes. */
static const struct city aCity[] = {
	{ "广东省", "深圳市", "深圳", "南山区", "南山", "440305", "518057" },
	{ "广东省", "深圳市", "深圳", "福田区", "福田", "440304", "518048" },
	{ "广东省", "深圳市", "深圳", "宝安区", "宝安", "440306", "518101" },
	{ "广东省", "广州市", "广州", "天河区", "天河", "440106", "510630" },
	{ "广东省", "东莞市", "东莞", "南城街道", "南城", "441900", "523070" },
	{ "北京市", "北京市", "北京", "海淀区", "海淀", "110108", "100080" },
	{ "北京市", "北京市", "北京", "朝阳区", "朝阳", "110105", "100020" },
	{ "上海市", "上海市", "上海", "浦东新区", "浦东", "310115", "200120" },
	{ "上海市", "上海市", "上海", "徐汇区", "徐汇", "310104", "200030" },
	{ "浙江省", "杭州市", "杭州", "西湖区", "西湖", "330106", "310013" },
	{ "浙江省", "宁波市", "宁波", "鄞州区", "鄞州", "330212", "315100" },
	{ "江苏省", "南京市", "南京", "鼓楼区", "鼓楼", "320106", "210008" },
	{ "江苏省", "苏州市", "苏州", "姑苏区", "姑苏", "320508", "215000" },
	{ "四川省", "成都市", "成都", "武侯区", "武侯", "510107", "610041" },
	{ "湖北省", "武汉市", "武汉", "洪山区", "洪山", "420111", "430070" },
	{ "山东省", "济南市", "济南", "历下区", "历下", "370102", "250014" },
	{ "福建省", "厦门市", "厦门", "思明区", "思明", "350203", "361001" },
	{ "陕西省", "西安市", "西安", "雁塔区", "雁塔", "610113", "710061" },
	{ "天津市", "天津市", "天津", "南开区", "南开", "120104", "300100" },
	{ "重庆市", "重庆市", "重庆", "渝北区", "渝北", "500112", "401120" },
	{ "河南省", "郑州市", "郑州", "金水区", "金水", "410105", "450003" },
	{ "湖南省", "长沙市", "长沙", "岳麓区", "岳麓", "430104", "410006" },
};

static const char *const aBrand[] = {
	"华信达", "星河", "恒通", "瑞丰", "金桥", "博远", "中科创", "鼎盛",
	"汇智", "嘉禾", "天成", "宏图", "新元", "锦程", "正泰和", "云帆",
	"卓越", "盛世", "明德", "安信", "联创", "启航", "海纳", "凯瑞",
	"永顺", "万象", "银河", "蓝海", "长青", "华拓", "信达通", "众诚",
	"德润", "高鑫", "泰和", "优品", "鸿运", "同创", "睿思", "聚源",
};

static const char *const aTrade[] = {
	"科技", "信息技术", "网络科技", "电子", "贸易", "建设工程", "物流",
	"医疗器械", "餐饮管理", "教育咨询", "环保科技", "新能源", "文化传媒",
	"建筑装饰", "食品", "供应链管理", "软件", "智能制造", "生物科技",
};

static const char *const aSurname[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",
	"孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁",
	"谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "欧阳",
};

static const char *const aGivenMale[] = {
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚",
	"建华", "志强", "浩然", "思远", "俊杰", "文博", "子轩", "宇航", "国栋",
};

static const char *const aGivenFemale[] = {
	"芳", "娜", "秀英", "敏", "静", "丽", "艳", "娟", "霞", "秀兰",
	"桂英", "晓燕", "欣怡", "佳琪", "雨桐", "梦瑶", "婷婷", "慧敏",
};

static const char *const aPosition[] = {
	"行政专员", "行政主管", "财务经理", "会计", "出纳", "办公室主任",
	"总经理助理", "人事专员", "法务专员", "信息部工程师",
};

static const char *const aRoad[] = {
	"科苑路", "深南大道", "中关村大街", "人民路", "解放路", "建设路",
	"中山路", "长江路", "滨江大道", "高新大道", "文化路", "学府路",
	"创业路", "金融街", "新华路", "环城东路",
};

static const char *const aBuilding[] = {
	"创新大厦", "科技园", "国际中心", "商务大厦", "金融中心", "产业园",
	"写字楼", "广场",
};

struct bank {
	const char *name;
	const char *prefix;   /* first digits of its account numbers */
	int len;              /* digits of an account number */
};

static const struct bank aBank[] = {
	{ "中国工商银行", "4000", 19 },
	{ "中国建设银行", "4420", 20 },
	{ "中国农业银行", "4102", 19 },
	{ "中国银行", "7455", 12 },
	{ "交通银行", "4430", 21 },
	{ "招商银行", "7559", 15 },
	{ "中信银行", "8110", 19 },
	{ "上海浦东发展银行", "7916", 18 },
	{ "兴业银行", "3371", 18 },
	{ "平安银行", "1501", 14 },
};

/* "深圳南山" + one of these + "支行"; "" gives the district's own. */
static const char *const aBranchStem[] = { "", "", "科技园", "高新", "中心",
					   "城东", "新城", "开发区" };

/* ------------------------------------------------------------ the scans */

enum { SC_FORM, SC_FORM_ROT, SC_LIC, SC_LIC_EXIF, SC_LIC_LOW, SC_FRONT,
       SC_FRONT_GIF, SC_BACK, SC_BACK_BMP, SC_COUNT };

static const struct {
	const char *file;
	const char *role;
} aScanDef[SC_COUNT] = {
	{ "form.jpg", "application_form" },
	{ "form-rotated.jpg", "application_form" },
	{ "license.jpg", "business_license" },
	{ "license-exif6.jpg", "business_license" },
	{ "license-lowres.png", "business_license" },
	{ "id-front.jpg", "id_front" },
	{ "id-front.gif", "id_front" },
	{ "id-back.png", "id_back" },
	{ "id-back.bmp", "id_back" },
};

/* Planted reading defects (drawn scans only). */
enum scan_defect {
	SD_NONE = 0,
	SD_OTHER_LICENCE,          /* the licence of another company */
	SD_NO_SEAL,                /* the form without the company seal */
	SD_ID_DIGIT,               /* the ID card's number differs in a digit */
	SD_UNREADABLE              /* a photo nobody can read */
};

/* What a bundle's drawn scans show; owned by its step. */
struct demo_docs {
	char org[160], uscc[RD_ID_BUFSZ], address[160], legal[32];
	char handler[32], handler_id[RD_ID_BUFSZ], applicant[32];
	char lic_org[160], lic_uscc[RD_ID_BUFSZ];
	char date[40], name[32], id_no[RD_ID_BUFSZ], sex[8], birth[40];
	char authority[96];
	int seal, signature;
	uint64_t seed;
	int nDoc;
	struct {
		enum scandoc_kind kind;
		enum scandoc_look look;
	} a[4];
};

struct scan {
	char *data;
	size_t n;
	char sha256[RD_SHA256_HEX];
};

/* ------------------------------------------------------------- the plan */

enum defect {
	DF_NONE = 0,
	DF_ID_CHECK,
	DF_ACCOUNT,
	DF_RENEW_EXPIRED,
	DF_DUP_SERIAL,
	DF_MISSING_SCAN,
	DF_AMOUNT,
	DF_LIVENESS,
	DF_COUNT
};

struct person {
	char name[32];
	char id_no[RD_ID_BUFSZ];
	char mobile[12];
	char email[64];
};

struct app {
	char app_no[24];
	enum rd_app_type type;
	int personal;
	const struct city *c;
	char org[160];
	char uscc[RD_ID_BUFSZ];
	char address[160];
	struct person handler, applicant;
	const char *position;
	char bank[160];
	char account[32];
	char serial[17];
	const char *alg;
	int64_t not_after;
	const char *method;
	int invoice;
	int months, sync_dual;
	int live_score;        /* percent */
	int aScan[4];          /* form, licence, front, back */
	enum defect defect;
	int defect_nth;        /* how many of this kind came before */
	int resub;             /* rejected after v1, resubmitted as v2 */
	int64_t t1, t_reject, t2;
	int64_t t_approve;     /* 0 = still open */
	enum scan_defect scan_defect;
	const char *reason_code, *note;
	/* revision 2: the SM2 and RSA renewals of one key name each other */
	char related[24];
	char paired_serial[17];
	const char *paired_alg;
};

struct demo_plan {
	struct scan aScan[SC_COUNT];
	struct demo_step *aStep;
	size_t nStep, nBundle;
	int nApps;
};

static void random_digits(struct rng *r, char *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (char)('0' + rng_below(r, 10));
	out[n] = '\0';
}

static void make_person(struct rng *r, const struct city *home,
			int64_t now, struct person *p)
{
	static const char *const aMail[] = { "qq.com", "163.com", "126.com",
					     "sina.com", "139.com" };
	static const char *const aMobilePrefix[] = {
		"130", "131", "132", "133", "135", "136", "137", "138", "139",
		"150", "151", "152", "153", "155", "156", "157", "158", "159",
		"180", "181", "182", "183", "185", "186", "187", "188", "189",
	};
	const struct city *birth = rng_pct(r, 60) ? home : &PICK(r, aCity);
	int male = rng_pct(r, 50);
	struct rd_tm tm;
	char z17[40], zSeq[8];
	int64_t born;
	int seq;

	snprintf(p->name, sizeof p->name, "%s%s", PICK(r, aSurname),
		 male ? PICK(r, aGivenMale) : PICK(r, aGivenFemale));
	born = now - (22 * 365 + rng_below(r, 36 * 365)) * DAY;
	if (rd_time_to_local(born, &tm) != RD_OK)
		tm = (struct rd_tm){ .year = 1990, .mon = 1, .day = 1 };
	seq = (int)rng_below(r, 500) * 2 + (male ? 1 : 0);
	snprintf(zSeq, sizeof zSeq, "%03d", seq % 1000);
	snprintf(z17, sizeof z17, "%.6s%04d%02d%02d%.3s", birth->code,
		 tm.year % 10000, tm.mon % 100, tm.day % 100, zSeq);
	if (rd_id_generate_resident(z17, p->id_no, sizeof p->id_no) != RD_OK)
		snprintf(p->id_no, sizeof p->id_no, "%s", "110101199001010011");
	snprintf(p->mobile, sizeof p->mobile, "%s", PICK(r, aMobilePrefix));
	random_digits(r, p->mobile + 3, 8);
	if (rng_pct(r, 55)) {
		char zQq[12];

		random_digits(r, zQq, 5 + (int)rng_below(r, 5));
		zQq[0] = (char)('1' + rng_below(r, 9));
		snprintf(p->email, sizeof p->email, "%s@qq.com", zQq);
	} else {
		snprintf(p->email, sizeof p->email, "%s@%s", p->mobile,
			 PICK(r, aMail));
	}
}

/* A time on day `daysAgo` before now's local day: mostly office hours,
 * some evenings; never after now. */
static int64_t pick_time(struct rng *r, int64_t now, int daysAgo)
{
	int64_t midnight = now - (now + RD_TIME_TZ_OFFSET) % DAY;
	int64_t t, sec;

	if (rng_pct(r, 78))
		sec = 9 * HOUR + rng_below(r, 9 * HOUR);     /* 09:00-17:59 */
	else if (rng_pct(r, 80))
		sec = 18 * HOUR + rng_below(r, 5 * HOUR);    /* evening */
	else
		sec = 7 * HOUR + rng_below(r, 2 * HOUR);     /* early */
	t = midnight - (int64_t)daysAgo * DAY + sec;
	if (t > now - 300)
		t = now - 300 - rng_below(r, 3 * HOUR);
	return t;
}

static void make_app(struct rng *r, const struct demo_opts *o,
		     struct app *a)
{
	const struct bank *b = &PICK(r, aBank);
	char z17[18], zCode[10];
	static const char zAlpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int t = (int)rng_below(r, 100);

	memset(a, 0, sizeof *a);
	a->app_no[0] = '0';
	a->app_no[1] = '1';
	random_digits(r, a->app_no + 2, 16);
	a->type = t < 35 ? RD_APP_REPLACE : t < 80 ? RD_APP_RENEW : RD_APP_NEW;
	a->personal = rng_pct(r, 15);
	a->c = &PICK(r, aCity);
	snprintf(a->org, sizeof a->org, "%s%s%s%s", a->c->city,
		 PICK(r, aBrand), PICK(r, aTrade),
		 rng_pct(r, 85) ? "有限公司" : "股份有限公司");
	zCode[0] = 'M';
	zCode[1] = 'A';
	for (int i = 2; i < 9; i++)
		zCode[i] = zAlpha[rng_below(r, 31)];
	zCode[9] = '\0';
	snprintf(z17, sizeof z17, "91%.6s%.9s", a->c->code, zCode);
	if (rd_id_generate_uscc(z17, a->uscc, sizeof a->uscc) != RD_OK)
		snprintf(a->uscc, sizeof a->uscc, "%s", "91440300MA5G7K3P2X");
	snprintf(a->address, sizeof a->address, "%s%s%d号%s%s%d层%d室",
		 a->c->county, PICK(r, aRoad), 1 + (int)rng_below(r, 300),
		 rng_pct(r, 50) ? PICK(r, aBuilding) : "",
		 rng_pct(r, 40) ? "A座" : "", 2 + (int)rng_below(r, 28),
		 1 + (int)rng_below(r, 20));
	make_person(r, a->c, o->now, &a->handler);
	make_person(r, a->c, o->now, &a->applicant);
	a->position = PICK(r, aPosition);
	if (rng_pct(r, 80))
		snprintf(a->bank, sizeof a->bank, "%s%s%s%s支行", b->name,
			 a->c->cshort, a->c->cstem, PICK(r, aBranchStem));
	else
		snprintf(a->bank, sizeof a->bank, "%s%s分行营业部", b->name,
			 a->c->cshort);
	snprintf(a->account, sizeof a->account, "%s", b->prefix);
	random_digits(r, a->account + 4, b->len - 4);
	for (int i = 0; i < 16; i++)
		a->serial[i] = "0123456789ABCDEF"[rng_below(r, 16)];
	a->alg = rng_pct(r, 55) ? "SM2" : rng_pct(r, 40) ? "RSA" : "SM2+RSA";
	t = (int)rng_below(r, 100);
	a->method = t < 45 ? "wechat" : t < 70 ? "alipay" : "transfer";
	a->invoice = rng_pct(r, 70);
	a->months = rng_pct(r, 70) ? 12 : rng_pct(r, 60) ? 24 : 36;
	a->sync_dual = !strcmp(a->alg, "SM2+RSA") && rng_pct(r, 40);
	a->live_score = 86 + (int)rng_below(r, 14);
	a->aScan[0] = rng_pct(r, 12) ? SC_FORM_ROT : SC_FORM;
	t = (int)rng_below(r, 100);
	a->aScan[1] = t < 75 ? SC_LIC : t < 91 ? SC_LIC_EXIF : SC_LIC_LOW;
	/* the GIF and BMP ID scans are small phone shots (a finding) */
	a->aScan[2] = rng_pct(r, 90) ? SC_FRONT : SC_FRONT_GIF;
	a->aScan[3] = rng_pct(r, 90) ? SC_BACK : SC_BACK_BMP;
	/* a working queue: most work is recent, a tail is overdue */
	t = (int)rng_below(r, 100);
	a->t1 = pick_time(r, o->now, t < 60 ? (int)rng_below(r, 3)
				: t < 82 ? 3 + (int)rng_below(r, 4)
					 : 7 + (int)rng_below(r, 7));
}

/* The cert validity relative to the submission. */
static void set_not_after(struct rng *r, struct app *a)
{
	if (a->type == RD_APP_RENEW)
		a->not_after = a->t1 + (3 + rng_below(r, 57)) * DAY;
	else
		a->not_after = a->t1 + (30 + rng_below(r, 700)) * DAY;
	a->not_after -= (a->not_after + RD_TIME_TZ_OFFSET) % DAY;
}

/* Break the check character of s (18 characters) without making it
 * something else than a wrong check character. */
static void break_check(char *s, int uscc)
{
	static const char zAlpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

	if (uscc) {
		const char *p = strchr(zAlpha, s[17]);
		int i = p ? (int)(p - zAlpha) : 0;

		s[17] = zAlpha[(i + 1) % 31];
	} else {
		s[17] = s[17] == 'X' ? '0' : s[17] == '9' ? 'X'
							   : (char)(s[17] + 1);
	}
}

/* ------------------------------------------------------------- manifest */

struct jb {
	int failed;
};

static void jset(struct jb *jb, json_t *o, const char *k, json_t *v)
{
	if (!v || json_object_set_new(o, k, v) != 0)
		jb->failed = 1;
}

static json_t *jtime(int64_t t)
{
	char z[RD_TIME_BUFSZ];

	if (rd_time_format_local(t, z, sizeof z, RD_TIME_RFC3339) != RD_OK)
		return NULL;
	return json_string(z);
}

static json_t *jperson(struct jb *jb, const struct person *p,
		       const char *position)
{
	json_t *o = json_object();

	if (!o) {
		jb->failed = 1;
		return NULL;
	}
	jset(jb, o, "name", json_string(p->name));
	jset(jb, o, "id_type", json_string("resident_id"));
	jset(jb, o, "id_no", json_string(p->id_no));
	jset(jb, o, "mobile", json_string(p->mobile));
	jset(jb, o, "email", json_string(p->email));
	if (position)
		jset(jb, o, "position", json_string(position));
	return o;
}

/* Scans of version `version` of a (indices into aScanDef). */
static int bundle_scans(const struct app *a, int version, int aOut[5])
{
	int n = 0;

	for (int i = 0; i < 4; i++) {
		int sc = a->aScan[i];

		if (version > 1) /* the customer sent proper scans again */
			sc = (int[]){ SC_FORM, SC_LIC, SC_FRONT, SC_BACK }[i];
		if (a->defect == DF_MISSING_SCAN && version == 1 &&
		    ((a->type == RD_APP_RENEW && i == 0) ||
		     (a->type != RD_APP_RENEW && i == 3)))
			continue;
		if (a->type == RD_APP_RENEW && i >= 2 && !a->personal)
			continue; /* online renewal: form and licence */
		aOut[n++] = sc;
	}
	return n;
}

/* The drawn documents of version `version` of a, for the scans aScan. */
static struct demo_docs *make_docs(const struct app *a, int version,
				   int64_t at, const int *aScan, int nScan)
{
	struct demo_docs *d = calloc(1, sizeof *d);
	const struct person *who = a->personal ? &a->applicant : &a->handler;
	int planted = version == 1 ? (int)a->scan_defect : SD_NONE;
	struct rd_tm tm;
	uint64_t h = 1469598103934665603ull;

	if (!d)
		return NULL;
	for (const char *q = a->app_no; *q; q++)
		h = (h ^ (unsigned char)*q) * 1099511628211ull;
	d->seed = h + (uint64_t)version;
	snprintf(d->org, sizeof d->org, "%s", a->org);
	snprintf(d->uscc, sizeof d->uscc, "%s", a->uscc);
	snprintf(d->address, sizeof d->address, "%s", a->address);
	snprintf(d->legal, sizeof d->legal, "%s", a->applicant.name);
	snprintf(d->handler, sizeof d->handler, "%s", a->handler.name);
	snprintf(d->handler_id, sizeof d->handler_id, "%s", a->handler.id_no);
	snprintf(d->applicant, sizeof d->applicant, "%s", a->applicant.name);
	snprintf(d->lic_org, sizeof d->lic_org, "%s", a->org);
	snprintf(d->lic_uscc, sizeof d->lic_uscc, "%s", a->uscc);
	if (planted == SD_OTHER_LICENCE) {
		/* a neighbour's licence: another name, another valid code */
		char z17[18];

		snprintf(d->lic_org, sizeof d->lic_org, "%s%s%s有限公司",
			 a->c->city, aBrand[h % (sizeof aBrand / sizeof aBrand[0])],
			 aTrade[(h >> 8) % (sizeof aTrade / sizeof aTrade[0])]);
		if (!strcmp(d->lic_org, a->org))
			snprintf(d->lic_org, sizeof d->lic_org, "%s永安建材有限公司",
				 a->c->city);
		memcpy(z17, a->uscc, 17);
		z17[17] = '\0';
		z17[12] = z17[12] == '7' ? '3' : '7';
		if (rd_id_generate_uscc(z17, d->lic_uscc, sizeof d->lic_uscc) != RD_OK)
			snprintf(d->lic_uscc, sizeof d->lic_uscc, "%s", a->uscc);
	}
	d->seal = planted != SD_NO_SEAL;
	d->signature = 1;
	if (rd_time_to_local(at, &tm) != RD_OK)
		memset(&tm, 0, sizeof tm);
	snprintf(d->date, sizeof d->date, "%d年%d月%d日", tm.year, tm.mon, tm.day);
	snprintf(d->name, sizeof d->name, "%s", who->name);
	snprintf(d->id_no, sizeof d->id_no, "%s", who->id_no);
	if (planted == SD_ID_DIGIT && strlen(d->id_no) == 18) {
		/* one digit of the sequence number differs; the check
		 * character follows, so the card's number is valid */
		char z17[18];

		memcpy(z17, who->id_no, 17);
		z17[17] = '\0';
		z17[15] = (char)('0' + (z17[15] - '0' + 3) % 10);
		if (rd_id_generate_resident(z17, d->id_no, sizeof d->id_no) != RD_OK)
			snprintf(d->id_no, sizeof d->id_no, "%s", who->id_no);
	}
	snprintf(d->sex, sizeof d->sex, "%s",
		 strlen(who->id_no) == 18 && (who->id_no[16] - '0') % 2 ? "男" : "女");
	if (strlen(who->id_no) == 18)
		snprintf(d->birth, sizeof d->birth, "%.4s年%d月%d日",
			 who->id_no + 6, (who->id_no[10] - '0') * 10 + who->id_no[11] - '0',
			 (who->id_no[12] - '0') * 10 + who->id_no[13] - '0');
	snprintf(d->authority, sizeof d->authority, "%s公安局%s分局",
		 a->c->city, a->c->cstem);
	for (int i = 0; i < nScan && d->nDoc < 4; i++) {
		static const struct { enum scandoc_kind k; enum scandoc_look l; }
			aMap[SC_COUNT] = {
			[SC_FORM] = { SCANDOC_FORM, SCANDOC_FLAT },
			[SC_FORM_ROT] = { SCANDOC_FORM, SCANDOC_ANGLE },
			/* the licence shots: flat, sideways (EXIF), small */
			[SC_LIC] = { SCANDOC_LICENCE, SCANDOC_FLAT },
			[SC_LIC_EXIF] = { SCANDOC_LICENCE, SCANDOC_SIDEWAYS },
			[SC_LIC_LOW] = { SCANDOC_LICENCE, SCANDOC_LOWRES },
			[SC_FRONT] = { SCANDOC_ID_FRONT, SCANDOC_FLAT },
			[SC_FRONT_GIF] = { SCANDOC_ID_FRONT, SCANDOC_NOISY },
			[SC_BACK] = { SCANDOC_ID_BACK, SCANDOC_FLAT },
			[SC_BACK_BMP] = { SCANDOC_ID_BACK, SCANDOC_LOWRES },
		};
		int n = d->nDoc++;

		d->a[n].kind = aMap[aScan[i]].k;
		d->a[n].look = aMap[aScan[i]].l;
	}
	if (planted == SD_UNREADABLE) {
		/* the ID front if there is one, else the licence */
		int k = -1;

		for (int i = 0; i < d->nDoc; i++)
			if (d->a[i].kind == SCANDOC_ID_FRONT ||
			    (k < 0 && d->a[i].kind == SCANDOC_LICENCE))
				k = i;
		if (k >= 0)
			d->a[k].look = SCANDOC_UNREADABLE;
	}
	return d;
}

static rd_status build_manifest(struct demo_plan *p,
				const struct demo_opts *o, struct rng *r,
				const struct app *a, int version, int64_t at,
				struct demo_step *s, struct rd_err *err)
{
	struct jb jb = { 0 };
	json_t *root = json_object(), *x, *arr;
	const char *zAcct = a->org;
	int64_t amount = o->tariff_fen[a->type];
	int first = version == 1;
	struct rd_tm tm;
	char z[64], zBranch[200];

	if (!root)
		goto nomem;
	jset(&jb, root, "format", json_string("radesk-bundle/1"));
	jset(&jb, root, "app_no", json_string(a->app_no));
	jset(&jb, root, "version", json_integer(version));
	jset(&jb, root, "type", json_string(rd_app_type_name(a->type)));
	jset(&jb, root, "submitted_at", jtime(at));
	jset(&jb, root, "channel", json_string(rng_pct(r, 75) ? "web" : "mobile"));

	x = json_object();
	jset(&jb, root, "certificate", x);
	if (x) {
		if (a->type != RD_APP_NEW) {
			jset(&jb, x, "serial", json_string(a->serial));
			jset(&jb, x, "not_after", jtime(a->not_after));
		}
		jset(&jb, x, "holder", json_string(a->personal ? "personal" : "org"));
		jset(&jb, x, "algorithm", json_string(a->alg));
		if (a->related[0]) {
			json_t *y = json_object();

			jset(&jb, x, "paired", y);
			if (y) {
				jset(&jb, y, "serial",
				     json_string(a->paired_serial));
				jset(&jb, y, "algorithm",
				     json_string(a->paired_alg));
				jset(&jb, y, "not_after", jtime(a->not_after));
			}
		}
		jset(&jb, x, "subject_cn", json_string(a->personal ? a->applicant.name
								    : a->org));
	}

	x = json_object();
	jset(&jb, root, "organization", x);
	if (x) {
		char zId[RD_ID_BUFSZ];

		snprintf(zId, sizeof zId, "%s", a->uscc);
		if (first && a->defect == DF_ID_CHECK && a->defect_nth % 2 == 0)
			break_check(zId, 1);
		jset(&jb, x, "name", json_string(a->org));
		jset(&jb, x, "id_type", json_string("uscc"));
		jset(&jb, x, "id_no", json_string(zId));
		jset(&jb, x, "province", json_string(a->c->province));
		jset(&jb, x, "city", json_string(a->c->city));
		jset(&jb, x, "address", json_string(a->address));
	}
	{
		struct person h = a->handler;

		if (first && a->defect == DF_ID_CHECK && a->defect_nth % 2 == 1)
			break_check(h.id_no, 0);
		jset(&jb, root, "handler", jperson(&jb, &h, a->position));
	}
	if (a->personal || rng_pct(r, 60))
		jset(&jb, root, "applicant", jperson(&jb, &a->applicant, NULL));

	if (strcmp(a->method, "transfer") != 0) {
		if (first && a->defect == DF_ACCOUNT) {
			/* a personal account, or a branch's account */
			if (a->defect_nth % 2)
				snprintf(zBranch, sizeof zBranch, "%s%s分公司",
					 a->org, a->c->cstem);
			zAcct = a->defect_nth % 2 ? zBranch : a->handler.name;
		}
		x = json_object();
		jset(&jb, root, "financial", x);
		if (x) {
			jset(&jb, x, "account_name", json_string(zAcct));
			jset(&jb, x, "bank", json_string(a->bank));
			jset(&jb, x, "account_no", json_string(a->account));
		}
	}
	if (a->type != RD_APP_RENEW) {
		x = json_object();
		jset(&jb, root, "shipping", x);
		if (x) {
			jset(&jb, x, "recipient", json_string(a->handler.name));
			jset(&jb, x, "mobile", json_string(a->handler.mobile));
			jset(&jb, x, "province", json_string(a->c->province));
			jset(&jb, x, "city", json_string(a->c->city));
			jset(&jb, x, "county", json_string(a->c->county));
			jset(&jb, x, "address", json_string(a->address +
							    strlen(a->c->county)));
			jset(&jb, x, "postcode", json_string(a->c->postcode));
		}
	}
	x = json_object();
	jset(&jb, root, "invoice", x);
	if (x) {
		jset(&jb, x, "wanted", json_boolean(a->invoice));
		if (a->invoice) {
			/* revision 2: both kinds of invoice, by the last
			 * digit of the number (no draw, so a seed's other
			 * data stay as they were) */
			int paper = (a->app_no[strlen(a->app_no) - 1] - '0') % 3 == 0;

			jset(&jb, x, "title", json_string(a->org));
			jset(&jb, x, "taxpayer_id", json_string(a->uscc));
			jset(&jb, x, "kind", json_string(paper ? "quota_paper"
							       : "electronic"));
			jset(&jb, x, "purpose", json_string("数字证书服务费"));
			if (!paper) {
				jset(&jb, x, "email",
				     json_string(a->handler.email));
				jset(&jb, x, "mobile",
				     json_string(a->handler.mobile));
			}
		}
	}
	/* revision 2: the portal's order number (digits of the application
	 * number), and the legal representative an organisation's replace
	 * or new needs (the applicant, whose ID is valid). */
	{
		char zOrder[40];
		size_t k = 0;

		for (const char *c = a->app_no; *c && k + 3 < sizeof zOrder; c++)
			if (*c >= '0' && *c <= '9')
				zOrder[k++] = *c;
		zOrder[k] = '\0';
		if (k >= 6) {
			memmove(zOrder + 2, zOrder, k + 1);
			zOrder[0] = '0';
			zOrder[1] = '1';
			jset(&jb, root, "order_no", json_string(zOrder));
		}
	}
	if (a->related[0])
		jset(&jb, root, "related_app_no", json_string(a->related));
	if (!a->personal && a->type != RD_APP_RENEW) {
		x = json_object();
		jset(&jb, root, "legal_rep", x);
		if (x) {
			jset(&jb, x, "name", json_string(a->applicant.name));
			jset(&jb, x, "id_type", json_string("resident_id"));
			jset(&jb, x, "id_no", json_string(a->applicant.id_no));
		}
	}

	if (first && a->defect == DF_AMOUNT)
		amount = a->defect_nth % 2 ? amount * 8 / 10 : amount - 5000;
	if (amount < 0)
		amount = 0;
	if (rd_time_to_local(at, &tm) != RD_OK)
		memset(&tm, 0, sizeof tm);
	x = json_object();
	jset(&jb, root, "payment", x);
	if (x) {
		jset(&jb, x, "method", json_string(a->method));
		jset(&jb, x, "amount_fen", json_integer(amount));
		if (!strcmp(a->method, "wechat")) {
			snprintf(z, sizeof z, "4200%04d%04d%02d%02d", (int)rng_below(r, 10000),
				 tm.year % 10000, tm.mon % 100, tm.day % 100);
			random_digits(r, z + strlen(z), 12);
			jset(&jb, x, "trade_no", json_string(z));
		} else if (!strcmp(a->method, "alipay")) {
			snprintf(z, sizeof z, "%04d%02d%02d22001", tm.year % 10000,
				 tm.mon % 100, tm.day % 100);
			random_digits(r, z + strlen(z), 15);
			jset(&jb, x, "trade_no", json_string(z));
		} else {
			json_t *t = json_object();
			struct rd_tm td;

			if (rd_time_to_local(at - rng_below(r, 2) * DAY, &td) != RD_OK)
				td = tm;
			snprintf(z, sizeof z, "%04d-%02d-%02d", td.year % 10000,
				 td.mon % 100, td.day % 100);
			/* revision 2: every other transfer payer pays with
			 * two transfers, each with its memo (by the number's
			 * last digit: no draw) */
			int two = amount >= 200 &&
				  (a->app_no[strlen(a->app_no) - 1] - '0') % 2 == 0;

			if (!two) {
				jset(&jb, x, "transfer", t);
			} else {
				json_t *arr2 = json_array();
				json_t *t2 = json_object();
				int64_t part = amount / 3 / 100 * 100;

				if (part <= 0)
					part = amount / 2;
				jset(&jb, x, "transfers", arr2);
				if (arr2 && t && t2) {
					json_array_append(arr2, t);
					json_array_append(arr2, t2);
					jset(&jb, t2, "payer_account",
					     json_string(a->account));
					jset(&jb, t2, "payer_name",
					     json_string(a->org));
					jset(&jb, t2, "amount_fen",
					     json_integer(part));
					jset(&jb, t2, "date", json_string(z));
					jset(&jb, t2, "memo",
					     json_string("第二笔"));
				}
				json_decref(t2);
				amount -= part;
			}
			if (t) {
				jset(&jb, t, "payer_account", json_string(a->account));
				jset(&jb, t, "payer_name", json_string(a->org));
				jset(&jb, t, "amount_fen", json_integer(amount));
				jset(&jb, t, "date", json_string(z));
				if (two)
					jset(&jb, t, "memo",
					     json_string("第一笔"));
			}
			if (two)
				json_decref(t);
		}
	}
	if (a->type == RD_APP_RENEW) {
		x = json_object();
		jset(&jb, root, "renewal", x);
		if (x) {
			jset(&jb, x, "months", json_integer(a->months));
			jset(&jb, x, "sync_dual_cert", json_boolean(a->sync_dual));
		}
	}
	x = json_object();
	jset(&jb, root, "liveness", x);
	if (x) {
		int fail = first && a->defect == DF_LIVENESS;
		int score = fail ? 31 + (int)rng_below(r, 30) : a->live_score;

		jset(&jb, x, "passed", json_boolean(!fail));
		jset(&jb, x, "score", json_real(score / 100.0));
		snprintf(z, sizeof z, "LV-%04d%02d%02d-%06d", tm.year % 10000,
			 tm.mon % 100, tm.day % 100, (int)rng_below(r, 1000000));
		jset(&jb, x, "ref", json_string(z));
	}

	s->nScan = bundle_scans(a, version, s->aScan);
	if (o->draw_scans) {
		/* the files are drawn and listed when the bundle is written */
		s->docs = make_docs(a, version, at, s->aScan, s->nScan);
		if (!s->docs)
			goto nomem;
		s->nScan = 0;
	}
	arr = json_array();
	jset(&jb, root, "files", arr);
	for (int i = 0; arr && i < s->nScan; i++) {
		const struct scan *sc = &p->aScan[s->aScan[i]];
		json_t *f = json_object();

		if (!f || json_array_append_new(arr, f) != 0) {
			jb.failed = 1;
			break;
		}
		snprintf(z, sizeof z, "files/%s", aScanDef[s->aScan[i]].file);
		jset(&jb, f, "role", json_string(aScanDef[s->aScan[i]].role));
		jset(&jb, f, "path", json_string(z));
		jset(&jb, f, "sha256", json_string(sc->sha256));
		jset(&jb, f, "size", json_integer((json_int_t)sc->n));
	}
	if (jb.failed)
		goto nomem;
	s->manifest_json = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				       JSON_REAL_PRECISION(3));
	json_decref(root);
	if (!s->manifest_json)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	return RD_OK;
nomem:
	json_decref(root);
	return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
}

/* ----------------------------------------------------------- planning */

static rd_status load_scans(struct demo_plan *p, const char *dir,
			    struct rd_err *err)
{
	char zPath[4096];

	for (int i = 0; i < SC_COUNT; i++) {
		rd_status rc;

		if ((size_t)snprintf(zPath, sizeof zPath, "%s/%s", dir,
				     aScanDef[i].file) >= sizeof zPath)
			return rd_err_set(err, RD_ERR_LIMIT,
					  _("demo scans folder name is too long"));
		rc = rd_read_file(zPath, 2 * 1024 * 1024, &p->aScan[i].data,
				  &p->aScan[i].n, err);
		if (rc != RD_OK)
			return rd_err_prefix(err, _("demo scan %s: "), zPath);
		rd_sha256_hex(p->aScan[i].data, p->aScan[i].n, p->aScan[i].sha256);
	}
	return RD_OK;
}

static int step_cmp(const void *a, const void *b)
{
	const struct demo_step *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->app_no, y->app_no);
}

/* Decide which applications carry which planted story. */
static void plant(struct rng *r, const struct demo_opts *o, struct app *aApp,
		  int n)
{
	static const enum defect aOrder[] = {
		DF_ID_CHECK, DF_ACCOUNT, DF_RENEW_EXPIRED, DF_DUP_SERIAL,
		DF_MISSING_SCAN, DF_AMOUNT, DF_LIVENESS,
	};
	static const struct { const char *code, *note; } aWhy[] = {
		/* what an auditor of the office types: Chinese, stored as is */
		{ "FORM_UNSIGNED", "申请表未加盖公章，请盖章后重新上传。" },
		{ "ID_ILLEGIBLE", "身份证照片过暗无法辨认，请重新拍摄上传。" },
		{ "INFO_INCONSISTENT", "经办人手机号与申请表填写不一致。" },
	};
	int nth[DF_COUNT] = { 0 };
	int *aIdx = malloc((size_t)n * sizeof *aIdx);
	int nResub = n >= 5 ? (n / 20 > 1 ? n / 20 : 1) : 0;
	int nRepeat = n >= 10 ? 1 : 0;
	int nDef = (n * 15 + 50) / 100, k = 0;

	if (!aIdx)
		return; /* no stories then; the data is still valid */
	if (n >= 20 && nDef < 7)
		nDef = 7;
	if (nDef > n - nResub - nRepeat)
		nDef = n - nResub - nRepeat;
	for (int i = 0; i < n; i++)
		aIdx[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rng_below(r, i + 1), t = aIdx[i];

		aIdx[i] = aIdx[j];
		aIdx[j] = t;
	}
	for (int i = 0; i < nResub; i++, k++) {
		struct app *a = &aApp[aIdx[k]];
		int w = (int)rng_below(r, 3);

		a->resub = 1;
		a->t1 = pick_time(r, o->now, 6 + (int)rng_below(r, 7));
		a->t_reject = a->t1 + 18 * HOUR + rng_below(r, 22 * HOUR);
		a->t2 = a->t_reject + 5 * HOUR + rng_below(r, 40 * HOUR);
		if (a->t2 > o->now - HOUR)
			a->t2 = o->now - HOUR;
		a->reason_code = aWhy[w].code;
		a->note = aWhy[w].note;
		if (w == 0)
			a->aScan[0] = SC_FORM_ROT;
		if (w == 1)
			a->aScan[2] = SC_FRONT_GIF;
		set_not_after(r, a);
		if (a->type == RD_APP_RENEW)
			a->not_after += 20 * DAY; /* still valid at v2 */
	}
	for (int i = 0; i < nRepeat; i++, k++) {
		/* another application of the first rejected organisation */
		struct app *a = &aApp[aIdx[k]], *src = &aApp[aIdx[0]];

		memcpy(a->org, src->org, sizeof a->org);
		memcpy(a->uscc, src->uscc, sizeof a->uscc);
		memcpy(a->address, src->address, sizeof a->address);
		memcpy(a->bank, src->bank, sizeof a->bank);
		memcpy(a->account, src->account, sizeof a->account);
		a->c = src->c;
		a->handler = src->handler;
		a->t1 = src->t_reject + HOUR + rng_below(r, 30 * HOUR);
		if (a->t1 > o->now - 600)
			a->t1 = o->now - 600;
		set_not_after(r, a);
	}
	for (int i = 0; i < n; i++)
		if (!aApp[i].resub && !aApp[i].not_after)
			set_not_after(r, &aApp[i]);
	/* About half of the clean applications older than three days were
	 * approved a working day or so after they arrived, so fulfilment,
	 * the shipping screen and the reports have something to show. */
	for (int i = k + nDef; i < n; i++) {
		struct app *a = &aApp[aIdx[i]];

		if (a->t1 < o->now - 3 * DAY && rng_pct(r, 50)) {
			a->t_approve = a->t1 + 4 * HOUR + rng_below(r, 30 * HOUR);
			if (a->t_approve > o->now - HOUR)
				a->t_approve = o->now - HOUR;
		}
	}
	for (int i = 0; i < nDef; i++, k++) {
		struct app *a = &aApp[aIdx[k]];
		enum defect d = aOrder[i % (int)(sizeof aOrder / sizeof aOrder[0])];

		a->defect = d;
		a->defect_nth = nth[d]++;
		switch (d) {
		case DF_RENEW_EXPIRED:
			a->type = RD_APP_RENEW;
			a->not_after = a->t1 - (1 + rng_below(r, 40)) * DAY;
			a->not_after -= (a->not_after + RD_TIME_TZ_OFFSET) % DAY;
			break;
		case DF_ACCOUNT:
			if (!strcmp(a->method, "transfer"))
				a->method = "wechat";
			break;
		case DF_MISSING_SCAN:
			/* the first one a replace (quarantined by rule), then
			 * renewals without the form (a finding only) */
			a->type = a->defect_nth == 0 ? RD_APP_REPLACE : RD_APP_RENEW;
			set_not_after(r, a);
			break;
		case DF_DUP_SERIAL: {
			/* the same certificate as an earlier open application */
			struct app *src = NULL;

			for (int j = 0; j < n; j++) {
				struct app *c = &aApp[j];

				if (c != a && c->t1 < a->t1 && !c->resub &&
				    c->type != RD_APP_NEW && c->defect == DF_NONE &&
				    (!src || c->t1 > src->t1))
					src = c;
			}
			if (!src) {
				a->defect = DF_AMOUNT;
				break;
			}
			a->type = src->type;
			a->personal = src->personal;
			memcpy(a->serial, src->serial, sizeof a->serial);
			a->alg = src->alg;
			a->not_after = src->not_after;
			memcpy(a->org, src->org, sizeof a->org);
			memcpy(a->uscc, src->uscc, sizeof a->uscc);
			a->c = src->c;
			memcpy(a->address, src->address, sizeof a->address);
			a->applicant = src->applicant;
			break;
		}
		default:
			break;
		}
	}
	free(aIdx);
}

/* Reading defects on clean, open applications, from a stream of their own
 * so that the rest of the plan is the same as with files. */
static void plant_scan_defects(const struct demo_opts *o, struct app *aApp,
			       int n)
{
	struct rng r = { o->seed ^ 0x5CA11EADull };
	int per = n >= 40 ? 2 : 1, want[5] = { 0, per, per, per, per };

	if (n < 8)
		return;
	for (int tries = 0; tries < n * 4; tries++) {
		struct app *a = &aApp[rng_below(&r, n)];
		int k = 1 + tries % 4;

		if (a->defect != DF_NONE || a->resub || a->t_approve ||
		    a->scan_defect != SD_NONE || !want[k])
			continue;
		if ((k == SD_ID_DIGIT || k == SD_UNREADABLE) &&
		    a->type == RD_APP_RENEW && !a->personal)
			continue; /* no ID card in an online renewal */
		if (k == SD_NO_SEAL && a->type == RD_APP_RENEW && a->defect)
			continue;
		a->scan_defect = (enum scan_defect)k;
		want[k]--;
	}
}

/* A clean application nothing else was planted in. */
static int plain(const struct app *a)
{
	return a->defect == DF_NONE && a->scan_defect == SD_NONE &&
	       !a->resub && !a->related[0];
}

/*
 * Revision 2: paired SM2/RSA renewals. Up to two clean SM2 renewals get
 * their RSA twin (the next clean application, made the same renewal of
 * the same organisation's key with its own number and serial); the two
 * name each other (related_app_no, certificate.paired). No draws: the
 * seed's other data stay as they were.
 */
static void pair_renewals(struct app *aApp, int n)
{
	int pairs = 0;

	for (int i = 0; i < n && pairs < 2; i++) {
		struct app *a = &aApp[i], *b = NULL;
		char zNo[24], zSerial[17];

		/* Open ones only: a pair is decided together, by a person
		 * (the gate's paired condition), not by the demo's past. */
		if (a->type != RD_APP_RENEW || strcmp(a->alg, "SM2") ||
		    !plain(a) || a->t_approve)
			continue;
		for (int j = i + 1; j < n && !b; j++)
			if (plain(&aApp[j]) && !aApp[j].t_approve)
				b = &aApp[j];
		if (!b)
			break;
		memcpy(zNo, b->app_no, sizeof zNo);
		memcpy(zSerial, b->serial, sizeof zSerial);
		*b = *a;
		memcpy(b->app_no, zNo, sizeof b->app_no);
		memcpy(b->serial, zSerial, sizeof b->serial);
		b->alg = "RSA";
		a->sync_dual = b->sync_dual = 0;
		memcpy(a->related, b->app_no, sizeof a->related);
		memcpy(b->related, a->app_no, sizeof b->related);
		memcpy(a->paired_serial, b->serial, sizeof a->paired_serial);
		memcpy(b->paired_serial, a->serial, sizeof b->paired_serial);
		a->paired_alg = "RSA";
		b->paired_alg = "SM2";
		pairs++;
	}
}

rd_status demo_plan_new(const struct demo_opts *o, struct demo_plan **out,
			struct rd_err *err)
{
	struct demo_plan *p = NULL;
	struct app *aApp = NULL;
	struct rng r = { o->seed };
	size_t nMax;
	rd_status rc;

	*out = NULL;
	if (o->nApps < 1 || o->nApps > DEMO_MAX_APPS)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("--apps must be between 1 and %d"),
				  DEMO_MAX_APPS);
	p = calloc(1, sizeof *p);
	aApp = calloc((size_t)o->nApps, sizeof *aApp);
	nMax = (size_t)o->nApps * 3;
	if (p)
		p->aStep = calloc(nMax, sizeof *p->aStep);
	if (!p || !aApp || !p->aStep) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto fail;
	}
	p->nApps = o->nApps;
	rc = load_scans(p, o->scans_dir, err);
	if (rc != RD_OK)
		goto fail;
	for (int i = 0; i < o->nApps; i++) {
		make_app(&r, o, &aApp[i]);
		for (int j = 0; j < i; j++)
			if (!strcmp(aApp[i].app_no, aApp[j].app_no)) {
				aApp[i].app_no[17] = (char)('0' + (aApp[i].app_no[17] - '0' + 1) % 10);
				j = -1; /* look again */
			}
	}
	plant(&r, o, aApp, o->nApps);
	if (o->draw_scans)
		plant_scan_defects(o, aApp, o->nApps);
	pair_renewals(aApp, o->nApps);
	for (int i = 0; i < o->nApps; i++) {
		struct app *a = &aApp[i];
		struct demo_step *s = &p->aStep[p->nStep++];

		s->kind = DEMO_STEP_BUNDLE;
		s->at = a->t1;
		s->version = 1;
		memcpy(s->app_no, a->app_no, sizeof s->app_no);
		rc = build_manifest(p, o, &r, a, 1, a->t1, s, err);
		if (rc != RD_OK)
			goto fail;
		if (a->t_approve) {
			s = &p->aStep[p->nStep++];
			s->kind = DEMO_STEP_APPROVE;
			s->at = a->t_approve;
			memcpy(s->app_no, a->app_no, sizeof s->app_no);
		}
		if (!a->resub)
			continue;
		s = &p->aStep[p->nStep++];
		s->kind = DEMO_STEP_REJECT;
		s->at = a->t_reject;
		memcpy(s->app_no, a->app_no, sizeof s->app_no);
		s->reason_code = a->reason_code;
		s->note = a->note;
		s = &p->aStep[p->nStep++];
		s->kind = DEMO_STEP_BUNDLE;
		s->at = a->t2;
		s->version = 2;
		memcpy(s->app_no, a->app_no, sizeof s->app_no);
		rc = build_manifest(p, o, &r, a, 2, a->t2, s, err);
		if (rc != RD_OK)
			goto fail;
	}
	qsort(p->aStep, p->nStep, sizeof *p->aStep, step_cmp);
	for (size_t i = 0; i < p->nStep; i++)
		if (p->aStep[i].kind == DEMO_STEP_BUNDLE)
			p->nBundle++;
	free(aApp);
	*out = p;
	return RD_OK;
fail:
	free(aApp);
	demo_plan_free(&p);
	return rc;
}

void demo_plan_free(struct demo_plan **pp)
{
	struct demo_plan *p = pp ? *pp : NULL;

	if (!p)
		return;
	for (int i = 0; i < SC_COUNT; i++)
		free(p->aScan[i].data);
	for (size_t i = 0; p->aStep && i < p->nStep; i++) {
		free(p->aStep[i].manifest_json);
		free(p->aStep[i].docs);
	}
	free(p->aStep);
	free(p);
	*pp = NULL;
}

size_t demo_plan_count(const struct demo_plan *p)
{
	return p->nStep;
}

const struct demo_step *demo_plan_step(const struct demo_plan *p, size_t i)
{
	return i < p->nStep ? &p->aStep[i] : NULL;
}

size_t demo_plan_bundles(const struct demo_plan *p)
{
	return p->nBundle;
}

size_t demo_plan_apps(const struct demo_plan *p)
{
	return (size_t)p->nApps;
}

/* ------------------------------------------------------------- writing */

static int demo_zip_add(zip_t *za, const char *zName, const void *data, size_t n,
		   int store, int64_t mtime)
{
	zip_source_t *src = zip_source_buffer(za, data, n, 0);
	zip_int64_t idx;

	if (!src)
		return -1;
	idx = zip_file_add(za, zName, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx,
				     store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
				     store ? 0 : 9) != 0 ||
	    zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)mtime, 0) != 0 ||
	    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
					     ZIP_OPSYS_UNIX,
					     (zip_uint32_t)0100644 << 16) != 0)
		return -1;
	return 0;
}

/* Draw the step's scans, add them and the manifest listing them. The
 * drawn bytes are kept until zip_close (libzip reads them then). */
static rd_status add_drawn(zip_t *za, const struct demo_step *s,
			   struct rd_err *err)
{
	const struct demo_docs *d = s->docs;
	json_t *root = json_loads(s->manifest_json, 0, NULL);
	json_t *arr = root ? json_object_get(root, "files") : NULL;
	char *zMan = NULL;
	rd_status rc = RD_OK;

	if (!json_is_array(arr)) {
		json_decref(root);
		return rd_err_set(err, RD_ERR_INTERNAL, "demo manifest");
	}
	for (int i = 0; i < d->nDoc; i++) {
		struct scandoc sd;
		char *data = NULL, zEntry[64], zSha[RD_SHA256_HEX];
		size_t n = 0;
		int lic = d->a[i].kind == SCANDOC_LICENCE;

		memset(&sd, 0, sizeof sd);
		sd.kind = d->a[i].kind;
		sd.look = d->a[i].look;
		sd.seed = d->seed + (uint64_t)i;
		sd.org = lic ? d->lic_org : d->org;
		sd.uscc = lic ? d->lic_uscc : d->uscc;
		sd.address = d->address;
		sd.legal_rep = d->legal;
		sd.handler = d->handler;
		sd.handler_id = d->handler_id;
		sd.applicant = d->applicant;
		sd.date = d->date;
		sd.seal = d->seal;
		sd.signature = d->signature;
		sd.name = d->name;
		sd.id_no = d->id_no;
		sd.sex = d->sex;
		sd.birth = d->birth;
		sd.authority = d->authority;
		rc = scandoc_render(&sd, &data, &n, err);
		if (rc != RD_OK)
			break;
		rd_sha256_hex(data, n, zSha);
		snprintf(zEntry, sizeof zEntry, "files/%s",
			 scandoc_file_name(sd.kind));
		if (json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:I}",
							 "role", scandoc_role(sd.kind),
							 "path", zEntry, "sha256", zSha,
							 "size", (json_int_t)n)) != 0) {
			free(data);
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
			break;
		}
		{
			zip_source_t *src = zip_source_buffer(za, data, n, 1);
			zip_int64_t idx = src ? zip_file_add(za, zEntry, src,
							     ZIP_FL_ENC_UTF_8) : -1;

			if (idx < 0) {
				if (src)
					zip_source_free(src);
				else
					free(data);
				rc = rd_err_set(err, RD_ERR_IO, "%s", zip_strerror(za));
				break;
			}
			zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
			zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)s->at, 0);
			zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
							 ZIP_OPSYS_UNIX,
							 (zip_uint32_t)0100644 << 16);
		}
	}
	if (rc == RD_OK) {
		zMan = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					    JSON_REAL_PRECISION(3));
		if (!zMan)
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	}
	json_decref(root);
	if (rc == RD_OK) {
		/* libzip copies the manifest at close: give it ownership */
		zip_source_t *src = zip_source_buffer(za, zMan, strlen(zMan), 1);
		zip_int64_t idx = src ? zip_file_add(za, "manifest.json", src,
						     ZIP_FL_ENC_UTF_8) : -1;

		if (idx < 0) {
			if (src)
				zip_source_free(src);
			else
				free(zMan);
			return rd_err_set(err, RD_ERR_IO, "%s", zip_strerror(za));
		}
		zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)s->at, 0);
		zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
						 ZIP_OPSYS_UNIX,
						 (zip_uint32_t)0100644 << 16);
	}
	return rc;
}

rd_status demo_bundle_write(const struct demo_plan *p,
			    const struct demo_step *s, const char *dir,
			    char *path, size_t n, struct rd_err *err)
{
	char zTmp[4096], zName[64];
	zip_t *za = NULL;
	zip_error_t ze;
	int zerr = 0;
	rd_status rc = RD_OK;

	if (s->kind != DEMO_STEP_BUNDLE || !s->manifest_json)
		return rd_err_set(err, RD_ERR_INVALID, _("not a bundle step"));
	snprintf(zName, sizeof zName, "%s-v%d.zip", s->app_no, s->version);
	if ((size_t)snprintf(path, n, "%s/%s", dir, zName) >= n ||
	    (size_t)snprintf(zTmp, sizeof zTmp, "%s/.%s.tmp", dir, zName) >=
		    sizeof zTmp)
		return rd_err_set(err, RD_ERR_LIMIT,
				  _("inbox folder name is too long: %s"), dir);
	za = zip_open(zTmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za) {
		zip_error_init_with_code(&ze, zerr);
		rc = rd_err_set(err, RD_ERR_IO, _("cannot create %s: %s"), zTmp,
				zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	if (s->docs) {
		rc = add_drawn(za, s, err);
		if (rc != RD_OK) {
			zip_discard(za);
			unlink(zTmp);
			return rc;
		}
	} else if (demo_zip_add(za, "manifest.json", s->manifest_json,
		    strlen(s->manifest_json), 0, s->at) != 0)
		goto zfail;
	for (int i = 0; i < s->nScan; i++) {
		const struct scan *sc = &p->aScan[s->aScan[i]];
		char zEntry[64];

		snprintf(zEntry, sizeof zEntry, "files/%s",
			 aScanDef[s->aScan[i]].file);
		if (demo_zip_add(za, zEntry, sc->data, sc->n, 1, s->at) != 0)
			goto zfail;
	}
	if (zip_close(za) != 0)
		goto zfail;
	za = NULL;
	if (rename(zTmp, path) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("cannot rename %s to %s: %s"),
				zTmp, path, strerror(errno));
		unlink(zTmp);
		return rc;
	}
	return rd_fsync_parent(path, err);
zfail:
	rc = rd_err_set(err, RD_ERR_IO, _("cannot write %s: %s"), zTmp,
			zip_strerror(za));
	zip_discard(za);
	unlink(zTmp);
	return rc;
}
