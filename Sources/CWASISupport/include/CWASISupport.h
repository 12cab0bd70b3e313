// What WASIPreview1 needs from the C library and the kernel that Swift's
// Glibc module does not give it: constants hidden behind _GNU_SOURCE or kernel
// headers, the raw openat2 system call (glibc has no wrapper and Swift cannot
// call the variadic syscall()), getrandom and ppoll.
#ifndef CWASISUPPORT_H
#define CWASISUPPORT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

// Literals, so Swift imports them as constants; CWASISupport.c checks each
// against the system's own definition at compile time.
#define WASI_HOST_O_PATH 010000000
#define WASI_HOST_AT_EMPTY_PATH 0x1000
#define WASI_HOST_UTIME_NOW 1073741823L
#define WASI_HOST_UTIME_OMIT 1073741822L
#define WASI_HOST_RESOLVE_NO_MAGICLINKS 0x02
#define WASI_HOST_RESOLVE_BENEATH 0x08

/// openat2(2): the new descriptor, or -1 with errno set (ENOSYS before Linux 5.6).
int wasi_openat2(int directory, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);

/// getrandom(2) with no flags: bytes written, or -1 with errno set.
ssize_t wasi_getrandom(void *buffer, size_t length);

/// ppoll(2) without a signal mask; a null timeout waits forever.
int wasi_ppoll(struct pollfd *descriptors, nfds_t count, const struct timespec *timeout);

#endif
