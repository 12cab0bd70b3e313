#define _GNU_SOURCE
#include "CWASISupport.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert(WASI_HOST_O_PATH == O_PATH, "O_PATH");
_Static_assert(WASI_HOST_AT_EMPTY_PATH == AT_EMPTY_PATH, "AT_EMPTY_PATH");
_Static_assert(WASI_HOST_UTIME_NOW == UTIME_NOW, "UTIME_NOW");
_Static_assert(WASI_HOST_UTIME_OMIT == UTIME_OMIT, "UTIME_OMIT");
_Static_assert(WASI_HOST_RESOLVE_NO_MAGICLINKS == RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS");
_Static_assert(WASI_HOST_RESOLVE_BENEATH == RESOLVE_BENEATH, "RESOLVE_BENEATH");

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

int wasi_openat2(int directory, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how how = {.flags = flags, .mode = mode, .resolve = resolve};
    return (int)syscall(SYS_openat2, directory, path, &how, sizeof how);
}

ssize_t wasi_getrandom(void *buffer, size_t length) {
    return getrandom(buffer, length, 0);
}

int wasi_ppoll(struct pollfd *descriptors, nfds_t count, const struct timespec *timeout) {
    return ppoll(descriptors, count, timeout, NULL);
}
