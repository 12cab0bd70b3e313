// The int3 patch table: one process-wide open-addressing table of patched
// addresses, so the original byte is always the one from before the first
// patch, whoever patched it. Each site carries two bitmasks of session
// slots: sessions with a user breakpoint there, and sessions with an
// internal patch (a step target, the end of a write window). The byte goes
// back when both are empty. Bytes are written through the code's writable
// alias; the executable mapping's protection never changes.
//
// Readers are signal handlers on guest threads, so the lock is a spin lock
// (see Internal.h for why that cannot deadlock).
#include "Internal.h"

#include <string.h>

#define SITE_CAPACITY 16384
#define SITE_EMPTY 0
#define SITE_LIVE 1
#define SITE_REMOVED 2

typedef struct patch_site {
    uint64_t address;
    uint8_t *writable;
    uint64_t user_owners;
    uint64_t internal_owners;
    uint8_t original;
    uint8_t state;
    /// The original byte is back for one single step (stepping off the int3).
    uint8_t lifted;
} patch_site;

static patch_site sites[SITE_CAPACITY];
static _Atomic uint32_t patch_lock;
static uint32_t live_count;
static uint32_t removed_count;

static uint32_t hash(uint64_t address) { return (uint32_t)((address * 0x9E3779B97F4A7C15ull) >> 50); }

/// The live site for `address`, or NULL. Caller holds the lock.
static patch_site *find_site(uint64_t address) {
    uint32_t index = hash(address);
    for (uint32_t probe = 0; probe < SITE_CAPACITY; probe++) {
        patch_site *site = &sites[(index + probe) & (SITE_CAPACITY - 1)];
        if (site->state == SITE_EMPTY) return NULL;
        if (site->state == SITE_LIVE && site->address == address) return site;
    }
    return NULL;
}

/// Puts every live site back without tombstones. Caller holds the lock.
static void rehash(void) {
    static patch_site live[SITE_CAPACITY];
    uint32_t count = 0;
    for (uint32_t index = 0; index < SITE_CAPACITY; index++) {
        if (sites[index].state == SITE_LIVE) live[count++] = sites[index];
    }
    memset(sites, 0, sizeof sites);
    for (uint32_t item = 0; item < count; item++) {
        uint32_t index = hash(live[item].address);
        while (sites[index].state != SITE_EMPTY) index = (index + 1) & (SITE_CAPACITY - 1);
        sites[index] = live[item];
    }
    removed_count = 0;
}

/// The site for `address`, created (and the int3 written) if needed. Caller holds the lock.
static patch_site *find_or_create_site(uint64_t address, uint8_t *writable) {
    patch_site *existing = find_site(address);
    if (existing != NULL) return existing;
    // Keep a quarter of the table empty so probes end quickly.
    if (live_count + 1 > SITE_CAPACITY * 3 / 4) return NULL;
    if (live_count + removed_count + 1 > SITE_CAPACITY * 3 / 4) rehash();
    uint32_t index = hash(address);
    while (sites[index].state == SITE_LIVE) index = (index + 1) & (SITE_CAPACITY - 1);
    patch_site *site = &sites[index];
    if (site->state == SITE_REMOVED) removed_count--;
    site->address = address;
    site->writable = writable;
    site->user_owners = 0;
    site->internal_owners = 0;
    site->original = *(volatile uint8_t *)writable;
    site->lifted = 0;
    site->state = SITE_LIVE;
    live_count++;
    *(volatile uint8_t *)writable = WSD_INT3;
    return site;
}

/// Drops a site nobody wants any more, restoring its byte. Caller holds the lock.
static void release_site_if_unused(patch_site *site) {
    if (site->user_owners != 0 || site->internal_owners != 0) return;
    *(volatile uint8_t *)site->writable = site->original;
    site->state = SITE_REMOVED;
    live_count--;
    removed_count++;
}

static uint64_t owner_bit(wsd_session *session) { return 1ull << (uint32_t)session->slot; }

// MARK: - User breakpoints

int wsd_breakpoint_insert(wsd_session *session, uint64_t address, uint8_t *writable) {
    wsd_spin_lock(&patch_lock);
    patch_site *site = find_or_create_site(address, writable);
    int result = -1;
    if (site != NULL) {
        result = (site->user_owners & owner_bit(session)) == 0;
        site->user_owners |= owner_bit(session);
    }
    wsd_spin_unlock(&patch_lock);
    return result;
}

int wsd_breakpoint_remove(wsd_session *session, uint64_t address) {
    wsd_spin_lock(&patch_lock);
    patch_site *site = find_site(address);
    int had = site != NULL && (site->user_owners & owner_bit(session)) != 0;
    if (had) {
        site->user_owners &= ~owner_bit(session);
        release_site_if_unused(site);
    }
    wsd_spin_unlock(&patch_lock);
    return had;
}

void wsd_breakpoints_remove_all(wsd_session *session) {
    uint64_t bit = owner_bit(session);
    wsd_spin_lock(&patch_lock);
    for (uint32_t index = 0; index < SITE_CAPACITY; index++) {
        patch_site *site = &sites[index];
        if (site->state != SITE_LIVE || ((site->user_owners | site->internal_owners) & bit) == 0) continue;
        site->user_owners &= ~bit;
        site->internal_owners &= ~bit;
        release_site_if_unused(site);
    }
    memset(session->internal_patches, 0, sizeof session->internal_patches);
    wsd_spin_unlock(&patch_lock);
}

void wsd_original_code(uint64_t address, uint8_t *buffer, size_t count) {
    wsd_spin_lock(&patch_lock);
    memcpy(buffer, (const void *)address, count);
    if (live_count > 0) {
        for (size_t offset = 0; offset < count; offset++) {
            patch_site *site = find_site(address + offset);
            if (site != NULL) buffer[offset] = site->original;
        }
    }
    wsd_spin_unlock(&patch_lock);
}

// MARK: - What the signal handlers need

wsd_patch_lookup wsd_patch_find(wsd_session *session, uint64_t address) {
    wsd_patch_lookup lookup = {0, 0, 0, 0};
    wsd_spin_lock(&patch_lock);
    patch_site *site = find_site(address);
    if (site != NULL) {
        lookup.found = 1;
        lookup.mine_user = (site->user_owners & owner_bit(session)) != 0;
        lookup.mine_internal = (site->internal_owners & owner_bit(session)) != 0;
        lookup.original = site->original;
    }
    wsd_spin_unlock(&patch_lock);
    return lookup;
}

int wsd_patch_lift(uint64_t address) {
    wsd_spin_lock(&patch_lock);
    patch_site *site = live_count > 0 ? find_site(address) : NULL;
    int lifted = site != NULL && !site->lifted;
    if (lifted) {
        *(volatile uint8_t *)site->writable = site->original;
        site->lifted = 1;
    }
    wsd_spin_unlock(&patch_lock);
    return lifted;
}

void wsd_patch_relift(uint64_t address) {
    wsd_spin_lock(&patch_lock);
    patch_site *site = find_site(address);
    if (site != NULL && site->lifted) {
        *(volatile uint8_t *)site->writable = WSD_INT3;
        site->lifted = 0;
    }
    wsd_spin_unlock(&patch_lock);
}

int wsd_internal_patch_add(wsd_session *session, uint64_t address, uint32_t reason) {
    uint8_t *writable = wsd_writable_alias(session, address);
    if (writable == NULL) return 0;
    int added = 0;
    wsd_spin_lock(&patch_lock);
    for (int index = 0; index < WSD_MAX_INTERNAL_PATCHES; index++) {
        wsd_internal_patch *patch = &session->internal_patches[index];
        if (patch->reason != 0) continue;
        patch_site *site = find_or_create_site(address, writable);
        if (site == NULL) break;
        site->internal_owners |= owner_bit(session);
        patch->address = address;
        patch->reason = reason;
        added = 1;
        break;
    }
    wsd_spin_unlock(&patch_lock);
    return added;
}

uint32_t wsd_internal_patch_take(wsd_session *session, uint64_t address) {
    uint32_t reasons = 0;
    wsd_spin_lock(&patch_lock);
    for (int index = 0; index < WSD_MAX_INTERNAL_PATCHES; index++) {
        wsd_internal_patch *patch = &session->internal_patches[index];
        if (patch->reason == 0 || patch->address != address) continue;
        reasons |= patch->reason;
        patch->reason = 0;
        patch->address = 0;
    }
    if (reasons != 0) {
        patch_site *site = find_site(address);
        if (site != NULL) {
            site->internal_owners &= ~owner_bit(session);
            release_site_if_unused(site);
        }
    }
    wsd_spin_unlock(&patch_lock);
    return reasons;
}
