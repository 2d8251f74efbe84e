/*
 * Harness self-test: two passing results, then SIGSEGV before the rest of
 * its checks and its plan.  The harness must fail the suite.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>
#include <stdio.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ok 1 - first\n");
    printf("ok 2 - second\n");
    raise(SIGSEGV);
    printf("ok 3 - never printed\n");
    printf("1..3\n");
    return 0;
}
