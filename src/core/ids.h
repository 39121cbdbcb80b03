/*
 * ids.h — check characters of Chinese identity numbers, mobile format.
 *
 *  - Resident identity card number (居民身份证号码), GB 11643-1999:
 *    6-digit region, 8-digit birth date YYYYMMDD, 3-digit sequence, one
 *    check character by ISO 7064 MOD 11-2 ('0'..'9' or 'X').
 *  - Unified social credit code (统一社会信用代码), GB 32100-2015: 18
 *    characters over "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I O Z S V), the
 *    last a MOD 31 check character.
 *  - Mainland mobile number: 11 digits, "1[3-9]".
 *
 * All functions are pure and accept any pointer including NULL.
 */
#ifndef RD_CORE_IDS_H
#define RD_CORE_IDS_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define RD_ID_LEN 18       /* both resident ID and USCC */
#define RD_ID_BUFSZ 19     /* RD_ID_LEN + NUL */

/* Why an identity number was refused (first failing rule, in this order). */
enum rd_id_reason {
	RD_ID_OK = 0,
	RD_ID_BAD_LENGTH,  /* NULL, empty, or not 18 characters */
	RD_ID_BAD_CHAR,    /* a character not allowed at its position */
	RD_ID_BAD_DATE,    /* resident ID: birth date not a real date 1900..2100 */
	RD_ID_BAD_CHECK    /* the check character does not match */
};

/* Translated one-line explanation of a reason ("wrong check character"). */
const char *rd_id_reason_text(enum rd_id_reason why);

/*
 * Check an 18-character resident ID. The check character 'X' may also be
 * written 'x' (accepted; store the rd_id_resident_normalize() form).
 * The birth date must be a real date in years 1900..2100.
 */
enum rd_id_reason rd_id_resident_check(const char *s);

/* rd_id_resident_check(s) == RD_ID_OK. */
bool rd_id_resident_valid(const char *s);

/*
 * Canonical form of a resident ID: surrounding ASCII blanks removed and a
 * lowercase 'x' made 'X'. Does not validate. RD_ERR_LIMIT when out (size n)
 * cannot hold the result (out is then ""), RD_ERR_INVALID for NULL input.
 */
rd_status rd_id_resident_normalize(const char *in, char *out, size_t n);

/*
 * Compute the check character for the first 17 characters of first17
 * (which must be digits; a longer string is fine, only 17 are read).
 * RD_ERR_INVALID if there are fewer than 17 leading digits.
 */
rd_status rd_id_resident_check_char(const char *first17, char *out);

/*
 * Complete a 17-digit prefix (region, birth date, sequence) into a valid
 * resident ID in out (n >= RD_ID_BUFSZ). The prefix must be exactly 17
 * digits with a valid birth date. RD_ERR_INVALID / RD_ERR_LIMIT.
 */
rd_status rd_id_generate_resident(const char *prefix17, char *out, size_t n);

/*
 * Check an 18-character USCC. Letters must be uppercase (the code is
 * printed that way on the licence; use rd_id_uscc_normalize() on typed
 * input). No structural check beyond the alphabet and check character.
 */
enum rd_id_reason rd_id_uscc_check(const char *s);

/* rd_id_uscc_check(s) == RD_ID_OK. */
bool rd_id_uscc_valid(const char *s);

/* Surrounding blanks removed, ASCII letters uppercased. As _resident_. */
rd_status rd_id_uscc_normalize(const char *in, char *out, size_t n);

/*
 * Check character for the first 17 characters of first17 (each from the
 * USCC alphabet). RD_ERR_INVALID otherwise.
 */
rd_status rd_id_uscc_check_char(const char *first17, char *out);

/*
 * Complete a 17-character USCC prefix into a valid code in out
 * (n >= RD_ID_BUFSZ). The prefix must be exactly 17 alphabet characters.
 */
rd_status rd_id_generate_uscc(const char *prefix17, char *out, size_t n);

/* Mainland mobile number: exactly 11 ASCII digits, "1" then 3..9. */
bool rd_mobile_valid(const char *s);

#endif
