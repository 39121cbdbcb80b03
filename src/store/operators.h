/*
 * operators.h — the people who may use radesk, and their roles.
 *
 * The Unix login is the identity; an operator row maps it to a role.
 * Every change writes an audit entry in the same transaction.
 */
#ifndef RD_STORE_OPERATORS_H
#define RD_STORE_OPERATORS_H

#include "core/err.h"
#include "core/state.h"
#include "store/store.h"

#include <stdint.h>

struct rd_operator {
	int64_t id;
	char login[64];
	char display_name[128];
	enum rd_role role;
	int enabled;
};

/* Number of operators (any state). */
rd_status store_operator_count(struct store *st, int64_t *count,
			       struct rd_err *err);

/* Look up by login. RD_ERR_NOTFOUND when there is none. */
rd_status store_operator_get(struct store *st, const char *login,
			     struct rd_operator *out, struct rd_err *err);

/* Look up by id. */
rd_status store_operator_get_id(struct store *st, int64_t id,
				struct rd_operator *out, struct rd_err *err);

/* Add an operator (enabled). RD_ERR_EXISTS when the login is taken.
 * Opens its own transaction; audited as actor. */
rd_status store_operator_add(struct store *st, const char *actor,
			     const char *login, const char *display_name,
			     enum rd_role role, struct rd_err *err);

/* Enable or disable; change role. Own transaction; audited. Refuse to
 * disable or demote the last enabled admin (RD_ERR_STATE). */
rd_status store_operator_set_enabled(struct store *st, const char *actor,
				     const char *login, int enabled,
				     struct rd_err *err);
rd_status store_operator_set_role(struct store *st, const char *actor,
				  const char *login, enum rd_role role,
				  struct rd_err *err);

/* Visit all operators ordered by login; the struct is borrowed. */
typedef int (*store_operator_fn)(void *ctx, const struct rd_operator *op);
rd_status store_operator_list(struct store *st, store_operator_fn fn,
			      void *ctx, struct rd_err *err);

/*
 * Resolve the invoking Unix user to an enabled operator. An unknown or
 * disabled login is refused (RD_ERR_DENIED) and the refusal is audited
 * (action "operator.refused").
 */
rd_status store_operator_authenticate(struct store *st, const char *login,
				      struct rd_operator *out,
				      struct rd_err *err);

#endif
