/*
 * common.h — what the report and export commands share: the working-time
 * calendar from the configuration, and publishing a finished file.
 */
#ifndef RD_REPORTS_COMMON_H
#define RD_REPORTS_COMMON_H

#include "config.h"
#include "core/calendar.h"
#include "core/err.h"

/*
 * Initialise cal and load every file of cfg->holiday_files
 * (comma-separated, blanks around names ignored) plus the office hours.
 * On failure cal is finalised (nothing to free) and err names the file.
 */
rd_status rd_report_calendar_load(const struct rd_config *cfg,
				  struct rd_calendar *cal, struct rd_err *err);

/*
 * Reserve a temporary file next to zFinal ("DIR/.NAME.tmp-PID"), created
 * empty with O_EXCL, so an unwritable folder fails here with a clear
 * message before any work is done. zTmp (size n) receives its path; the
 * caller unlinks it on failure. Temporary files of the same final name
 * left by runs that were killed (their process is gone) are removed
 * first: they are partial and may hold unmasked data.
 */
rd_status rd_report_tmp_reserve(const char *zFinal, char *zTmp, size_t n,
				struct rd_err *err);

/* fsync zTmp, rename it over zFinal and fsync the folder. */
rd_status rd_report_publish(const char *zTmp, const char *zFinal,
			    struct rd_err *err);

#endif
