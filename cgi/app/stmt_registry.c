/*
 * stmt_registry.c - the areas' tables of statements (see stmt_registry.h).
 * A file in cgi/<area>/ with statements of its own defines them at its
 * top, each with the enum of its columns right under it, and exports
 * them as `const struct stmt_table <file>_stmts`; add that here.
 */
#include "app/stmt_registry.h"

const struct stmt_table *const stmt_registry[] = {
	NULL
};

const size_t stmt_registry_n = 0;
