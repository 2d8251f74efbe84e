/*
 * The powerio fuzz targets' view of the sanitizer coverage counters
 *
 * clang's -fsanitize-coverage=inline-8bit-counters keeps one byte per
 * edge in the section __sancov_cntrs; the linker marks its bounds with
 * these symbols (weak: an uninstrumented build has no such section).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef POWERIO_FUZZ_H
#define POWERIO_FUZZ_H

extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));

#endif
