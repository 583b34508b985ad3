/*
 * sysparam.h -- ESE's system parameters as one table.
 *
 * Each parameter has an id (ESE's JET_param* value), a type (integer,
 * boolean or string), a default, a range, a scope (per instance, or global
 * to the process) and whether it is locked once an instance is initialized
 * (setting it then returns JET_errAlreadyInitialized, as ESE does).
 *
 * Storage: struct oe_params holds one value per table row. The process keeps
 * a global set (the defaults that JetCreateInstance copies, and the values
 * of global-scope parameters); each instance keeps its own copy. Both are
 * [mutex:ins_registry] (instance.c): parameter calls are rare, and once an
 * instance is initialized its locked values never change, so the engine
 * reads them without the mutex after JetInit.
 */
#ifndef OE_CORE_SYSPARAM_H
#define OE_CORE_SYSPARAM_H

#include <stdint.h>

#include "esent.h"

enum oe_par_type { OE_PAR_INT, OE_PAR_BOOL, OE_PAR_STR, OE_PAR_SPECIAL };

#define OE_PAR_LOCKED 0x1  /* cannot change once the instance is initialized */
#define OE_PAR_GLOBAL 0x2  /* one value per process, not per instance */
#define OE_PAR_READONLY 0x4

struct oe_param_def {
    uint32_t id;
    const char *name;
    enum oe_par_type type;
    uint32_t flags;
    uint64_t def, min, max;   /* integers; for strings max is the length limit */
    const char *def_str;
};

/* Dense indexes of the parameters the engine reads. */
enum {
    OE_P_SYSTEM_PATH, OE_P_TEMP_PATH, OE_P_LOG_FILE_PATH, OE_P_BASE_NAME,
    OE_P_MAX_SESSIONS, OE_P_MAX_OPEN_TABLES, OE_P_MAX_CURSORS, OE_P_MAX_VER_PAGES,
    OE_P_MAX_TEMP_TABLES, OE_P_PREFERRED_VER_PAGES, OE_P_GLOBAL_MIN_VER_PAGES,
    OE_P_VER_PAGE_SIZE, OE_P_CACHE_SIZE_MAX, OE_P_CACHE_SIZE_MIN, OE_P_CACHE_SIZE,
    OE_P_MAX_INSTANCES, OE_P_DATABASE_PAGE_SIZE, OE_P_RECOVERY,
    OE_P_ENABLE_TEMP_VERSIONING, OE_P_CACHED_CLOSED_TABLES, OE_P_VER_TASK_QUEUE_MAX,
    OE_P_MAX_TRANSACTION_SIZE, OE_P_ERROR_TO_STRING,
    OE_P_COUNT
};

struct oe_params {
    uint64_t ival[OE_P_COUNT];  /* see the protection note above */
    char *sval[OE_P_COUNT];     /* owned copies, NULL for non-strings */
};

/* oe_par_def -- the table row of a JET_param id, with its dense index; NULL if unknown. */
const struct oe_param_def *oe_par_find(uint32_t paramid, int *pindex);
const struct oe_param_def *oe_par_at(int index);

/* oe_par_init_defaults -- fill p with the table's defaults. */
JET_ERR oe_par_init_defaults(struct oe_params *p);
/* oe_par_copy -- deep copy (strings duplicated); dst is overwritten. */
JET_ERR oe_par_copy(struct oe_params *dst, const struct oe_params *src);
void oe_par_free(struct oe_params *p);

/* oe_par_validate -- whether (lParam, szParam) is a legal value for row def. */
JET_ERR oe_par_validate(const struct oe_param_def *def, JET_API_PTR lParam, const char *szParam);
/* oe_par_store -- set a validated value (may fail only with OutOfMemory, and
 * then leaves the old value). */
JET_ERR oe_par_store(struct oe_params *p, int index, JET_API_PTR lParam, const char *szParam);
/* oe_par_load -- read a value into the caller's buffers per the type. */
JET_ERR oe_par_load(const struct oe_params *p, int index, JET_API_PTR *plParam, char *szParam,
                    uint32_t cbMax);

#endif
