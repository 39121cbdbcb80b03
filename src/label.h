/*
 * label.h — courier labels: keep the PDF the courier sent, and print it.
 *
 * A label arrives Base64-encoded in the waybill answer. It is decoded,
 * checked (starts with "%PDF-", at most [print] max_label_bytes) and kept
 * in the blob store under its SHA-256 before the worker's transaction
 * records the waybill, so the shipment row never names a missing blob.
 *
 * Printing is the job kind "label_print", run by the worker so the
 * console never waits on a printer: with [print] command set, the command
 * is run directly (fork + execvp, no shell) with the blob's path as its
 * last argument; otherwise the PDF is written atomically into [paths]
 * spool as WAYBILL-N.pdf for whatever picks labels up there.
 */
#ifndef RD_LABEL_H
#define RD_LABEL_H

#include "config.h"
#include "core/err.h"
#include "crypto.h"
#include "net/provider.h"

#include <stddef.h>

/*
 * Decode a Base64 label, check it is a PDF of at most max bytes and keep
 * it in blob_dir; sha gets its SHA-256. RD_ERR_INVALID (not Base64 or not
 * a PDF) and RD_ERR_LIMIT (too large) mean the label itself is bad;
 * RD_ERR_IO that it could not be stored (try again).
 */
rd_status label_keep(const char *blob_dir, const char *b64, size_t max,
		     char sha[RD_SHA256_HEX], struct rd_err *err);

/*
 * For a courier_waybill outcome: take "label_pdf_base64" out of the
 * result JSON (*result, owned, replaced), keep the label (label_keep) and
 * put "label_sha256" — or "label_error" when the label was bad — in its
 * place, so the database never holds the Base64. sha gets the SHA-256 or
 * "". Returns RD_ERR_IO when the label could not be stored (the caller
 * retries the job; the courier answers the replay with the same label),
 * RD_ERR_NOMEM, or RD_OK.
 */
rd_status label_take_from_result(const struct rd_config *cfg, char **result,
				 char sha[RD_SHA256_HEX], struct rd_err *err);

/*
 * Split a print command into words at blanks; '...' and "..." keep
 * blanks inside a word and are removed; nothing else is special (no
 * variables, globs or escapes). *argv gets a NULL-terminated malloc'd
 * array with room for one more word before the NULL, and *argc the
 * number of words; free with label_argv_free. RD_ERR_INVALID for an
 * unclosed quote or no words.
 */
rd_status label_split_command(const char *cmd, char ***argv, int *argc);
void label_argv_free(char ***argv);

/*
 * The worker's handler for "label_print" jobs (payload {"shipment",
 * "waybill_no", "label_sha256", "n"}): print or spool the kept label.
 * Result {"target"}: the command's first word or the spool file. A
 * missing or damaged blob fails the job for good; a command that fails or
 * times out, or a spool folder that cannot be written, is retried.
 */
rd_status label_print_job(const struct rd_config *cfg,
			  const struct net_job *job, struct net_outcome *out);

#endif
