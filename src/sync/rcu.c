/*
 * rcu.c -- thread registration and the non-inline parts of rcu.h.
 */
#include "rcu.h"

#include <pthread.h>

#include "retire.h"

#ifdef OE_TSAN
char oe_rcu_grace_token;
#endif

_Thread_local int oe_rcu_registered;    /* [owner] this thread only */

static pthread_key_t g_unregister_key;  /* [imm] after pthread_once */
static pthread_once_t g_key_once = PTHREAD_ONCE_INIT;

/* unregister_at_exit -- a registered thread must leave liburcu's reader
 * registry before it dies, or grace periods would wait for it forever. */
static void unregister_at_exit(void *unused)
{
    (void)unused;
    if (oe_rcu_registered) {
        oe_retire_thread_exit(); /* its batch is queued while we are still registered */
        urcu_memb_unregister_thread();
        oe_rcu_registered = 0;
    }
}

static void key_create(void)
{
    (void)pthread_key_create(&g_unregister_key, unregister_at_exit);
}

void oe_rcu_register_slow(void)
{
    /* liburcu's own threads (the call_rcu worker that runs our deferred
     * callbacks) are registered by liburcu: adopt that registration, which
     * liburcu also undoes, instead of registering twice (an assertion). */
    if (URCU_TLS(urcu_memb_reader).registered) {
        oe_rcu_registered = 1;
        return;
    }
    pthread_once(&g_key_once, key_create);
    urcu_memb_register_thread();
    oe_rcu_registered = 1;
    oe_retire_thread_start();
    /* A non-NULL value makes the key's destructor run at thread exit. */
    (void)pthread_setspecific(g_unregister_key, &oe_rcu_registered);
}

void oe_call_rcu(struct rcu_head *head, void (*fn)(struct rcu_head *))
{
    /* call_rcu itself needs the caller registered as a reader thread. */
    if (!oe_rcu_registered)
        oe_rcu_register_slow();
#ifdef OE_TSAN
    /* Everything the retiring thread did to the object happens before the
     * callback (which acquires the token): the other half of the grace
     * period's guarantee, for TSan. */
    __tsan_release(&oe_rcu_grace_token);
#endif
    urcu_memb_call_rcu(head, fn);
}

void oe_synchronize_rcu(void)
{
    urcu_memb_synchronize_rcu();
}

void oe_rcu_barrier(void)
{
    if (!oe_rcu_registered)
        oe_rcu_register_slow();
    /* Two rounds: the second waits for what the first round's callbacks
     * retired (chains are at most two deep, see rcu.h). */
    for (int round = 0; round < 2; round++) {
        oe_retire_flush_all(); /* objects still in some thread's open batch */
        urcu_memb_barrier();
    }
}
