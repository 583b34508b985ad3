/*
 * sysparam.c -- the parameter table and value handling.
 *
 * Ids, defaults and the ranges ESE documents come from ese-reference.md 1.4;
 * where ESE gives no range the range here is the one that keeps the engine
 * safe (for example a cursor quota must be at least 1), stated in the row.
 */
#include "sysparam.h"

#include <string.h>

#include "err.h"
#include "sync/alloc.h"

#define PATH_MAX_CHARS 259  /* ESE's MAX_PATH less the terminator */

static const struct oe_param_def g_defs[OE_P_COUNT] = {
    [OE_P_SYSTEM_PATH] = {JET_paramSystemPath, "SystemPath", OE_PAR_STR, OE_PAR_LOCKED, 0, 0, PATH_MAX_CHARS, "./"},
    [OE_P_TEMP_PATH] = {JET_paramTempPath, "TempPath", OE_PAR_STR, OE_PAR_LOCKED, 0, 0, PATH_MAX_CHARS, "./tmp.edb"},
    [OE_P_LOG_FILE_PATH] = {JET_paramLogFilePath, "LogFilePath", OE_PAR_STR, OE_PAR_LOCKED, 0, 0, PATH_MAX_CHARS, "./"},
    [OE_P_BASE_NAME] = {JET_paramBaseName, "BaseName", OE_PAR_STR, OE_PAR_LOCKED, 0, 3, 3, "edb"},
    [OE_P_MAX_SESSIONS] = {JET_paramMaxSessions, "MaxSessions", OE_PAR_INT, OE_PAR_LOCKED, 16, 0, 30000, NULL},
    [OE_P_MAX_OPEN_TABLES] = {JET_paramMaxOpenTables, "MaxOpenTables", OE_PAR_INT, OE_PAR_LOCKED, 300, 1, 2147483647, NULL},
    [OE_P_MAX_CURSORS] = {JET_paramMaxCursors, "MaxCursors", OE_PAR_INT, OE_PAR_LOCKED, 1024, 1, 2147483647, NULL},
    [OE_P_MAX_VER_PAGES] = {JET_paramMaxVerPages, "MaxVerPages", OE_PAR_INT, OE_PAR_LOCKED, 64, 1, 2147483647, NULL},
    [OE_P_MAX_TEMP_TABLES] = {JET_paramMaxTemporaryTables, "MaxTemporaryTables", OE_PAR_INT, OE_PAR_LOCKED, 20, 0, 2147483647, NULL},
    [OE_P_PREFERRED_VER_PAGES] = {63, "PreferredVerPages", OE_PAR_INT, OE_PAR_LOCKED, 58, 1, 2147483647, NULL},
    [OE_P_GLOBAL_MIN_VER_PAGES] = {81, "GlobalMinVerPages", OE_PAR_INT, OE_PAR_GLOBAL | OE_PAR_LOCKED, 64, 1, 2147483647, NULL},
    [OE_P_VER_PAGE_SIZE] = {128, "VerPageSize", OE_PAR_INT, OE_PAR_GLOBAL | OE_PAR_LOCKED, 32768, 1024, 65536, NULL},
    [OE_P_CACHE_SIZE_MAX] = {JET_paramCacheSizeMax, "CacheSizeMax", OE_PAR_INT, OE_PAR_GLOBAL, 2147483647, 1, 2147483647, NULL},
    [OE_P_CACHE_SIZE_MIN] = {60, "CacheSizeMin", OE_PAR_INT, OE_PAR_GLOBAL, 1, 1, 2147483647, NULL},
    [OE_P_CACHE_SIZE] = {41, "CacheSize", OE_PAR_INT, OE_PAR_GLOBAL, 1, 1, 2147483647, NULL},
    [OE_P_MAX_INSTANCES] = {104, "MaxInstances", OE_PAR_INT, OE_PAR_GLOBAL | OE_PAR_LOCKED, 16, 1, 10240, NULL},
    [OE_P_DATABASE_PAGE_SIZE] = {64, "DatabasePageSize", OE_PAR_INT, OE_PAR_GLOBAL | OE_PAR_LOCKED, 4096, 2048, 32768, NULL},
    [OE_P_RECOVERY] = {34, "Recovery", OE_PAR_STR, OE_PAR_LOCKED, 0, 0, 3, "On"},
    [OE_P_ENABLE_TEMP_VERSIONING] = {46, "EnableTempTableVersioning", OE_PAR_BOOL, OE_PAR_LOCKED, 1, 0, 1, NULL},
    [OE_P_CACHED_CLOSED_TABLES] = {125, "CachedClosedTables", OE_PAR_INT, OE_PAR_LOCKED, 64, 0, 2147483647, NULL},
    [OE_P_VER_TASK_QUEUE_MAX] = {105, "VersionStoreTaskQueueMax", OE_PAR_INT, OE_PAR_LOCKED, 4, 1, 127, NULL},
    [OE_P_MAX_TRANSACTION_SIZE] = {178, "MaxTransactionSize", OE_PAR_INT, OE_PAR_LOCKED, 100, 1, 100, NULL},
    [OE_P_ERROR_TO_STRING] = {JET_paramErrorToString, "ErrorToString", OE_PAR_SPECIAL, OE_PAR_READONLY, 0, 0, 0, NULL},
};

const struct oe_param_def *oe_par_find(uint32_t paramid, int *pindex)
{
    for (int i = 0; i < OE_P_COUNT; i++) {
        if (g_defs[i].id == paramid) {
            if (pindex)
                *pindex = i;
            return &g_defs[i];
        }
    }
    return NULL;
}

const struct oe_param_def *oe_par_at(int index)
{
    return index >= 0 && index < OE_P_COUNT ? &g_defs[index] : NULL;
}

void oe_par_free(struct oe_params *p)
{
    for (int i = 0; i < OE_P_COUNT; i++) {
        if (p->sval[i]) {
            oe_free(p->sval[i], strlen(p->sval[i]) + 1);
            p->sval[i] = NULL;
        }
    }
}

JET_ERR oe_par_init_defaults(struct oe_params *p)
{
    memset(p, 0, sizeof(*p));
    for (int i = 0; i < OE_P_COUNT; i++) {
        p->ival[i] = g_defs[i].def;
        if (g_defs[i].type == OE_PAR_STR) {
            p->sval[i] = oe_strdup(g_defs[i].def_str);
            if (!p->sval[i]) {
                oe_par_free(p);
                return OE_ERR(JET_errOutOfMemory);
            }
        }
    }
    return JET_errSuccess;
}

JET_ERR oe_par_copy(struct oe_params *dst, const struct oe_params *src)
{
    memset(dst, 0, sizeof(*dst));
    memcpy(dst->ival, src->ival, sizeof(dst->ival));
    for (int i = 0; i < OE_P_COUNT; i++) {
        if (src->sval[i]) {
            dst->sval[i] = oe_strdup(src->sval[i]);
            if (!dst->sval[i]) {
                oe_par_free(dst);
                return OE_ERR(JET_errOutOfMemory);
            }
        }
    }
    return JET_errSuccess;
}

JET_ERR oe_par_validate(const struct oe_param_def *def, JET_API_PTR lParam, const char *szParam)
{
    switch (def->type) {
    case OE_PAR_INT:
        if ((uint64_t)lParam < def->min || (uint64_t)lParam > def->max)
            return OE_ERR(JET_errInvalidParameter);
        return JET_errSuccess;
    case OE_PAR_BOOL:
        return JET_errSuccess; /* any non-zero value means true, as in ESE */
    case OE_PAR_STR: {
        if (!szParam)
            return OE_ERR(JET_errInvalidParameter);
        size_t n = strnlen(szParam, def->max + 1);
        if (n > def->max || n < def->min)
            return OE_ERR(JET_errInvalidParameter);
        return JET_errSuccess;
    }
    case OE_PAR_SPECIAL:
    default:
        return OE_ERR(JET_errInvalidParameter);
    }
}

JET_ERR oe_par_store(struct oe_params *p, int index, JET_API_PTR lParam, const char *szParam)
{
    const struct oe_param_def *def = &g_defs[index];
    if (def->type == OE_PAR_STR) {
        char *copy = oe_strdup(szParam);
        if (!copy)
            return OE_ERR(JET_errOutOfMemory);
        if (p->sval[index])
            oe_free(p->sval[index], strlen(p->sval[index]) + 1);
        p->sval[index] = copy;
        return JET_errSuccess;
    }
    p->ival[index] = def->type == OE_PAR_BOOL ? (lParam != 0) : (uint64_t)lParam;
    return JET_errSuccess;
}

JET_ERR oe_par_load(const struct oe_params *p, int index, JET_API_PTR *plParam, char *szParam,
                    uint32_t cbMax)
{
    const struct oe_param_def *def = &g_defs[index];
    if (def->type == OE_PAR_STR) {
        if (!szParam)
            return OE_ERR(JET_errInvalidParameter);
        const char *v = p->sval[index] ? p->sval[index] : "";
        size_t n = strlen(v) + 1;
        if (n > cbMax)
            return OE_ERR(JET_errBufferTooSmall);
        memcpy(szParam, v, n);
        return JET_errSuccess;
    }
    if (!plParam)
        return OE_ERR(JET_errInvalidParameter);
    *plParam = (JET_API_PTR)p->ival[index];
    return JET_errSuccess;
}
