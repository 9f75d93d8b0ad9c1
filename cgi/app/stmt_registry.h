/*
 * stmt_registry.h - every area's table of SQL statements, for lib/db.
 *
 * Owns: the list of the tables (cgi/app/stmt_registry.c) that the
 * portal's workers hand to db_set_tables; lib/db prepares each statement
 * in them, and lib's shared ones (lib/stmts.c), on every connection.
 * Never: SQL of its own. It sits in app/, above the areas, so lib/db and
 * the areas never include it.
 */
#ifndef GP_STMT_REGISTRY_H
#define GP_STMT_REGISTRY_H

#include <stddef.h>

#include "stmts.h"

extern const struct stmt_table *const	stmt_registry[];
extern const size_t			stmt_registry_n;

#endif
