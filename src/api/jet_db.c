/*
 * jet_db.c -- database entry points: create, attach, open, close, detach.
 *
 * Databases live in memory for the life of the instance (core/database.c):
 * the path only names them. Each entry point validates its arguments, enters
 * the session, calls core and leaves (api.h).
 */
#include "api.h"
#include "core/catalog.h"
#include "core/session.h"

/* ses_ins -- the instance of a claimed session. */
static inline struct oe_instance *ses_ins(struct oe_session *s)
{
    return atomic_load_explicit(&s->ins, memory_order_relaxed);
}

/* create_db -- JetCreateDatabase(2): create the database and open it for
 * the session (ESE's JetCreateDatabase returns an opened dbid). */
static JET_ERR create_db(JET_SESID sesid, const char *path, JET_DBID *pdbid, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_db *db;
    if (!pdbid)
        return JET_errInvalidParameter;
    *pdbid = JET_dbidNil;
    if (grbit & ~(JET_GRBIT)(JET_bitDbRecoveryOff | JET_bitDbShadowingOff | JET_bitDbOverwriteExisting))
        return JET_errInvalidGrbit;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_db_create(ses_ins(s), path, 0, &db);
    if (err >= 0)
        err = oe_db_open(s, db); /* cannot fail: attached, count 0 */
    if (err >= 0)
        *pdbid = db->dbid;
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetCreateDatabaseA(JET_SESID sesid, const char *szFilename, const char *szConnect,
                          JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)szConnect; /* ignored by ESE */
    return create_db(sesid, szFilename, pdbid, grbit);
}

OE_API JetCreateDatabase2A(JET_SESID sesid, const char *szFilename, const uint32_t cpgDatabaseSizeMax,
                           JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax; /* no size limit in memory */
    return create_db(sesid, szFilename, pdbid, grbit);
}

/* attach_db -- JetAttachDatabase(2). */
static JET_ERR attach_db(JET_SESID sesid, const char *path, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_db *db;
    const JET_GRBIT known = JET_bitDbReadOnly | JET_bitDbExclusive | JET_bitDbDeleteCorruptIndexes |
                            JET_bitDbUpgrade | JET_bitDbDeleteUnicodeIndexes |
                            JET_bitDbEnableBackgroundMaintenance | JET_bitDbPurgeCacheOnAttach;
    if (grbit & ~known)
        return JET_errInvalidGrbit;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_db_attach(ses_ins(s), path, grbit, &db);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetAttachDatabaseA(JET_SESID sesid, const char *szFilename, JET_GRBIT grbit)
{
    return attach_db(sesid, szFilename, grbit);
}

OE_API JetAttachDatabase2A(JET_SESID sesid, const char *szFilename, const uint32_t cpgDatabaseSizeMax,
                           JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax;
    return attach_db(sesid, szFilename, grbit);
}

/* detach_db -- JetDetachDatabase(2); NULL path: every database. */
static JET_ERR detach_db(JET_SESID sesid, const char *path, JET_GRBIT grbit)
{
    struct oe_session *s;
    if (grbit & ~(JET_GRBIT)JET_bitForceCloseAndDetach)
        return JET_errInvalidGrbit;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_db_detach(ses_ins(s), path);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetDetachDatabaseA(JET_SESID sesid, const char *szFilename)
{
    return detach_db(sesid, szFilename, 0);
}

OE_API JetDetachDatabase2A(JET_SESID sesid, const char *szFilename, JET_GRBIT grbit)
{
    return detach_db(sesid, szFilename, grbit);
}

OE_API JetOpenDatabaseA(JET_SESID sesid, const char *szFilename, const char *szConnect,
                        JET_DBID *pdbid, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_db *db;
    (void)szConnect;
    if (!pdbid)
        return JET_errInvalidParameter;
    *pdbid = JET_dbidNil;
    if (grbit & ~(JET_GRBIT)(JET_bitDbReadOnly | JET_bitDbExclusive))
        return JET_errInvalidGrbit;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_db_by_path(ses_ins(s), szFilename, &db);
    if (err >= 0)
        err = oe_db_open(s, db);
    if (err >= 0)
        *pdbid = db->dbid;
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit)
{
    struct oe_session *s;
    (void)grbit; /* reserved */
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_db_close(s, dbid);
    oe_ses_leave(s);
    return oe_api_return(err);
}

#undef JetCreateDatabase
#undef JetCreateDatabase2
#undef JetAttachDatabase
#undef JetAttachDatabase2
#undef JetDetachDatabase
#undef JetDetachDatabase2
#undef JetOpenDatabase
JET_EXPORT __typeof__(JetCreateDatabaseA) JetCreateDatabase OE_ALIAS(JetCreateDatabase, JetCreateDatabaseA);
JET_EXPORT __typeof__(JetCreateDatabase2A) JetCreateDatabase2 OE_ALIAS(JetCreateDatabase2, JetCreateDatabase2A);
JET_EXPORT __typeof__(JetAttachDatabaseA) JetAttachDatabase OE_ALIAS(JetAttachDatabase, JetAttachDatabaseA);
JET_EXPORT __typeof__(JetAttachDatabase2A) JetAttachDatabase2 OE_ALIAS(JetAttachDatabase2, JetAttachDatabase2A);
JET_EXPORT __typeof__(JetDetachDatabaseA) JetDetachDatabase OE_ALIAS(JetDetachDatabase, JetDetachDatabaseA);
JET_EXPORT __typeof__(JetDetachDatabase2A) JetDetachDatabase2 OE_ALIAS(JetDetachDatabase2, JetDetachDatabase2A);
JET_EXPORT __typeof__(JetOpenDatabaseA) JetOpenDatabase OE_ALIAS(JetOpenDatabase, JetOpenDatabaseA);
