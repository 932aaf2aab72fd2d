/* The checks of the C unit tests (test_machine.c, test_rules.c): CHECK counts a pass or prints
 * the failing condition with its line; check_summary() prints "N passed, N failed" (the line
 * tests/testrun.c adds up) and gives the exit status. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond) passed++;                                                    \
        else failed++, printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}

#endif
