// test_esent_header_cpp.cpp -- esent.h must build as C++ (extern "C",
// anonymous unions, constants usable in constant expressions) and its
// prototypes must keep their C types.  Compile-only checks: every
// assertion below is a static_assert, and function names appear only in
// unevaluated decltype operands, so this program links without needing
// any Jet* symbol.  A plain executable (not Criterion); main returns 0.
#include "esent.h"

#include <cstdint>
#include <type_traits>

static_assert(std::is_same<JET_ERR, std::int32_t>::value, "JET_ERR is int32_t");
static_assert(std::is_same<JET_GRBIT, std::uint32_t>::value, "JET_GRBIT is uint32_t");
static_assert(std::is_same<JET_SESID, std::uintptr_t>::value, "JET_SESID is uintptr_t");
static_assert(sizeof(JET_COMMIT_ID) == 40, "JET_COMMIT_ID layout");
static_assert(sizeof(JET_INDEXCREATE_A) == 80, "JET_INDEXCREATE_A layout");
static_assert(JET_errSessionInUse == -1914, "constant expression");
static_assert(JET_wrnRecordFoundLess == JET_wrnSeekNotEqual, "alias");

static_assert(std::is_same<decltype(&JetEndSession), JET_ERR (*)(JET_SESID, JET_GRBIT)>::value,
              "JetEndSession prototype");
static_assert(std::is_same<decltype(&JetCommitTransaction2),
                           JET_ERR (*)(JET_SESID, JET_GRBIT, std::uint32_t, JET_COMMIT_ID *)>::value,
              "JetCommitTransaction2 prototype");
static_assert(std::is_same<decltype(&JetBeginSession),
                           JET_ERR (*)(JET_INSTANCE, JET_SESID *, const char *, const char *)>::value,
              "JetBeginSession is the narrow variant");

// Member-by-member use of a struct with anonymous unions, as C++ callers write it.
static JET_ERR fill_index(JET_INDEXCREATE_A *idx)
{
    static char name[] = "primary";
    static char key[] = "+id\0";
    *idx = JET_INDEXCREATE_A();
    idx->cbStruct = sizeof(*idx);
    idx->szIndexName = name;
    idx->szKey = key;
    idx->cbKey = sizeof(key);
    idx->grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
    idx->lcid = 1033; // anonymous union member
    return JET_errSuccess;
}

int main()
{
    JET_INDEXCREATE_A idx;
    JET_SESID sesid = JET_sesidNil;
    (void)sesid;
    return fill_index(&idx) == JET_errSuccess && idx.lcid == 1033 && idx.cbStruct == sizeof(idx) ? 0 : 1;
}
