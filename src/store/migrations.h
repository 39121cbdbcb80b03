/*
 * migrations.h — the numbered db/NNN_name.sql files, compiled into the
 * binary by tools/embed-sql.sh (build/gen/migrations.c), sorted by number.
 */
#ifndef RD_STORE_MIGRATIONS_H
#define RD_STORE_MIGRATIONS_H

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct store_migration store_migrations[];
extern const int store_migration_count;

#endif
