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
 * the end, and the exit status is 1 if any input failed. Built by every
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
    printf("replay: %s (%zu bytes)\n", path, n);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        free(buf);
        return -1;
    }
    if (pid == 0) {
        LLVMFuzzerTestOneInput(buf, n);
        fflush(stdout);
        _exit(0);
    }
    free(buf);
    int st = 0;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        printf("replay: FAILED %s (%s %d)\n", path, WIFSIGNALED(st) ? "signal" : "status",
               WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        g_failed++;
    }
    return 0;
}

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

int main(int argc, char **argv)
{
    int total = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            int n = run_dir(argv[i]);
            if (n < 0)
                return 1;
            total += n;
        } else {
            if (run_file(argv[i]) != 0)
                return 1;
            total++;
        }
    }
    printf("replay: %d inputs, %d failed\n", total, g_failed);
    return g_failed ? 1 : 0;
}
