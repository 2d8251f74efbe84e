/*
 * The powerio fuzz targets: their machines, the state every input starts
 * from, and the interpreter that turns an input into guest operations
 *
 * Shared by the libFuzzer binary (tests/qtest/fuzz/powerio_fuzz.c: the
 * machine is set up once, each input runs in a forked child) and by the
 * replay qtest (tests/qtest/powerio-fuzz-replay-test.c: a new QEMU per
 * input of the committed corpus, tests/qtest/fuzz/corpus/TARGET/).
 *
 * An input is a sequence of 16-byte operations; a shorter tail is
 * ignored.  Each operation is
 *
 *   byte 0      op     the operation (modulo the target's count)
 *   byte 1      size   small choices (device, width, argument forms)
 *   bytes 2-3   sel    selectors (register, table, call, sub-operation)
 *   bytes 4-7   addr   an offset or index
 *   bytes 8-15  val    a value
 *
 * all little-endian, whatever the host.  What each field means per
 * operation is in powerio-fuzz.c; scripts/powerio/fuzz-seeds.py writes
 * the seed corpus with the same encoding, so a change to an operation
 * there and here goes together (and the seeds are written again).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef LIBQOS_POWERIO_FUZZ_H
#define LIBQOS_POWERIO_FUZZ_H

#include "../libqtest.h"

#define QPIO_FUZZ_OP_SIZE       16

/*
 * Lets QEMU run the work an operation started (the exerciser's bottom
 * half) when nothing else runs its main loop: the fuzzer, where QEMU is
 * in the same process.  NULL for a qtest, whose QEMU runs by itself.
 */
typedef void QPioFuzzFlush(QTestState *s);

typedef struct QPioFuzzTarget {
    const char *name;           /* --fuzz-target=, corpus directory */
    const char *description;
    const char *args;           /* QEMU's machine and device arguments */
    /*
     * Bring the machine to the state every input starts from (PHB up,
     * PEs, TCE tables and windows mapped, MSIs routed); returns it
     */
    void *(*setup)(QTestState *s, QPioFuzzFlush *flush);
    /* Run one input on the machine setup() made; may change the state */
    void (*run)(void *state, const uint8_t *data, size_t size);
    /* Free what setup() allocated in the test (not QEMU's state) */
    void (*free)(void *state);
} QPioFuzzTarget;

extern const QPioFuzzTarget qpio_fuzz_targets[];
extern const size_t qpio_fuzz_ntargets;

#endif
