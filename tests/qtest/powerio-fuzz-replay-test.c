/*
 * The powerio fuzz targets' corpus, replayed in check: every file under
 * tests/qtest/fuzz/corpus/TARGET/ (the seeds each fuzzing run starts
 * from, and each past finding) runs on a new QEMU brought to the state
 * the fuzz target starts its inputs from, through the same interpreter
 * (tests/qtest/libqos/powerio-fuzz.c), one case per file.
 *
 * After the input QEMU must still answer, must have written nothing on
 * its stderr while the input ran (a guest's mistakes go to the
 * guest-error log, not the host's stderr: the ibm,change-msi finding;
 * a sanitizer report lands there too), and a PHB3 must have as many
 * window regions as before (the remap-bounded finding), a PHB4 or PHB5
 * no more than it has MMIO windows.  What QEMU wrote is printed when a
 * case fails or QEMU dies; each case runs in a child process, so a QEMU
 * that dies fails its own case only.
 *
 * POWERIO_FUZZ_REPLAY=TARGET:PATH replays PATH (a file, or every file of
 * a directory: a fuzzing run's corpus or artifacts) instead.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "libqos/powerio-fuzz.h"

#define PNV_PHB_BACKEND         "/machine/chip[0]/phb[1]/phb-backend"
/* PHB 1 of chip 0: PEC 1 stack 0 on POWER9, PEC 0 stack 1 on POWER10 */
#define PNV_PHB4_BACKEND        "/machine/chip[0]/pec[1]/phb[0]/phb-backend"
#define PNV_PHB5_BACKEND        "/machine/chip[0]/pec[0]/phb[1]/phb-backend"
/* PNV_PHB4_MAX_MMIO_WINDOWS: at most one MMIO window region for each */
#define PNV_PHB4_MAX_WINDOWS    32

typedef struct ReplayCase {
    const QPioFuzzTarget *target;
    char *path;
    char *err_path;             /* QEMU's stderr */
} ReplayCase;

/* The corpus directory next to this source file (through its symlink) */
static char *corpus_dir(const char *target)
{
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *src = NULL, *dir = NULL, *build = NULL;
    char *real;
    int i;

    if (g_path_is_absolute(__FILE__)) {
        src = g_strdup(__FILE__);
    } else {
        /* meson compiles from the build directory: BUILD/tests/qtest/EXE */
        g_assert_nonnull(exe);
        build = g_path_get_dirname(exe);
        for (i = 0; i < 2; i++) {
            char *up = g_path_get_dirname(build);

            g_free(build);
            build = up;
        }
        src = g_build_filename(build, __FILE__, NULL);
    }
    real = realpath(src, NULL);
    dir = g_path_get_dirname(real ? real : src);
    free(real);
    return g_build_filename(dir, "fuzz", "corpus", target, NULL);
}

/* The children of a QOM object whose name starts with @prefix */
static int count_children(QTestState *s, const char *path, const char *prefix)
{
    QDict *rsp = qtest_qmp(s, "{ 'execute': 'qom-list', "
                           "'arguments': { 'path': %s } }", path);
    QListEntry *e;
    int n = 0;

    g_assert(qdict_haskey(rsp, "return"));
    QLIST_FOREACH_ENTRY(qdict_get_qlist(rsp, "return"), e) {
        QDict *prop = qobject_to(QDict, qlist_entry_obj(e));

        n += g_str_has_prefix(qdict_get_str(prop, "name"), prefix);
    }
    qobject_unref(rsp);
    return n;
}

static off_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) ? 0 : st.st_size;
}

static void print_stderr(const char *err_path, off_t from)
{
    g_autofree char *text = NULL;
    gsize len;

    if (g_file_get_contents(err_path, &text, &len, NULL) && len > from) {
        fprintf(stderr, "QEMU's stderr:\n%s\n", text + from);
    }
}

/* libqtest aborts when QEMU dies: say what QEMU said first */
static void on_abort(void *data)
{
    ReplayCase *c = data;

    print_stderr(c->err_path, 0);
}

static void replay_input(const void *data)
{
    ReplayCase *c = (ReplayCase *)data;
    const QPioFuzzTarget *t = c->target;
    g_autofree char *input = NULL;
    g_autofree char *args = NULL;
    bool pnv = !strcmp(t->name, "powerio-pnv-phb3");
    const char *phb4 = !strcmp(t->name, "powerio-pnv-phb4") ?
                       PNV_PHB4_BACKEND :
                       !strcmp(t->name, "powerio-pnv-phb5") ?
                       PNV_PHB5_BACKEND : NULL;
    int m32 = 0, m64 = 0, fd;
    QTestState *s;
    gsize len;
    off_t err0;
    void *state;

    g_assert_true(g_file_get_contents(c->path, &input, &len, NULL));
    fd = g_file_open_tmp("powerio-fuzz-XXXXXX.stderr", &c->err_path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    /* the shell that starts QEMU sends its stderr to the file */
    args = g_strdup_printf("%s 2>%s", t->args, c->err_path);
    qtest_add_abrt_handler(on_abort, c);

    s = qtest_init(args);
    state = t->setup(s, NULL);
    if (pnv) {
        m32 = count_children(s, PNV_PHB_BACKEND, "phb3-m32");
        m64 = count_children(s, PNV_PHB_BACKEND, "phb3-m64");
    }
    err0 = file_size(c->err_path);

    t->run(state, (const uint8_t *)input, len);

    /* QEMU answers */
    qobject_unref(qtest_qmp_assert_success_ref(s, "{ 'execute': "
                                                  "'query-status' }"));
    if (pnv) {
        g_assert_cmpint(count_children(s, PNV_PHB_BACKEND, "phb3-m32"), ==,
                        m32);
        g_assert_cmpint(count_children(s, PNV_PHB_BACKEND, "phb3-m64"), ==,
                        m64);
    }
    if (phb4) {
        g_assert_cmpint(count_children(s, phb4, "phb4-mbar"), <=,
                        PNV_PHB4_MAX_WINDOWS);
    }
    if (file_size(c->err_path) > err0) {
        print_stderr(c->err_path, err0);
        fprintf(stderr, "%s: QEMU wrote on its stderr while the input ran\n",
                c->path);
        g_test_fail();
    }
    qtest_quit(s);
    qtest_remove_abrt_handler(c);
    unlink(c->err_path);
    g_free(c->err_path);
    c->err_path = NULL;
    t->free(state);
}

/*
 * Each input in a child process of its own: libqtest aborts when QEMU
 * dies, and a finding whose fix has not landed would take the cases
 * after it down too.  The child's stderr (QEMU's, what it wrote) shows.
 */
static void replay(const void *data)
{
    if (g_test_subprocess()) {
        replay_input(data);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    if (!g_test_trap_has_passed()) {
        g_test_message("%s: the replay failed or QEMU died",
                       ((ReplayCase *)data)->path);
        g_test_fail();
    }
}

static gint compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One case per file of @path (a file or a directory), sorted */
static void add_cases(const QPioFuzzTarget *t, const char *path)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    GDir *dir = g_dir_open(path, 0, NULL);
    const char *name;
    guint i;

    if (!dir) {
        g_ptr_array_add(files, g_strdup(path));
    } else {
        while ((name = g_dir_read_name(dir))) {
            g_ptr_array_add(files, g_build_filename(path, name, NULL));
        }
        g_dir_close(dir);
        g_ptr_array_sort(files, compare_paths);
    }
    for (i = 0; i < files->len; i++) {
        ReplayCase *c = g_new0(ReplayCase, 1);
        g_autofree char *base = g_path_get_basename(files->pdata[i]);
        g_autofree char *test = g_strdup_printf("/powerio-fuzz-replay/%s/%s",
                                                t->name, base);

        c->target = t;
        c->path = g_strdup(files->pdata[i]);
        qtest_add_data_func(test, c, replay);
    }
}

int main(int argc, char **argv)
{
    const char *env = getenv("POWERIO_FUZZ_REPLAY");
    size_t i;

    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("powernv8") || !qtest_has_machine("powernv9") ||
        !qtest_has_machine("powernv10") || !qtest_has_machine("pseries") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("powernv8, powernv9, powernv10, pseries or "
                    "dma-exerciser not built");
        return g_test_run();
    }
    for (i = 0; i < qpio_fuzz_ntargets; i++) {
        const QPioFuzzTarget *t = &qpio_fuzz_targets[i];
        size_t n = strlen(t->name);

        if (!env) {
            g_autofree char *dir = corpus_dir(t->name);

            g_assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));
            add_cases(t, dir);
        } else if (!strncmp(env, t->name, n) && env[n] == ':') {
            add_cases(t, env + n + 1);
        }
    }
    return g_test_run();
}
