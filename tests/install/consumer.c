/*
 * consumer.c -- the smallest useful openese program, built from an installed
 * prefix (by CMake's find_package and by pkg-config) in the install test.
 *
 * It runs one instance through its whole life: create, init, one session
 * begun and ended, term. Every call must return JET_errSuccess (0); the
 * program prints the first call that does not and exits non-zero.
 */
#include <esent.h>
#include <stdio.h>

/* check -- report a failed call; returns 1 when err is not JET_errSuccess. */
static int check(const char *what, JET_ERR err)
{
    if (err != JET_errSuccess) {
        fprintf(stderr, "consumer: %s returned %ld\n", what, (long)err);
        return 1;
    }
    return 0;
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;

    if (check("JetCreateInstance", JetCreateInstance(&inst, "consumer")))
        return 1;
    if (check("JetInit", JetInit(&inst)))
        return 1;
    if (check("JetBeginSession", JetBeginSession(inst, &sesid, NULL, NULL)))
        return 1;
    if (check("JetEndSession", JetEndSession(sesid, 0)))
        return 1;
    if (check("JetTerm", JetTerm(inst)))
        return 1;
    printf("consumer: instance, session and term OK\n");
    return 0;
}
