/*
 * libFuzzer targets for the powerio IO models: powerio-pnv-phb3 and
 * powerio-spapr (their machines, the state each input starts from and
 * the input format: tests/qtest/libqos/powerio-fuzz.[ch])
 *
 * One set-up, a fork per input.  The parent brings the machine up once
 * (the PHB as firmware does, PEs, TCE tables and windows with TCEs in
 * them, MSIs routed: thousands of qtest commands) and then forks for
 * each input: the child runs it and exits, the parent waits.  Nothing an
 * input does survives it, so there is no machine reset and no clean-up
 * between inputs, and every input starts as deep as the set-up goes.
 *
 * Coverage: libFuzzer reads the edge counters of the instrumented code
 * (the __sancov_cntrs section, one byte per edge) in its own process.
 * The child copies the section to memory shared with the parent before
 * it exits, and the parent copies it back over its own, so what the
 * child ran is what libFuzzer sees.  (The comparison operands libFuzzer
 * records for its mutations stay in the child; only the edges come back.)
 *
 * Failures: the child has libFuzzer's crash handlers, so a crash in it
 * is reported and its input written (crash-...) as without the fork; the
 * parent then sees the child die and aborts as well, so the run stops
 * and a replay (qemu-fuzz-ppc64 --fuzz-target=T FILE) fails.  A hang
 * trips libFuzzer's -timeout in the parent, and the child dies with it
 * (PR_SET_PDEATHSIG).  Each input's memory goes with its child, so
 * -rss_limit_mb watches the set-up machine only; -malloc_limit_mb still
 * applies in the child.
 *
 * POWERIO_FUZZ_NOFORK=1 runs the inputs in the fuzzer's own process
 * instead: for one input under a debugger (state would carry over from
 * one input to the next).
 *
 * A finding: its input goes to tests/qtest/fuzz/corpus/TARGET/ (replayed
 * by check, tests/qtest/powerio-fuzz-replay-test.c) once it is fixed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/prctl.h>
#include <sys/wait.h>
#include "qemu/module.h"
#include "qemu/rcu.h"
#include "tests/qtest/libqtest.h"
#include "tests/qtest/libqos/powerio-fuzz.h"
#include "fuzz.h"
#include "powerio_fuzz.h"

typedef struct PowerioFuzz {
    const QPioFuzzTarget *target;
    void *state;                /* what setup() made, in the parent */
    bool fork;
    uint8_t *counters;          /* shared with the children */
    size_t ncounters;
} PowerioFuzz;

static PowerioFuzz pio;

static void powerio_flush(QTestState *s)
{
    flush_events(s);
}

static void powerio_pre_fuzz(QTestState *s)
{
    pio.fork = !getenv("POWERIO_FUZZ_NOFORK");
    pio.ncounters = __stop___sancov_cntrs - __start___sancov_cntrs;
    if (pio.fork && pio.ncounters) {
        pio.counters = mmap(NULL, pio.ncounters, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (pio.counters == MAP_FAILED) {
            perror("powerio fuzz: mmap");
            abort();
        }
    }
    pio.state = pio.target->setup(s, powerio_flush);
    flush_events(s);
    /*
     * Leave the RCU thread idle for good: a thread of the parent that is
     * inside the allocator when it forks would leave the child's locked
     */
    drain_call_rcu();
    fprintf(stderr, "powerio fuzz: %s set up; %s, %zu edge counters\n",
            pio.target->name, pio.fork ? "a fork per input" : "no fork",
            pio.ncounters);
}

static void powerio_run_child(QTestState *s, const unsigned char *data,
                              size_t size)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Ctrl-C is the parent's to handle: a child it stops is no finding */
    signal(SIGINT, SIG_IGN);
    pio.target->run(pio.state, data, size);
    flush_events(s);
    if (pio.counters) {
        memcpy(pio.counters, __start___sancov_cntrs, pio.ncounters);
    }
    /* not exit(): neither libFuzzer's nor QEMU's exit handlers may run */
    _exit(0);
}

static void powerio_fuzz(QTestState *s, const unsigned char *data,
                         size_t size)
{
    pid_t pid;
    int status;

    if (!pio.fork) {
        pio.target->run(pio.state, data, size);
        flush_events(s);
        return;
    }
    pid = fork();
    if (pid < 0) {
        perror("powerio fuzz: fork");
        abort();
    }
    if (!pid) {
        powerio_run_child(s, data, size);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("powerio fuzz: waitpid");
            abort();
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "powerio fuzz: the input's child %s %d\n",
                WIFSIGNALED(status) ? "died of signal" : "exited with",
                WIFSIGNALED(status) ? WTERMSIG(status) :
                WEXITSTATUS(status));
        abort();
    }
    if (pio.counters) {
        memcpy(__start___sancov_cntrs, pio.counters, pio.ncounters);
    }
}

static GString *powerio_argv(FuzzTarget *t)
{
    GString *argv = g_string_new(TARGET_NAME);

    pio.target = t->opaque;
    g_string_append_printf(argv, " %s -accel qtest -display none",
                           pio.target->args);
    return argv;
}

static void register_powerio_fuzz_targets(void)
{
    size_t i;

    for (i = 0; i < qpio_fuzz_ntargets; i++) {
        fuzz_add_target(&(FuzzTarget){
            .name = qpio_fuzz_targets[i].name,
            .description = qpio_fuzz_targets[i].description,
            .get_init_cmdline = powerio_argv,
            .pre_fuzz = powerio_pre_fuzz,
            .fuzz = powerio_fuzz,
            .opaque = (void *)&qpio_fuzz_targets[i],
        });
    }
}

fuzz_target_init(register_powerio_fuzz_targets);
