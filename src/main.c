/*
 * main.c — `radesk [--config FILE] [COMMAND [ARGS]]`.
 *
 * Sets up the locale and translations, reads the global options and
 * dispatches to a subcommand; with no command it opens the console.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "core/text.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef RADESK_VERSION
#define RADESK_VERSION "0.1.0"
#endif

static const struct rd_cmd commands[] = {
	{ "console", cmd_console, N_("open the console (the default)"), NULL },
	{ "ingest", cmd_ingest, N_("ingest submission bundles from the inbox"),
	  NULL },
	{ "request", cmd_request,
	  N_("the portal's cancellation and refund requests: list, act"),
	  "list approve paid dismiss" },
	{ "worker", cmd_worker, N_("run the outbox: provider calls and retries"),
	  NULL },
	{ "bank", cmd_bank, N_("import bank statements, match transfers"),
	  "import unmatched automatch match" },
	{ "ship", cmd_ship, N_("shipments, label prints, production retry, installs"),
	  "list issues print retry installed" },
	{ "report", cmd_report, N_("write the daily or period Excel report"),
	  "daily range" },
	{ "export", cmd_export, N_("export an application's dossier (zip)"),
	  "dossier" },
	{ "init", cmd_init, N_("create the database and make you its admin"),
	  NULL },
	{ "operator", cmd_operator,
	  N_("add, list, enable, disable operators; change roles"),
	  "add list enable disable role" },
	{ "db", cmd_db, N_("migrate, check or back up the database"),
	  "migrate check backup" },
	{ "audit", cmd_audit, N_("verify or show the audit log"),
	  "verify log anchor keygen sample" },
	{ "config", cmd_config, N_("check and show the configuration"),
	  "check show" },
	{ "demo", cmd_demo, N_("fill the database with realistic demo applications"),
	  NULL },
	{ "archive", cmd_archive,
	  N_("purge personal data kept past the retention period"), "purge" },
};

#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

/*
 * Translations: $RADESK_LOCALEDIR, then a locale/ folder next to the
 * binary (the build tree), then the installed LOCALEDIR.
 */
static void setup_i18n(void)
{
	const char *zDir = getenv("RADESK_LOCALEDIR");
	static char zExeDir[PATH_MAX];
	ssize_t n;

	setlocale(LC_ALL, "");
	if (!zDir || !*zDir) {
		n = readlink("/proc/self/exe", zExeDir, sizeof zExeDir - 16);
		if (n > 0) {
			char *slash;

			zExeDir[n] = '\0';
			slash = strrchr(zExeDir, '/');
			if (slash) {
				strcpy(slash, "/locale");
				if (access(zExeDir, R_OK) == 0)
					zDir = zExeDir;
			}
		}
	}
	bindtextdomain("radesk", zDir && *zDir ? zDir : LOCALEDIR);
	bind_textdomain_codeset("radesk", "UTF-8");
	textdomain("radesk");
}

static void usage(FILE *f)
{
	fprintf(f, _("usage: radesk [--config FILE] [COMMAND [ARGS]]\n\n"
		     "With no command, radesk opens the console.\n\n"
		     "Commands:\n"));
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			_(commands[i].summary));
	fprintf(f, _("\nEach command takes --help. Configuration is read from "
		     "--config FILE,\n$RADESK_CONFIG, /etc/radesk/radesk.conf "
		     "or ./etc/radesk.conf.\nSee radesk(1).\n"));
}

/* zWord is one of the space-separated words of zList. */
static int word_in(const char *zList, const char *zWord)
{
	size_t n = strlen(zWord);

	for (const char *p = zList; n && *p;) {
		size_t w = strcspn(p, " ");

		if (w == n && !strncmp(p, zWord, n))
			return 1;
		p += w;
		p += strspn(p, " ");
	}
	return 0;
}

/* `radesk --commands`: every command and subcommand the dispatcher
 * knows, one a line ("audit verify"), for scripts and tests. */
static void list_commands(void)
{
	for (int i = 0; i < NCOMMANDS; i++) {
		const char *p = commands[i].subs;

		printf("%s\n", commands[i].name);
		while (p && *p) {
			size_t w = strcspn(p, " ");

			printf("%s %.*s\n", commands[i].name, (int)w, p);
			p += w;
			p += strspn(p, " ");
		}
	}
}

/* --help or -h anywhere among a command's arguments (before "--"). */
static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

/*
 * Run one command. `--help` is answered before the command sees any
 * other argument, so it never needs a configuration, a database or an
 * operator: usage on stdout, exit 0, for every command and subcommand.
 */
static int dispatch(struct rd_ctx *ctx, const struct rd_cmd *c, int argc,
		    char **argv)
{
	ctx->cmd = c->name;
	ctx->sub = c->subs && argc > 1 && word_in(c->subs, argv[1]) ? argv[1]
								  : NULL;
	if (wants_help(argc, argv)) {
		char *aHelp[3] = { argv[0], (char *)"--help", NULL };

		return c->run(ctx, 2, aHelp);
	}
	if (c->subs && argc > 1 && argv[1][0] != '-' &&
	    !word_in(c->subs, argv[1])) {
		char *zSub = rd_text_sanitize_dup(argv[1]);

		fprintf(stderr, _("radesk %s: unknown subcommand '%s'; see "
				  "'radesk %s --help'\n"),
			c->name, zSub ? zSub : "?", c->name);
		free(zSub);
		return EX_USAGE;
	}
	return c->run(ctx, argc, argv);
}

int main(int argc, char **argv)
{
	struct rd_ctx ctx;
	const char *zCmd = NULL;
	int i = 1, rc;

	setup_i18n();
	/*
	 * Files are made group-writable (0660/0770) and the umask decides:
	 * others never get anything, and the group only gets what the
	 * caller's umask lets through (the package's operators and services
	 * run with umask 007 and share the data through the radesk group).
	 */
	umask(umask(0) | 007);
	memset(&ctx, 0, sizeof ctx);
	ctx.argv0 = argv[0];
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--config") || !strcmp(argv[i], "-c")) {
			if (i + 1 >= argc) {
				fprintf(stderr, _("radesk: --config needs a "
						  "file name\n"));
				return EX_USAGE;
			}
			ctx.config_path = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--config=", 9)) {
			ctx.config_path = argv[i] + 9;
			i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EX_OK;
		} else if (!strcmp(argv[i], "--commands")) {
			list_commands();
			return EX_OK;
		} else if (!strcmp(argv[i], "--version")) {
			printf("radesk %s\n", RADESK_VERSION);
			return EX_OK;
		} else {
			fprintf(stderr, _("radesk: unknown option '%s'\n"),
				argv[i]);
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (i < argc)
		zCmd = argv[i];
	if (!zCmd) {
		rc = cmd_console(&ctx, argc - i, argv + i);
		rd_ctx_fini(&ctx);
		return rc;
	}
	if (!strcmp(zCmd, "help")) {
		usage(stdout);
		return EX_OK;
	}
	for (int k = 0; k < NCOMMANDS; k++) {
		if (strcmp(commands[k].name, zCmd) != 0)
			continue;
		rc = dispatch(&ctx, &commands[k], argc - i, argv + i);
		rd_ctx_fini(&ctx);
		return rc;
	}
	fprintf(stderr, _("radesk: unknown command '%s'\n"), zCmd);
	usage(stderr);
	return EX_USAGE;
}
