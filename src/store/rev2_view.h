/*
 * rev2_view.h — what the detail screen shows of a version's revision-2
 * data that is not a plain form field: the transfers of its payment with
 * their memos, and the paired application (related_app_no) with what the
 * gate says about approving the two together. Read only.
 */
#ifndef RD_STORE_REV2_VIEW_H
#define RD_STORE_REV2_VIEW_H

#include "core/err.h"
#include "core/gate.h"
#include "store/operators.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store_transfer {
	int idx;
	char payer_account[64];
	char payer_name[160];
	int64_t amount_fen;
	char date[16];
	char memo[256];
};

/* The transfers of version_id in order, into a[0..nMax); *n how many. */
rd_status store_app_transfers(struct store *st, int64_t version_id,
			      struct store_transfer *a, size_t nMax, size_t *n,
			      struct rd_err *err);

struct store_paired {
	int64_t id;                 /* 0: no paired application */
	char app_no[40];
	enum rd_app_state state;
	bool approved;              /* an approval of it is in force */
	uint32_t unmet;             /* rd_gate_check_paired() for op */
};

/* The paired application of app_id and, for op, whether it may be
 * approved together with it (one read transaction). */
rd_status store_paired_view(struct store *st, const struct rd_operator *op,
			    int64_t app_id, struct store_paired *out,
			    struct rd_err *err);

#endif
