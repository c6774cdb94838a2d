/* Fault injection for the tests, as SQLite tests its I/O errors: an LD_PRELOAD library that
 * fails the k-th call that changes a file under one folder.
 *
 *   FAULT_DIR      the folder whose files are watched (nothing outside it is counted)
 *   FAULT_AT       k, 1-based: the counted call that fails; 0 only counts
 *   FAULT_ERRNO    ENOSPC or EACCES: the error that call fails with, doing nothing
 *   FAULT_PERSIST  1: every later counted write, or creation of a file, fails too (a full disk stays full)
 *   FAULT_LOG      a file to append one line per counted call to: "k op path", "FAIL" where it failed
 *
 * The count is shared with forked children (a worker pool counts with its parent). LD_PRELOAD is
 * removed from the environment once loaded, so programs run from here (LibreOffice) are not watched.
 * Calls that glibc makes internally (fopen, fwrite, fclose) are not seen; Python does its file I/O
 * through the calls below.
 *
 * Build: cc -shared -fPIC -O2 -o inject.so inject.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* The kinds of call: with FAULT_PERSIST, a failure goes on for calls of the same kind. */
enum kind { WRITE, CREATE, RENAME, SYNC, REMOVE, CHMOD };

struct shared {  /* in memory shared with forked children */
    long count;
    int failed_kinds;  /* bit per kind that has failed, with FAULT_PERSIST */
};

static struct shared *shared;
static char folder[PATH_MAX];
static size_t folder_length;
static long fail_at;
static int fail_errno, persist, log_fd = -1;

/* What is known of each file descriptor: 0 not yet looked at, else INSIDE or OUTSIDE the folder.
 * Reset when the descriptor is closed, reused by dup2/dup3 or returned by an open. */
enum { UNKNOWN, INSIDE, OUTSIDE };
#define CACHED_FDS 65536
static unsigned char fd_place[CACHED_FDS];

#define REAL(name) static __typeof__(name) *real_##name; \
    if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

__attribute__((constructor)) static void start(void) {
    const char *dir = getenv("FAULT_DIR"), *at = getenv("FAULT_AT"), *name = getenv("FAULT_ERRNO");
    const char *keep = getenv("FAULT_PERSIST"), *log = getenv("FAULT_LOG");
    unsetenv("LD_PRELOAD");
    if (!dir || !realpath(dir, folder))
        return;
    folder_length = strlen(folder);
    fail_at = at ? atol(at) : 0;
    fail_errno = name && strcmp(name, "EACCES") == 0 ? EACCES : ENOSPC;
    persist = keep && strcmp(keep, "1") == 0;
    int (*real_open)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
    if (log)
        log_fd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    void *page = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    shared = page == MAP_FAILED ? NULL : page;
}

static int under_folder(const char *path) {
    return folder_length && strncmp(path, folder, folder_length) == 0
        && (path[folder_length] == '/' || path[folder_length] == '\0');
}

static int fd_path(int fd, char *path) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, PATH_MAX - 1);
    if (length < 0)
        return 0;
    path[length] = '\0';
    return 1;
}

/* The absolute path of ``path`` taken from the directory ``dirfd`` (or the current one). */
static int absolute(int dirfd, const char *path, char *out) {
    char base[PATH_MAX];
    if (path[0] == '/')
        return snprintf(out, PATH_MAX, "%s", path) < PATH_MAX;
    if (dirfd == AT_FDCWD ? !getcwd(base, sizeof base) : !fd_path(dirfd, base))
        return 0;
    return snprintf(out, PATH_MAX, "%s/%s", base, path) < PATH_MAX;
}

/* Count a call on ``path`` (a file in the folder): 1 if it is to fail, its errno set. */
static int counted(enum kind kind, const char *op, const char *path, const char *other) {
    if (!shared)
        return 0;
    long k = __atomic_add_fetch(&shared->count, 1, __ATOMIC_SEQ_CST);
    /* A full disk refuses what takes space (new data, new entries) from then on; a rename over an existing name,
       a flush, a removal or a change of mode fails once. */
    int lasting = persist && (kind == WRITE || kind == CREATE);
    int fail = k == fail_at || (lasting && (__atomic_load_n(&shared->failed_kinds, __ATOMIC_SEQ_CST) & (1 << kind)));
    if (fail && lasting)
        __atomic_or_fetch(&shared->failed_kinds, 1 << kind, __ATOMIC_SEQ_CST);
    if (log_fd >= 0) {
        REAL(write);
        char line[3 * PATH_MAX];
        int length = snprintf(line, sizeof line, "%ld %s %s%s%s%s\n", k, op, path, other ? " -> " : "",
                              other ? other : "", fail ? " FAIL" : "");
        real_write(log_fd, line, length < (int)sizeof line ? (size_t)length : sizeof line - 1);
    }
    if (fail)
        errno = fail_errno;
    return fail;
}

/* Whether a call that is not to fail leaves errno as it was: looking paths up may change it. */
static int kept_errno(int saved, int fail) {
    if (!fail)
        errno = saved;
    return fail;
}

static int path_fails(enum kind kind, const char *op, int dirfd, const char *path) {
    char full[PATH_MAX];
    int saved = errno;
    if (!folder_length || !path || !absolute(dirfd, path, full) || !under_folder(full))
        return kept_errno(saved, 0);
    return kept_errno(saved, counted(kind, op, full, NULL));
}

static int fd_fails(enum kind kind, const char *op, int fd) {
    char path[PATH_MAX];
    int saved = errno;
    if (!folder_length || fd < 0 || fd == log_fd)
        return 0;
    unsigned char *place = fd < CACHED_FDS ? &fd_place[fd] : NULL;
    if (place && *place == OUTSIDE)
        return 0;
    if (!fd_path(fd, path))
        return kept_errno(saved, 0);
    int inside = under_folder(path);
    if (place)
        *place = inside ? INSIDE : OUTSIDE;
    return kept_errno(saved, inside && counted(kind, op, path, NULL));
}

static void forget(int fd) {
    if (fd >= 0 && fd < CACHED_FDS)
        fd_place[fd] = UNKNOWN;
}

/* Writing data. */

ssize_t write(int fd, const void *buffer, size_t size) {
    REAL(write);
    return fd_fails(WRITE, "write", fd) ? -1 : real_write(fd, buffer, size);
}

ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
    REAL(pwrite);
    return fd_fails(WRITE, "pwrite", fd) ? -1 : real_pwrite(fd, buffer, size, offset);
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off64_t offset) {
    REAL(pwrite64);
    return fd_fails(WRITE, "pwrite64", fd) ? -1 : real_pwrite64(fd, buffer, size, offset);
}

ssize_t writev(int fd, const struct iovec *vector, int count) {
    REAL(writev);
    return fd_fails(WRITE, "writev", fd) ? -1 : real_writev(fd, vector, count);
}

ssize_t copy_file_range(int in, off64_t *in_offset, int out, off64_t *out_offset, size_t size, unsigned int flags) {
    REAL(copy_file_range);
    return fd_fails(WRITE, "copy_file_range", out) ? -1 : real_copy_file_range(in, in_offset, out, out_offset, size, flags);
}

ssize_t sendfile(int out, int in, off_t *offset, size_t size) {
    REAL(sendfile);
    return fd_fails(WRITE, "sendfile", out) ? -1 : real_sendfile(out, in, offset, size);
}

ssize_t sendfile64(int out, int in, off64_t *offset, size_t size) {
    REAL(sendfile64);
    return fd_fails(WRITE, "sendfile64", out) ? -1 : real_sendfile64(out, in, offset, size);
}

int ftruncate(int fd, off_t length) {
    REAL(ftruncate);
    return fd_fails(WRITE, "ftruncate", fd) ? -1 : real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
    REAL(ftruncate64);
    return fd_fails(WRITE, "ftruncate64", fd) ? -1 : real_ftruncate64(fd, length);
}

int fsync(int fd) {
    REAL(fsync);
    return fd_fails(SYNC, "fsync", fd) ? -1 : real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    return fd_fails(SYNC, "fdatasync", fd) ? -1 : real_fdatasync(fd);
}

int fchmod(int fd, mode_t mode) {
    REAL(fchmod);
    return fd_fails(CHMOD, "fchmod", fd) ? -1 : real_fchmod(fd, mode);
}

/* Making files and folders. An open counts when it creates or truncates (O_CREAT or O_TRUNC). */

static int opened(int fd) {
    forget(fd);
    return fd;
}

#define OPEN_MODE(flags) \
    mode_t mode = 0; \
    if ((flags) & (O_CREAT | __O_TMPFILE)) { va_list rest; va_start(rest, flags); mode = va_arg(rest, mode_t); va_end(rest); }
#define CHANGES(flags) ((flags) & (O_CREAT | O_TRUNC))

int open(const char *path, int flags, ...) {
    REAL(open);
    OPEN_MODE(flags);
    if (CHANGES(flags) && path_fails(CREATE, "open", AT_FDCWD, path))
        return -1;
    return opened(real_open(path, flags, mode));
}

int open64(const char *path, int flags, ...) {
    REAL(open64);
    OPEN_MODE(flags);
    if (CHANGES(flags) && path_fails(CREATE, "open64", AT_FDCWD, path))
        return -1;
    return opened(real_open64(path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...) {
    REAL(openat);
    OPEN_MODE(flags);
    if (CHANGES(flags) && path_fails(CREATE, "openat", dirfd, path))
        return -1;
    return opened(real_openat(dirfd, path, flags, mode));
}

int openat64(int dirfd, const char *path, int flags, ...) {
    REAL(openat64);
    OPEN_MODE(flags);
    if (CHANGES(flags) && path_fails(CREATE, "openat64", dirfd, path))
        return -1;
    return opened(real_openat64(dirfd, path, flags, mode));
}

int mkdir(const char *path, mode_t mode) {
    REAL(mkdir);
    return path_fails(CREATE, "mkdir", AT_FDCWD, path) ? -1 : real_mkdir(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    REAL(mkdirat);
    return path_fails(CREATE, "mkdirat", dirfd, path) ? -1 : real_mkdirat(dirfd, path, mode);
}

int link(const char *from, const char *to) {
    REAL(link);
    return path_fails(CREATE, "link", AT_FDCWD, to) ? -1 : real_link(from, to);
}

int linkat(int from_dir, const char *from, int to_dir, const char *to, int flags) {
    REAL(linkat);
    return path_fails(CREATE, "linkat", to_dir, to) ? -1 : real_linkat(from_dir, from, to_dir, to, flags);
}

/* Renaming: counted when either name is in the folder, logged by the new name. */

static int rename_fails(const char *op, int from_dir, const char *from, int to_dir, const char *to) {
    char source[PATH_MAX], target[PATH_MAX];
    int saved = errno;
    if (!folder_length || !absolute(from_dir, from, source) || !absolute(to_dir, to, target))
        return kept_errno(saved, 0);
    if (!under_folder(source) && !under_folder(target))
        return kept_errno(saved, 0);
    return kept_errno(saved, counted(RENAME, op, source, target));
}

int rename(const char *from, const char *to) {
    REAL(rename);
    return rename_fails("rename", AT_FDCWD, from, AT_FDCWD, to) ? -1 : real_rename(from, to);
}

int renameat(int from_dir, const char *from, int to_dir, const char *to) {
    REAL(renameat);
    return rename_fails("renameat", from_dir, from, to_dir, to) ? -1 : real_renameat(from_dir, from, to_dir, to);
}

int renameat2(int from_dir, const char *from, int to_dir, const char *to, unsigned int flags) {
    REAL(renameat2);
    return rename_fails("renameat2", from_dir, from, to_dir, to) ? -1 : real_renameat2(from_dir, from, to_dir, to, flags);
}

/* Removing, and changing permissions. */

int unlink(const char *path) {
    REAL(unlink);
    return path_fails(REMOVE, "unlink", AT_FDCWD, path) ? -1 : real_unlink(path);
}

int unlinkat(int dirfd, const char *path, int flags) {
    REAL(unlinkat);
    return path_fails(REMOVE, "unlinkat", dirfd, path) ? -1 : real_unlinkat(dirfd, path, flags);
}

int rmdir(const char *path) {
    REAL(rmdir);
    return path_fails(REMOVE, "rmdir", AT_FDCWD, path) ? -1 : real_rmdir(path);
}

int chmod(const char *path, mode_t mode) {
    REAL(chmod);
    return path_fails(CHMOD, "chmod", AT_FDCWD, path) ? -1 : real_chmod(path, mode);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
    REAL(fchmodat);
    return path_fails(CHMOD, "fchmodat", dirfd, path) ? -1 : real_fchmodat(dirfd, path, mode, flags);
}

/* Descriptors closed or reused: what was known of them no longer holds. */

int close(int fd) {
    REAL(close);
    forget(fd);
    return real_close(fd);
}

int dup2(int old, int new) {
    REAL(dup2);
    forget(new);
    return real_dup2(old, new);
}

int dup3(int old, int new, int flags) {
    REAL(dup3);
    forget(new);
    return real_dup3(old, new, flags);
}
