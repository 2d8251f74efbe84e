/*
 * Seeded torture qtests: the seeds every run uses, and the one a developer
 * gives in POWERIO_SEED to reproduce a failure
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef LIBQOS_TORTURE_H
#define LIBQOS_TORTURE_H

#include "qemu/cutils.h"
#include "libqtest.h"

/* 64 random bits */
static inline uint64_t qtorture_rnd64(GRand *r)
{
    return ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
}

/* Add @fn as PREFIX/SEED for each built-in seed, and PREFIX/env */
static inline void qtorture_add_seeds(const char *prefix, GTestDataFunc fn)
{
    static const uint32_t seeds[] = { 1, 0x5eed, 20261121 };
    const char *env = getenv("POWERIO_SEED");
    unsigned long env_seed = 0;
    int i;

    if (env && !qemu_strtoul(env, NULL, 0, &env_seed)) {
        g_autofree char *name = g_strdup_printf("%s/env", prefix);

        qtest_add_data_func(name, GUINT_TO_POINTER(env_seed), fn);
    }
    for (i = 0; i < ARRAY_SIZE(seeds); i++) {
        g_autofree char *name = g_strdup_printf("%s/%u", prefix, seeds[i]);

        qtest_add_data_func(name, GUINT_TO_POINTER(seeds[i]), fn);
    }
}

#endif
