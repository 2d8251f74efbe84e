/*
 * Harness self-test: a program that passes (its plan first, two results,
 * a clean exit).  The harness must report it green.
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
    return 0;
}
