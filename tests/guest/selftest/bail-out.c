/*
 * Harness self-test: a plan, two passing results, then "Bail out!" and a
 * clean exit.  The harness must fail the suite.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("1..2\n");
    printf("ok 1 - first\n");
    printf("ok 2 - second\n");
    printf("Bail out! the stand-in gives up\n");
    return 0;
}
