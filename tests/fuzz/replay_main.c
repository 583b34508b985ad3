/*
 * replay_main.c -- run the API fuzz target over files, without libFuzzer.
 *
 * Usage: fuzz_replay PATH...   where each PATH is a file or a directory
 * (its regular files are run in name order). Every input goes through the
 * same LLVMFuzzerTestOneInput as under libFuzzer, each in its own forked
 * child: the engine keeps process-wide state (free session slots,
 * generations), so a fresh process per input makes every result
 * reproducible by running that one file. The parent never calls the engine
 * (forking after liburcu's threads start would be unsafe). An oracle
 * violation abort()s the child; every input runs, failures are listed at
 * the end, and the exit status is 1 if any input failed. Up to
 * FUZZ_REPLAY_JOBS children (default 4) run at once: a child spends most of
 * its time waiting for RCU grace periods in JetTerm, not on a CPU, so four
 * at a time cut the wall time of a large corpus without loading the cores. Built by every
 * build of `make test` (gcc Release, and the ASan+UBSan build), so the
 * committed corpus and regressions are replayed on every run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int g_failed; /* inputs whose child did not exit 0 */

#define MAX_JOBS 16
static struct {
    pid_t pid;
    char *path;
} g_run[MAX_JOBS]; /* children still running */
static int g_nrun, g_jobs = 4;

/* reap_one -- wait for any child; report it if it failed */
static void reap_one(void)
{
    int st = 0;
    pid_t pid = wait(&st);
    if (pid < 0)
        return;
    for (int i = 0; i < g_nrun; i++) {
        if (g_run[i].pid != pid)
            continue;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            printf("replay: FAILED %s (%s %d)\n", g_run[i].path,
                   WIFSIGNALED(st) ? "signal" : "status",
                   WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
            g_failed++;
        }
        free(g_run[i].path);
        g_run[i] = g_run[--g_nrun];
        return;
    }
}

/* run_file -- read one input and run it in a child; returns 0, or -1 if unreadable */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    while (g_nrun >= g_jobs)
        reap_one();
    printf("replay: %s (%zu bytes)\n", path, n);
    fflush(stdout);
    fflush(stderr);
    char *name = strdup(path);
    pid_t pid = name ? fork() : -1;
    if (pid < 0) {
        perror("fork");
        free(name);
        free(buf);
        return -1;
    }
    if (pid == 0) {
        LLVMFuzzerTestOneInput(buf, n);
        fflush(stdout);
        _exit(0);
    }
    free(buf);
    g_run[g_nrun].pid = pid;
    g_run[g_nrun].path = name;
    g_nrun++;
    return 0;
}

/* by_name -- qsort order of the file names */
static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* run_dir -- every regular file of a directory, sorted; returns the count or -1 */
static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(len);
        struct stat st;
        if (!p)
            break;
        snprintf(p, len, "%s/%s", dir, e->d_name);
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, cap * sizeof(*names));
            if (!nn) {
                free(p);
                break;
            }
            names = nn;
        }
        names[n++] = p;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    int count = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (run_file(names[i]) == 0)
            count++;
        else
            bad = 1;
        free(names[i]);
    }
    free(names);
    return bad ? -1 : count;
}

/* finish -- wait for the children still running, then give the status */
static int finish(int status)
{
    while (g_nrun > 0)
        reap_one();
    return status;
}

/* main -- replay every file and directory given */
int main(int argc, char **argv)
{
    int total = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    const char *jobs = getenv("FUZZ_REPLAY_JOBS");
    if (jobs && atoi(jobs) > 0)
        g_jobs = atoi(jobs) < MAX_JOBS ? atoi(jobs) : MAX_JOBS;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return finish(1);
        }
        if (S_ISDIR(st.st_mode)) {
            int n = run_dir(argv[i]);
            if (n < 0)
                return finish(1);
            total += n;
        } else {
            if (run_file(argv[i]) != 0)
                return finish(1);
            total++;
        }
    }
    while (g_nrun > 0)
        reap_one();
    printf("replay: %d inputs, %d failed\n", total, g_failed);
    return g_failed ? 1 : 0;
}
