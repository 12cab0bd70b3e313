// Write watches on linear memory: the pages holding watched bytes are made
// read-only, so a store into them faults. The signal hook (Handlers.c) opens
// the pages for that one store, compares the watched bytes with a snapshot
// afterwards and closes them again. Every reason to keep the pages open is a
// flag on the session; `wsd_watches_apply_protection` turns the flags into
// the pages' protection, so the reasons never undo each other.
#include "Internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t page_size(void) {
    static uint64_t size;
    if (size == 0) size = (uint64_t)sysconf(_SC_PAGESIZE);
    return size;
}

static void protect_pages(wsd_session *session, int protect) {
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        wsd_watch *watch = &session->watches[index];
        if (watch->id < 0) continue;
        mprotect((void *)watch->page_start, watch->page_end - watch->page_start,
                 protect ? PROT_READ : PROT_READ | PROT_WRITE);
    }
}

void wsd_watches_apply_protection(wsd_session *session) {
    int wanted = atomic_load(&session->watch_count) > 0 && !atomic_load(&session->terminating) &&
                 !session->host_window && !session->step_window && !session->builtin_window &&
                 !session->debugger_unprotected;
    if (wanted == session->pages_protected) return;
    protect_pages(session, wanted);
    session->pages_protected = wanted;
}

void wsd_watches_snapshot(wsd_session *session) {
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        wsd_watch *watch = &session->watches[index];
        if (watch->id >= 0) memcpy(watch->snapshot, watch->address, watch->length);
    }
}

int32_t wsd_watches_compare(wsd_session *session) {
    int32_t changed = -1;
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        wsd_watch *watch = &session->watches[index];
        if (watch->id < 0 || memcmp(watch->snapshot, watch->address, watch->length) == 0) continue;
        if (changed < 0) {
            changed = watch->id;
            memcpy(watch->before, watch->snapshot, watch->length);
            memcpy(watch->after, watch->address, watch->length);
        }
        memcpy(watch->snapshot, watch->address, watch->length);
    }
    return changed;
}

wsd_session *wsd_watch_owner(uint64_t address) {
    for (int32_t slot = 0; slot < WSD_MAX_SESSIONS; slot++) {
        wsd_session *session = wsd_session_at_slot(slot);
        if (session == NULL || atomic_load(&session->watch_count) == 0) continue;
        for (int index = 0; index < WSD_MAX_WATCHES; index++) {
            wsd_watch *watch = &session->watches[index];
            if (watch->id >= 0 && address >= watch->page_start && address < watch->page_end) return session;
        }
    }
    return NULL;
}

// MARK: - The controller's side

int wsd_watch_add(wsd_session *session, int32_t id, uint8_t *host_address, size_t length) {
    if (length == 0 || length > WSD_MAX_WATCH_LENGTH || id < 0) return -1;
    uint8_t *buffers = malloc(length * 3);
    if (buffers == NULL) return -1;
    uint64_t mask = page_size() - 1;
    uint64_t page_start = (uint64_t)host_address & ~mask;
    uint64_t page_end = ((uint64_t)host_address + length + mask) & ~mask;
    int32_t handle = wsc_register_watched_range((const void *)page_start, page_end - page_start);
    if (handle < 0) {
        free(buffers);
        return -1;
    }
    int status = -1;
    wsd_spin_lock(&session->watch_lock);
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        wsd_watch *watch = &session->watches[index];
        if (watch->id >= 0) continue;
        watch->address = host_address;
        watch->length = length;
        watch->page_start = page_start;
        watch->page_end = page_end;
        watch->range_handle = handle;
        watch->snapshot = buffers;
        watch->before = buffers + length;
        watch->after = buffers + 2 * length;
        memcpy(watch->snapshot, host_address, length);
        memset(watch->before, 0, length * 2);
        watch->id = id;
        atomic_fetch_add(&session->watch_count, 1);
        // The new pages follow the others' state: protect them if those are.
        if (session->pages_protected) {
            mprotect((void *)page_start, page_end - page_start, PROT_READ);
        }
        wsd_watches_apply_protection(session);
        status = 0;
        break;
    }
    wsd_spin_unlock(&session->watch_lock);
    if (status != 0) {
        wsc_unregister_watched_range(handle);
        free(buffers);
    }
    return status;
}

void wsd_watch_remove(wsd_session *session, int32_t id) {
    wsd_spin_lock(&session->watch_lock);
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        wsd_watch *watch = &session->watches[index];
        if (watch->id != id) continue;
        mprotect((void *)watch->page_start, watch->page_end - watch->page_start, PROT_READ | PROT_WRITE);
        watch->id = -1;
        atomic_fetch_sub(&session->watch_count, 1);
        wsc_unregister_watched_range(watch->range_handle);
        watch->range_handle = -1;
        free(watch->snapshot);
        watch->snapshot = watch->before = watch->after = NULL;
        // Pages shared with another watch must stay protected.
        if (session->pages_protected) protect_pages(session, 1);
        wsd_watches_apply_protection(session);
        break;
    }
    wsd_spin_unlock(&session->watch_lock);
}

size_t wsd_watch_bytes(wsd_session *session, int32_t id, int which, uint8_t *buffer, size_t capacity) {
    size_t copied = 0;
    wsd_spin_lock(&session->watch_lock);
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        wsd_watch *watch = &session->watches[index];
        if (watch->id != id) continue;
        copied = watch->length < capacity ? watch->length : capacity;
        memcpy(buffer, which == 0 ? watch->before : watch->after, copied);
        break;
    }
    wsd_spin_unlock(&session->watch_lock);
    return copied;
}
