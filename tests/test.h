/* Minimal unit-test harness. A test file defines tests with TEST(name) { ... }
 * and checks with CHECK*; tests register themselves at load time and
 * tests/unit_main.c runs them all (or those whose name contains argv[1]).
 * A test passes when none of its checks failed. Fixtures live in
 * tests/fixtures/ and are opened relative to the repository root. */
#ifndef MARSAD_TEST_H
#define MARSAD_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

void mr_test_register(const char *name, void (*fn)(void), const char *file);
void mr_test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define TEST(name)                                                                                 \
    static void name(void);                                                                        \
    __attribute__((constructor)) static void register_##name(void) {                               \
        mr_test_register(#name, name, __FILE__);                                                   \
    }                                                                                              \
    static void name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) mr_test_fail(__FILE__, __LINE__, "%s", #cond);                                \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) mr_test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_);  \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                                      \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b);                                                 \
        if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps)))                                               \
            mr_test_fail(__FILE__, __LINE__, "%s ~= %s: %.6f != %.6f", #a, #b, a_, b_);            \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                                     \
            mr_test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,                 \
                         a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                  \
    } while (0)

/* Substring check: haystack contains needle. */
#define CHECK_HAS(hay, needle)                                                                     \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (!h_ || !strstr(h_, n_))                                                                \
            mr_test_fail(__FILE__, __LINE__, "%s contains \"%s\"", #hay, n_);                      \
    } while (0)

#define CHECK_HASNT(hay, needle)                                                                   \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (h_ && strstr(h_, n_)) mr_test_fail(__FILE__, __LINE__, "%s lacks \"%s\"", #hay, n_);   \
    } while (0)

/* Reads a whole fixture file into a heap buffer (NUL-terminated); caller frees. */
char *mr_test_read_file(const char *path, size_t *len);
/* A fresh path under the test run's scratch directory (static buffer rotated 8 ways). */
const char *mr_test_tmp(const char *name);

/* The next number of a xorshift32 sequence in *state (never 0): repeatable
 * pseudo-random input for tests that compare a fast path with a slow one. */
static inline uint32_t mr_test_rand(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

#endif
