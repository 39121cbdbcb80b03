/*
 * sandbox.c — radesk-sandbox: a provider server for the demo and the
 * tests, speaking providers-v1 on loopback (libmicrohttpd). Rules,
 * faults and counters are documented in docs/sandbox.md.
 *
 *   radesk-sandbox --secret-file F [--port N] [--port-file F] [--outlet NAME]
 *
 * --port 0 (the default) picks a free port; the port is printed on
 * standard output ("listening 127.0.0.1:PORT") and written to
 * --port-file when given, so a test can poll for the file. SIGTERM or
 * SIGINT stops it.
 *
 * It is a test tool: all state lives in memory behind one mutex; each
 * connection has its own thread so a slow answer never blocks another.
 */
#include <microhttpd.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SB_MAX_BODY (1u << 20)
#define SB_SKEW_S 300

struct sb_answer {
	char *key;
	char *path;
	int status;
	char *body;
	struct sb_answer *next;
};

struct sb_object {              /* a deposit, order or waybill */
	char id[32];
	char *a;                /* account_no / app_no / address */
	char *b;                /* account_name / SF orderId */
	int polls;
	int attempt;            /* orders: the app's how-manieth order */
	struct sb_object *next;
};

struct sb_message {             /* a notification as received */
	char *body;
	struct sb_message *next;
};

struct sb_fault {
	char path[128];
	char mode[16];
	int count;
	int ms;
	struct sb_fault *next;
};

struct sb_counters {
	long telecom, deposits, orders, waybills, notify, invoices;
	long req_telecom, req_bank, req_production, req_courier, req_other;
	long replays, auth_failures, faults;
	long sf_requests, sf_digest_failures, sf_duplicates, labels;
};

/* --outlet NAME: this sandbox is NAME's production line (a second
 * outlet, issue 15): it takes only orders for NAME, its order numbers
 * start ORD-NAME-. NULL: the default line, any outlet. */
static const char *zOutletLine;

static struct {
	pthread_mutex_t mu;
	char *secret;
	size_t nsecret;
	struct sb_answer *answers;
	struct sb_object *deposits, *orders, *waybills;
	struct sb_message *messages;
	struct sb_fault *faults;
	struct sb_counters n;
	long seq;
	int port;
} g = { .mu = PTHREAD_MUTEX_INITIALIZER };

static volatile sig_atomic_t g_stop;

struct sb_req {
	char *buf;
	size_t len;
	int too_big;
};

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

static char *xstrdup(const char *z)
{
	char *p = strdup(z ? z : "");

	if (!p) {
		fprintf(stderr, "radesk-sandbox: out of memory\n");
		abort();
	}
	return p;
}

static void sleep_ms(int ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !g_stop)
		;
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int nmd = 0;
	static const char hex[] = "0123456789abcdef";

	EVP_Digest(p, n, md, &nmd, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

/* An independent implementation of the signature, so the tests compare
 * radesk's signing with a second reading of the spec. */
static int check_signature(const char *method, const char *path,
			   const char *zTs, const char *zSig,
			   const char *body, size_t nbody)
{
	char zBody[65], zWant[65];
	unsigned char md[32];
	unsigned int nmd = 0;
	static const char hex[] = "0123456789abcdef";
	char *zCanon;
	size_t n;
	long long ts;
	char *end;

	if (!zTs || !zSig || strlen(zSig) != 64)
		return 0;
	errno = 0;
	ts = strtoll(zTs, &end, 10);
	if (errno || *end || end == zTs)
		return 0;
	if (llabs(ts - (long long)time(NULL)) > SB_SKEW_S)
		return 0;
	sha256_hex(body ? body : "", body ? nbody : 0, zBody);
	n = strlen(method) + strlen(path) + strlen(zTs) + 64 + 4;
	zCanon = malloc(n);
	if (!zCanon)
		return 0;
	snprintf(zCanon, n, "%s\n%s\n%s\n%s", method, path, zTs, zBody);
	HMAC(EVP_sha256(), g.secret, (int)g.nsecret,
	     (const unsigned char *)zCanon, strlen(zCanon), md, &nmd);
	free(zCanon);
	for (unsigned i = 0; i < 32; i++) {
		zWant[2 * i] = hex[md[i] >> 4];
		zWant[2 * i + 1] = hex[md[i] & 15];
	}
	zWant[64] = '\0';
	return CRYPTO_memcmp(zWant, zSig, 64) == 0;
}

static enum MHD_Result reply(struct MHD_Connection *c, int status,
			     const char *body)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body,
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type",
				"application/json; charset=utf-8");
	ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_json(struct MHD_Connection *c, int status,
				  json_t *j)
{
	char *z = json_dumps(j, JSON_COMPACT);
	enum MHD_Result ret;

	json_decref(j);
	if (!z)
		return MHD_NO;
	ret = reply(c, status, z);
	free(z);
	return ret;
}

static json_t *error_json(const char *code, const char *msg)
{
	return json_pack("{s:s,s:s}", "error", code, "message", msg);
}

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* 8-4-4-4-12 hex digits. */
static int uuid_ok(const char *z)
{
	if (!z || strlen(z) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? z[i] != '-' :
			   !((z[i] >= '0' && z[i] <= '9') ||
			     (z[i] >= 'a' && z[i] <= 'f') ||
			     (z[i] >= 'A' && z[i] <= 'F')))
			return 0;
	}
	return 1;
}

static int ends_with(const char *z, const char *suffix)
{
	size_t n = strlen(z), m = strlen(suffix);

	return n >= m && !strcmp(z + n - m, suffix);
}

/* Take one matching fault (header first, then the control list). The
 * mode is copied into mode[16]; returns 1 when there is one. */
static int take_fault(struct MHD_Connection *c, const char *path,
		      char mode[16], int *ms)
{
	const char *zHdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "X-Sandbox-Fault");
	struct sb_fault **pp, *f;
	int found = 0;

	*ms = 0;
	if (zHdr && *zHdr) {
		const char *colon = strchr(zHdr, ':');
		size_t n = colon ? (size_t)(colon - zHdr) : strlen(zHdr);

		if (n > 15)
			n = 15;
		memcpy(mode, zHdr, n);
		mode[n] = '\0';
		*ms = colon ? atoi(colon + 1) : 0;
		pthread_mutex_lock(&g.mu);
		g.n.faults++;
		pthread_mutex_unlock(&g.mu);
		return 1;
	}
	pthread_mutex_lock(&g.mu);
	for (pp = &g.faults; *pp; pp = &(*pp)->next) {
		f = *pp;
		if (strncmp(path, f->path, strlen(f->path)) != 0)
			continue;
		memcpy(mode, f->mode, 16);
		*ms = f->ms;
		found = 1;
		g.n.faults++;
		if (f->count > 0 && --f->count == 0) {
			*pp = f->next;
			free(f);
		}
		break;
	}
	pthread_mutex_unlock(&g.mu);
	return found;
}

/* Caller holds g.mu. */
static struct sb_answer *answer_find(const char *key)
{
	for (struct sb_answer *a = g.answers; a; a = a->next)
		if (!strcmp(a->key, key))
			return a;
	return NULL;
}

/* Caller holds g.mu. */
static void answer_store(const char *key, const char *path, int status,
			 const char *body)
{
	struct sb_answer *a = calloc(1, sizeof *a);

	if (!a)
		abort();
	a->key = xstrdup(key);
	a->path = xstrdup(path);
	a->status = status;
	a->body = xstrdup(body);
	a->next = g.answers;
	g.answers = a;
}

/* Caller holds g.mu. */
static struct sb_object *object_add(struct sb_object **list,
				    const char *prefix, const char *a,
				    const char *b)
{
	struct sb_object *o = calloc(1, sizeof *o);

	if (!o)
		abort();
	snprintf(o->id, sizeof o->id, "%s%06ld", prefix, ++g.seq);
	o->a = xstrdup(a);
	o->b = xstrdup(b);
	o->next = *list;
	*list = o;
	return o;
}

static struct sb_object *object_find(struct sb_object *list, const char *id)
{
	for (; list; list = list->next)
		if (!strcmp(list->id, id))
			return list;
	return NULL;
}

/* The business rules of one POST. Caller holds g.mu. *status and the
 * returned JSON are the answer. */

/*
 * A real one-page label PDF (100 x 150 mm) naming the waybill: four
 * objects, a content stream and a cross-reference table whose offsets
 * are counted as it is written, so pdfinfo and pdftoppm read it as any
 * courier's label. Returns the length written into out (or 0).
 */
static size_t label_pdf(const char *waybill, char *out, size_t n)
{
	char body[256];
	size_t off[6], len = 0;
	int nb, k;

	nb = snprintf(body, sizeof body,
		      "BT /F1 28 Tf 30 340 Td (SF EXPRESS) Tj ET\n"
		      "BT /F1 20 Tf 30 290 Td (Waybill %s) Tj ET\n"
		      "30 200 m 253 200 l S\n", waybill);
	if (nb < 0 || (size_t)nb >= sizeof body)
		return 0;
#define PUT(...)                                                              \
	do {                                                                  \
		k = snprintf(out + len, n - len, __VA_ARGS__);                \
		if (k < 0 || (size_t)k >= n - len)                            \
			return 0;                                             \
		len += (size_t)k;                                             \
	} while (0)
	PUT("%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n");
	off[1] = len;
	PUT("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = len;
	PUT("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[3] = len;
	PUT("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 283 425] "
	    "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\n"
	    "endobj\n");
	off[4] = len;
	PUT("4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", nb,
	    body);
	off[5] = len;
	PUT("5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	    ">>\nendobj\n");
	{
		size_t xref = len;

		PUT("xref\n0 6\n0000000000 65535 f \n");
		for (int i = 1; i <= 5; i++)
			PUT("%010zu 00000 n \n", off[i]);
		PUT("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n"
		    "%%%%EOF\n", xref);
	}
#undef PUT
	return len;
}

static json_t *do_post(const char *path, json_t *in, int *status)
{
	*status = 200;
	if (!strcmp(path, "/v1/telecom/verify")) {
		const char *name = jstr(in, "name"), *id = jstr(in, "id_no");
		const char *mobile = jstr(in, "mobile");
		const char *result = "match";
		char ref[32];

		if (!name || !id || !mobile) {
			*status = 400;
			return error_json("bad_request",
					  "name, id_no and mobile are required");
		}
		if (ends_with(mobile, "0000"))
			result = "not_found";
		else if (strstr(name, "错") || ends_with(mobile, "1111"))
			result = "mismatch";
		g.n.telecom++;
		snprintf(ref, sizeof ref, "TEL%06ld", ++g.seq);
		return json_pack("{s:s,s:s,s:s}", "result", result, "ref", ref,
				 "detail", !strcmp(result, "match") ? "" :
				 !strcmp(result, "not_found") ?
				 "mobile number unknown to the carrier" :
				 "name or ID does not match the subscriber");
	}
	if (!strcmp(path, "/v1/bank/microdeposits")) {
		const char *name = jstr(in, "account_name");
		const char *no = jstr(in, "account_no");
		json_t *amt = json_object_get(in, "amount_fen");
		struct sb_object *o;

		if (!name || !no || !jstr(in, "bank") || !json_is_integer(amt) ||
		    json_integer_value(amt) != 1) {
			*status = 400;
			return error_json("bad_request",
					  "account_name, account_no, bank and "
					  "amount_fen=1 are required");
		}
		o = object_add(&g.deposits, "DEP", no, name);
		g.n.deposits++;
		return json_pack("{s:s,s:s}", "ref", o->id, "state", "sent");
	}
	if (!strcmp(path, "/v1/production/orders")) {
		const char *app = jstr(in, "app_no");
		struct sb_object *o;

		if (!app || !jstr(in, "holder")) {
			*status = 400;
			return error_json("bad_request",
					  "app_no and holder are required");
		}
		if (zOutletLine && (!jstr(in, "outlet") ||
				    strcmp(jstr(in, "outlet"), zOutletLine))) {
			*status = 422;
			return error_json("wrong_outlet",
					  "this line makes the keys of another "
					  "outlet");
		}
		{
			int nPrev = 0;

			for (struct sb_object *x = g.orders; x; x = x->next)
				nPrev += !strcmp(x->a, app);
			char zPre[48];

			snprintf(zPre, sizeof zPre, "ORD-%s-",
				 zOutletLine ? zOutletLine : "default");
			o = object_add(&g.orders, zOutletLine ? zPre : "ORD",
				       app, "");
			o->attempt = nPrev + 1;
		}
		g.n.orders++;
		return json_pack("{s:s,s:s}", "order_id", o->id, "state",
				 "queued");
	}
	if (!strcmp(path, "/v1/courier/waybills")) {
		json_t *rcpt = json_object_get(in, "recipient");
		const char *addr = json_is_object(rcpt) ? jstr(rcpt, "address")
							: NULL;
		struct sb_object *o;

		if (!jstr(in, "app_no") || !addr) {
			*status = 400;
			return error_json("bad_request",
					  "app_no and recipient.address are "
					  "required");
		}
		char pdf[1536], b64[2100];
		size_t npdf;

		o = object_add(&g.waybills, "SF", addr, "");
		g.n.waybills++;
		npdf = label_pdf(o->id, pdf, sizeof pdf);
		if (!npdf)
			abort();
		EVP_EncodeBlock((unsigned char *)b64, (unsigned char *)pdf,
				(int)npdf);
		return json_pack("{s:s,s:s}", "waybill_no", o->id,
				 "label_pdf_base64", b64);
	}
	if (!strcmp(path, "/v1/notify/messages")) {
		struct sb_message *m = calloc(1, sizeof *m);
		char id[32];

		if (!m)
			abort();
		m->body = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
		if (!m->body)
			abort();
		m->next = g.messages;
		g.messages = m;
		g.n.notify++;
		snprintf(id, sizeof id, "MSG%06ld", ++g.seq);
		return json_pack("{s:s,s:s}", "message_id", id, "state", "sent");
	}
	if (!strcmp(path, "/v1/invoice/invoices")) {
		char id[32];

		g.n.invoices++;
		snprintf(id, sizeof id, "INV%06ld", ++g.seq);
		return json_pack("{s:s,s:s}", "invoice_no", id, "state",
				 "issued");
	}
	*status = 404;
	return error_json("not_found", "no such endpoint");
}

/* GET of a status. Caller holds g.mu. */
static json_t *do_get(const char *path, int *status)
{
	static const char dep[] = "/v1/bank/microdeposits/";
	static const char ord[] = "/v1/production/orders/";
	static const char way[] = "/v1/courier/waybills/";
	struct sb_object *o;

	*status = 200;
	if (!strncmp(path, dep, sizeof dep - 1)) {
		o = object_find(g.deposits, path + sizeof dep - 1);
		if (!o)
			goto notfound;
		o->polls++;
		if (ends_with(o->a, "4"))
			return json_pack("{s:s,s:s,s:s,s:s}", "ref", o->id,
					 "state", "failed", "account_name_seen",
					 "", "reason", "account closed");
		if (ends_with(o->a, "6") || (ends_with(o->a, "5") && o->polls < 2))
			return json_pack("{s:s,s:s,s:s,s:s}", "ref", o->id,
					 "state", "sent", "account_name_seen",
					 "", "reason", "");
		return json_pack("{s:s,s:s,s:s,s:s}", "ref", o->id, "state",
				 "credited", "account_name_seen",
				 ends_with(o->a, "7") ? "某某另一家有限公司" : o->b,
				 "reason", "");
	}
	if (!strncmp(path, ord, sizeof ord - 1)) {
		const char *st;
		char serial[32];

		o = object_find(g.orders, path + sizeof ord - 1);
		if (!o)
			goto notfound;
		o->polls++;
		/* queued, writing, ready; the first order of an application
		 * whose number ends in 3 fails QC instead of writing. */
		if (o->polls == 1)
			st = "queued";
		else if (o->polls == 2)
			st = ends_with(o->a, "3") && o->attempt == 1 ? "qc_failed"
								     : "writing";
		else
			st = ends_with(o->a, "3") && o->attempt == 1 ? "qc_failed"
								     : "ready";
		snprintf(serial, sizeof serial, "USB%s",
			 !strcmp(st, "ready") ? o->id + 3 : "");
		return json_pack("{s:s,s:s,s:s,s:s}", "order_id", o->id, "state",
				 st, "medium_serial",
				 !strcmp(st, "ready") ? serial : "", "reason",
				 !strcmp(st, "qc_failed")
					 ? "QC: chip write verify failed"
					 : "");
	}
	if (!strncmp(path, way, sizeof way - 1)) {
		static const char *const steps[] = { "created", "picked_up",
						     "in_transit", "delivered" };

		o = object_find(g.waybills, path + sizeof way - 1);
		if (!o)
			goto notfound;
		int ret;

		o->polls++;
		ret = strstr(o->a, "退") && o->polls > 2;
		return json_pack("{s:s,s:s,s:s}", "waybill_no", o->id, "state",
				 ret ? "returned" :
				 steps[o->polls > 3 ? 3 : o->polls - 1],
				 "reason", ret ? "收件人拒收" : "");
	}
notfound:
	*status = 404;
	return error_json("not_found", "unknown reference");
}

/* ---- SF Express open platform (form POST /std/service) ----------------- */

/* URL-decode a form value in place ('+' is a space). */
static void form_decode(char *z)
{
	char *w = z;

	for (; *z; z++) {
		if (*z == '+') {
			*w++ = ' ';
		} else if (*z == '%' && z[1] && z[2]) {
			char hx[3] = { z[1], z[2], 0 };

			*w++ = (char)strtol(hx, NULL, 16);
			z += 2;
		} else {
			*w++ = *z;
		}
	}
	*w = '\0';
}

/* The value of field name in a form body (decoded, malloc'd) or NULL. */
static char *form_get(const char *body, size_t n, const char *name)
{
	size_t lname = strlen(name);
	const char *p = body, *end = body + n;

	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;

		if ((size_t)(stop - p) > lname && !strncmp(p, name, lname) &&
		    p[lname] == '=') {
			size_t len = (size_t)(stop - p) - lname - 1;
			char *v = malloc(len + 1);

			if (!v)
				abort();
			memcpy(v, p + lname + 1, len);
			v[len] = '\0';
			form_decode(v);
			return v;
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

/* A second reading of SF's msgDigest: Java's URLEncoder keeps
 * [A-Za-z0-9.*_-], turns ' ' into '+' and escapes every other byte. */
static void sf_digest(const char *data, const char *ts, char out[32])
{
	size_t n = strlen(data) + strlen(ts) + g.nsecret;
	char *plain = malloc(n + 1), *enc = malloc(3 * n + 1), *w = enc;
	unsigned char md[16];
	unsigned int nmd = 0;

	if (!plain || !enc)
		abort();
	snprintf(plain, n + 1, "%s%s%s", data, ts, g.secret);
	for (const unsigned char *p = (const unsigned char *)plain; *p; p++) {
		if (isalnum(*p) || strchr(".-*_", *p))
			*w++ = (char)*p;
		else if (*p == ' ')
			*w++ = '+';
		else
			w += sprintf(w, "%%%02X", *p);
	}
	*w = '\0';
	EVP_Digest(enc, strlen(enc), md, &nmd, EVP_md5(), NULL);
	EVP_EncodeBlock((unsigned char *)out, md, 16);
	free(plain);
	free(enc);
}

static enum MHD_Result sf_reply(struct MHD_Connection *c, const char *code,
				const char *msg, json_t *data)
{
	char *zData = data ? json_dumps(data, JSON_COMPACT) : NULL;
	char id[32];
	json_t *j;

	json_decref(data);
	pthread_mutex_lock(&g.mu);
	snprintf(id, sizeof id, "R%06ld", ++g.seq);
	pthread_mutex_unlock(&g.mu);
	j = json_pack("{s:s,s:s,s:s,s:s?}", "apiResultCode", code,
		      "apiErrorMsg", msg, "apiResponseID", id,
		      "apiResultData", zData);
	free(zData);
	return reply_json(c, 200, j);
}

static json_t *sf_ok(json_t *msg_data)
{
	return json_pack("{s:b,s:s,s:n,s:o}", "success", 1, "errorCode",
			 "S0000", "errorMsg", "msgData", msg_data);
}

static json_t *sf_err(const char *code, const char *msg)
{
	return json_pack("{s:b,s:s,s:s,s:n}", "success", 0, "errorCode", code,
			 "errorMsg", msg, "msgData");
}

static struct sb_object *sf_order_find(const char *order_id)
{
	for (struct sb_object *o = g.waybills; o; o = o->next)
		if (!strcmp(o->b, order_id))
			return o;
	return NULL;
}

static json_t *sf_waybill_list(const struct sb_object *o)
{
	return json_pack("{s:s,s:[{s:i,s:s}]}", "orderId", o->b,
			 "waybillNoInfoList", "waybillType", 1, "waybillNo",
			 o->id);
}

/* The business rules of one SF service. Caller holds g.mu. */
static json_t *sf_service(const char *service, json_t *in)
{
	if (!strcmp(service, "EXP_RECE_CREATE_ORDER")) {
		const char *oid = jstr(in, "orderId"), *addr = NULL;
		json_t *ci = json_object_get(in, "contactInfoList"), *x;
		struct sb_object *o;
		size_t i;

		json_array_foreach(ci, i, x)
			if (json_integer_value(json_object_get(x,
							       "contactType")) == 2)
				addr = jstr(x, "address");
		if (!oid || !*oid || !addr || !*addr)
			return sf_err("1010", "orderId and the recipient's "
					      "address are required");
		if (sf_order_find(oid)) {
			g.n.sf_duplicates++;
			return sf_err("8016", "重复下单");
		}
		o = object_add(&g.waybills, "SF", addr, oid);
		g.n.waybills++;
		return sf_ok(sf_waybill_list(o));
	}
	if (!strcmp(service, "EXP_RECE_SEARCH_ORDER_RESP")) {
		struct sb_object *o = sf_order_find(jstr(in, "orderId") ?
						    jstr(in, "orderId") : "");

		return o ? sf_ok(sf_waybill_list(o))
			 : sf_err("8024", "未下单");
	}
	if (!strcmp(service, "COM_RECE_CLOUD_PRINT_WAYBILLS")) {
		json_t *doc = json_array_get(json_object_get(in, "documents"),
					     0);
		const char *no = doc ? jstr(doc, "masterWaybillNo") : NULL;
		char url[160], tok[64];

		if (!no || !object_find(g.waybills, no))
			return json_pack("{s:b,s:s,s:s}", "success", 0,
					 "errorCode", "404",
					 "errorMessage", "unknown waybill");
		snprintf(url, sizeof url,
			 "http://127.0.0.1:%d/sf/files/%s.pdf", g.port, no);
		snprintf(tok, sizeof tok, "tok-%s", no);
		return json_pack("{s:b,s:{s:[{s:s,s:s,s:s}]}}", "success", 1,
				 "obj", "files", "url", url, "token", tok,
				 "waybillNo", no);
	}
	if (!strcmp(service, "EXP_RECE_SEARCH_ROUTES")) {
		json_t *nums = json_object_get(in, "trackingNumber");
		const char *no = json_string_value(json_array_get(nums, 0));
		struct sb_object *o = no ? object_find(g.waybills, no) : NULL;
		json_t *routes;

		if (!o)
			return sf_err("8151", "运单号不存在");
		o->polls++;
		routes = json_array();
		/* created, picked up (50), in transit (30), delivered (80);
		 * an address with 退 comes back (99) from the third poll. */
		if (o->polls >= 2)
			json_array_append_new(routes,
					      json_pack("{s:s,s:s}", "opCode",
							"50", "remark",
							"顺丰速运 已收取快件"));
		if (o->polls >= 3 && strstr(o->a, "退"))
			json_array_append_new(routes,
					      json_pack("{s:s,s:s}", "opCode",
							"99", "remark",
							"收件人拒收，快件退回"));
		else if (o->polls >= 3)
			json_array_append_new(routes,
					      json_pack("{s:s,s:s}", "opCode",
							"30", "remark",
							"快件在转运中"));
		if (o->polls >= 4 && !strstr(o->a, "退"))
			json_array_append_new(routes,
					      json_pack("{s:s,s:s}", "opCode",
							"80", "remark",
							"已签收"));
		return sf_ok(json_pack("{s:[{s:s,s:o}]}", "routeResps",
				       "mailNo", o->id, "routes", routes));
	}
	return NULL;
}

static enum MHD_Result serve_sf(struct MHD_Connection *c,
				const char *method, struct sb_req *rq)
{
	static const char *const aField[] = { "partnerID", "requestID",
					      "serviceCode", "timestamp",
					      "msgDigest", "msgData" };
	char *v[6] = { 0 };
	char want[32], mode[16] = "";
	json_t *in = NULL, *data = NULL;
	enum MHD_Result ret;
	int ms = 0;

	pthread_mutex_lock(&g.mu);
	g.n.req_courier++;
	g.n.sf_requests++;
	pthread_mutex_unlock(&g.mu);
	if (strcmp(method, "POST"))
		return reply_json(c, 405, error_json("method", "POST"));
	for (int i = 0; i < 6; i++)
		v[i] = form_get(rq->buf ? rq->buf : "", rq->len, aField[i]);
	if (!v[0] || !*v[0] || !v[1] || !v[2] || !v[3] || !v[4] || !v[5]) {
		ret = sf_reply(c, "A1001", "必传参数不可为空", NULL);
		goto done;
	}
	sf_digest(v[5], v[3], want);
	if (strcmp(want, v[4])) {
		pthread_mutex_lock(&g.mu);
		g.n.sf_digest_failures++;
		pthread_mutex_unlock(&g.mu);
		ret = sf_reply(c, "A1006", "数字签名无效", NULL);
		goto done;
	}
	if (llabs(strtoll(v[3], NULL, 10) / 1000 - (long long)time(NULL)) >
	    SB_SKEW_S) {
		ret = sf_reply(c, "A1002", "请求已过期", NULL);
		goto done;
	}
	if (take_fault(c, "/std/service", mode, &ms)) {
		if (!strcmp(mode, "5xx")) {
			ret = reply_json(c, 503, error_json("unavailable",
							    "injected fault"));
			goto done;
		}
		if (!strcmp(mode, "drop")) {
			ret = MHD_NO;
			goto done;
		}
		if (!strcmp(mode, "latency"))
			sleep_ms(ms > 0 ? ms : 2000);
	}
	in = json_loads(v[5], 0, NULL);
	if (json_is_object(in)) {
		pthread_mutex_lock(&g.mu);
		data = sf_service(v[2], in);
		pthread_mutex_unlock(&g.mu);
	}
	if (!data) {
		ret = sf_reply(c, "A1001", "serviceCode 或 msgData 无效", NULL);
		goto done;
	}
	if (!strcmp(mode, "late") || !strcmp(mode, "timeout"))
		sleep_ms(ms > 0 ? ms : 30000);
	ret = sf_reply(c, "A1000", "", data);
done:
	json_decref(in);
	for (int i = 0; i < 6; i++)
		free(v[i]);
	return ret;
}

/* A label file named by COM_RECE_CLOUD_PRINT_WAYBILLS: the token must
 * come along. */
static enum MHD_Result serve_sf_file(struct MHD_Connection *c,
				     const char *url)
{
	char pdf[1536];
	size_t npdf;
	const char *tok = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						      "X-Auth-token");
	char no[64], want[80];
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (sscanf(url, "/sf/files/%63[A-Za-z0-9].pdf", no) != 1)
		return reply_json(c, 404, error_json("not_found", "no file"));
	snprintf(want, sizeof want, "tok-%s", no);
	if (!tok || strcmp(tok, want))
		return reply_json(c, 401, error_json("unauthorized", "token"));
	pthread_mutex_lock(&g.mu);
	g.n.labels++;
	pthread_mutex_unlock(&g.mu);
	npdf = label_pdf(no, pdf, sizeof pdf);
	if (!npdf)
		return MHD_NO;
	r = MHD_create_response_from_buffer(npdf, pdf, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/pdf");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static void count_request(const char *path)
{
	pthread_mutex_lock(&g.mu);
	if (!strncmp(path, "/v1/telecom/", 12))
		g.n.req_telecom++;
	else if (!strncmp(path, "/v1/bank/", 9))
		g.n.req_bank++;
	else if (!strncmp(path, "/v1/production/", 15))
		g.n.req_production++;
	else if (!strncmp(path, "/v1/courier/", 12))
		g.n.req_courier++;
	else
		g.n.req_other++;
	pthread_mutex_unlock(&g.mu);
}

static enum MHD_Result control(struct MHD_Connection *c, const char *url,
			       const char *method, const char *body,
			       size_t nbody)
{
	if (!strcmp(url, "/_sandbox/counters")) {
		json_t *j;

		pthread_mutex_lock(&g.mu);
		j = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,"
			      "s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
			      "telecom", (json_int_t)g.n.telecom,
			      "deposits", (json_int_t)g.n.deposits,
			      "orders", (json_int_t)g.n.orders,
			      "waybills", (json_int_t)g.n.waybills,
			      "notify", (json_int_t)g.n.notify,
			      "invoices", (json_int_t)g.n.invoices,
			      "requests_telecom", (json_int_t)g.n.req_telecom,
			      "requests_bank", (json_int_t)g.n.req_bank,
			      "requests_production",
			      (json_int_t)g.n.req_production,
			      "requests_courier", (json_int_t)g.n.req_courier,
			      "requests_other", (json_int_t)g.n.req_other,
			      "replays", (json_int_t)g.n.replays,
			      "auth_failures", (json_int_t)g.n.auth_failures,
			      "faults", (json_int_t)g.n.faults,
			      "sf_requests", (json_int_t)g.n.sf_requests,
			      "sf_digest_failures",
			      (json_int_t)g.n.sf_digest_failures,
			      "sf_duplicates", (json_int_t)g.n.sf_duplicates,
			      "labels", (json_int_t)g.n.labels);
		pthread_mutex_unlock(&g.mu);
		return reply_json(c, 200, j);
	}
	if (!strcmp(url, "/_sandbox/messages")) {
		json_t *j = json_array();

		/* Oldest first, as received. */
		pthread_mutex_lock(&g.mu);
		for (struct sb_message *m = g.messages; m; m = m->next)
			json_array_insert_new(j, 0, json_loads(m->body, 0,
							       NULL));
		pthread_mutex_unlock(&g.mu);
		return reply_json(c, 200, j);
	}
	if (!strcmp(url, "/_sandbox/health"))
		return reply(c, 200, "{\"ok\":true}");
	if (!strcmp(url, "/_sandbox/faults") && !strcmp(method, "POST")) {
		json_error_t jerr;
		json_t *j = json_loadb(body ? body : "", nbody, 0, &jerr);
		const char *path = j ? jstr(j, "path") : NULL;
		const char *mode = j ? jstr(j, "mode") : NULL;
		struct sb_fault *f;

		if (!path || !mode || strlen(path) >= 128 || strlen(mode) >= 16) {
			json_decref(j);
			return reply_json(c, 400,
					  error_json("bad_request",
						     "path and mode required"));
		}
		f = calloc(1, sizeof *f);
		if (!f)
			abort();
		snprintf(f->path, sizeof f->path, "%s", path);
		snprintf(f->mode, sizeof f->mode, "%s", mode);
		f->count = (int)json_integer_value(json_object_get(j, "count"));
		f->ms = (int)json_integer_value(json_object_get(j, "ms"));
		json_decref(j);
		pthread_mutex_lock(&g.mu);
		f->next = g.faults;
		g.faults = f;
		pthread_mutex_unlock(&g.mu);
		return reply(c, 200, "{\"ok\":true}");
	}
	if (!strcmp(url, "/_sandbox/faults") && !strcmp(method, "DELETE")) {
		pthread_mutex_lock(&g.mu);
		while (g.faults) {
			struct sb_fault *f = g.faults;

			g.faults = f->next;
			free(f);
		}
		pthread_mutex_unlock(&g.mu);
		return reply(c, 200, "{\"ok\":true}");
	}
	return reply_json(c, 404, error_json("not_found", "no such control"));
}

static enum MHD_Result serve(struct MHD_Connection *c, const char *url,
			     const char *method, struct sb_req *rq)
{
	const char *zKey, *zTs, *zSig;
	char mode[16] = "";
	int ms = 0, status = 200, faulty;
	struct sb_answer *a;
	json_t *in = NULL, *out;
	char *zOut;
	enum MHD_Result ret;

	if (!strncmp(url, "/_sandbox/", 10))
		return control(c, url, method, rq->buf, rq->len);
	if (!strcmp(url, "/std/service"))
		return serve_sf(c, method, rq);
	if (!strncmp(url, "/sf/files/", 10))
		return serve_sf_file(c, url);
	count_request(url);
	zTs = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					  "X-Radesk-Timestamp");
	zSig = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					   "X-Radesk-Signature");
	if (!check_signature(method, url, zTs, zSig, rq->buf, rq->len)) {
		pthread_mutex_lock(&g.mu);
		g.n.auth_failures++;
		pthread_mutex_unlock(&g.mu);
		return reply_json(c, 401,
				  error_json("unauthorized",
					     "bad signature or timestamp"));
	}
	faulty = take_fault(c, url, mode, &ms);
	/* Faults that strike before anything is done. */
	if (faulty && !strcmp(mode, "5xx"))
		return reply_json(c, 503, error_json("unavailable",
						     "injected fault"));
	if (faulty && !strcmp(mode, "drop"))
		return MHD_NO;
	if (faulty && !strcmp(mode, "latency"))
		sleep_ms(ms > 0 ? ms : 2000);

	if (!strcmp(method, "GET")) {
		pthread_mutex_lock(&g.mu);
		out = do_get(url, &status);
		pthread_mutex_unlock(&g.mu);
		zOut = json_dumps(out, JSON_COMPACT);
		json_decref(out);
	} else if (!strcmp(method, "POST")) {
		json_error_t jerr;

		zKey = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						   "Idempotency-Key");
		if (!uuid_ok(zKey))
			return reply_json(c, 400,
					  error_json("bad_request",
						     "Idempotency-Key must be a UUID"));
		in = json_loadb(rq->buf ? rq->buf : "", rq->len, 0, &jerr);
		if (!json_is_object(in)) {
			json_decref(in);
			return reply_json(c, 400,
					  error_json("bad_request",
						     "body is not a JSON object"));
		}
		pthread_mutex_lock(&g.mu);
		a = answer_find(zKey);
		if (a) {
			g.n.replays++;
			status = a->status;
			zOut = xstrdup(a->body);
		} else {
			out = do_post(url, in, &status);
			zOut = json_dumps(out, JSON_COMPACT);
			json_decref(out);
			/* 4xx answers are not stored: the request was wrong
			 * and nothing happened. */
			if (zOut && status < 400)
				answer_store(zKey, url, status, zOut);
		}
		pthread_mutex_unlock(&g.mu);
		json_decref(in);
	} else {
		return reply_json(c, 405, error_json("method", "GET or POST"));
	}
	if (!zOut)
		return MHD_NO;
	/* Faults that strike after the work was done. */
	if (faulty && (!strcmp(mode, "late") || !strcmp(mode, "timeout")))
		sleep_ms(ms > 0 ? ms : 30000);
	if (faulty && !strcmp(mode, "malformed"))
		ret = reply(c, 200, "{\"result\": \"match\", oops");
	else
		ret = reply(c, status, zOut);
	free(zOut);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *nupload, void **con_cls)
{
	struct sb_req *rq = *con_cls;

	(void)cls;
	(void)version;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*nupload > 0) {
		if (rq->len + *nupload > SB_MAX_BODY) {
			rq->too_big = 1;
		} else {
			char *p = realloc(rq->buf, rq->len + *nupload + 1);

			if (!p)
				return MHD_NO;
			rq->buf = p;
			memcpy(rq->buf + rq->len, upload, *nupload);
			rq->len += *nupload;
			rq->buf[rq->len] = '\0';
		}
		*nupload = 0;
		return MHD_YES;
	}
	if (rq->too_big)
		return reply_json(c, 413, error_json("too_large", "body"));
	return serve(c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct sb_req *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		free(rq->buf);
		free(rq);
	}
	*con_cls = NULL;
}

static int read_secret(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[4097];
	size_t n;

	if (!f) {
		fprintf(stderr, "radesk-sandbox: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (n == 0) {
		fprintf(stderr, "radesk-sandbox: %s: empty secret\n", path);
		return -1;
	}
	g.secret = xstrdup(buf);
	g.nsecret = n;
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	const char *zSecret = NULL, *zPortFile = NULL;
	struct sigaction act;
	sigset_t stopset;
	int port = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--secret-file") && i + 1 < argc)
			zSecret = argv[++i];
		else if (!strcmp(argv[i], "--port-file") && i + 1 < argc)
			zPortFile = argv[++i];
		else if (!strcmp(argv[i], "--outlet") && i + 1 < argc)
			zOutletLine = argv[++i];
		else {
			fprintf(stderr,
				"usage: radesk-sandbox --secret-file F "
				"[--port N] [--port-file F] [--outlet NAME]\n"
				"Rules and faults: docs/sandbox.md\n");
			return strcmp(argv[i], "--help") ? 64 : 0;
		}
	}
	if (!zSecret) {
		fprintf(stderr, "radesk-sandbox: --secret-file is required\n");
		return 64;
	}
	if (read_secret(zSecret) != 0)
		return 66;
	/* Block the stop signals before the daemon's threads exist, so
	 * they inherit the mask and only sigwait() below receives them. */
	memset(&act, 0, sizeof act);
	act.sa_handler = on_signal;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGTERM);
	sigaddset(&stopset, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stopset, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
			     MHD_USE_INTERNAL_POLLING_THREAD |
			     MHD_USE_ERROR_LOG,
			     (uint16_t)port, NULL, NULL, on_request, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "radesk-sandbox: cannot listen on 127.0.0.1:%d\n",
			port);
		return 71;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : port;
	g.port = port;
	printf("listening 127.0.0.1:%d\n", port);
	fflush(stdout);
	if (zPortFile) {
		char zTmp[4096];
		FILE *f;

		snprintf(zTmp, sizeof zTmp, "%s.tmp", zPortFile);
		f = fopen(zTmp, "w");
		if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 ||
		    rename(zTmp, zPortFile) != 0) {
			fprintf(stderr, "radesk-sandbox: %s: %s\n", zPortFile,
				strerror(errno));
			MHD_stop_daemon(d);
			return 73;
		}
	}
	while (!g_stop) {
		int sig = 0;

		if (sigwait(&stopset, &sig) == 0)
			g_stop = 1;
	}
	MHD_stop_daemon(d);
	return 0;
}
