/*
 * Harness self-test: two passing results and a plan, then exit status 3.
 * The harness must fail the suite.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("ok 1 - first\n");
    printf("ok 2 - second\n");
    printf("1..2\n");
    return 3;
}
