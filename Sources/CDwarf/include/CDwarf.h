// libdw and libelf for the DWARF target, plus the two things Swift does badly
// with them: opening a DWARF handle over an in-memory ELF image, and copying a
// unit's line table out in one call (a million rows would otherwise cost
// seven cross-module calls each).
#ifndef CDWARF_H
#define CDWARF_H

#include <stddef.h>
#include <stdint.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <libelf.h>

/// DW_OP_WASM_location, an LLVM extension that dwarf.h does not name.
#define CDWARF_OP_WASM_LOCATION 0xED

/// Opens libdw over an ELF image in memory. libelf does not copy the image:
/// it must stay alive, unmoved, until cdwarf_end. On failure returns NULL and
/// leaves *elf_out NULL; dwarf_errmsg(-1) or elf_errmsg(-1) says why.
Dwarf *cdwarf_begin(void *image, size_t size, Elf **elf_out);

/// Releases what cdwarf_begin made; either argument may be NULL.
void cdwarf_end(Dwarf *dwarf, Elf *elf);

/// Flags of a copied line row.
enum {
    CDWARF_LINE_IS_STATEMENT = 1,
    CDWARF_LINE_PROLOGUE_END = 2,
    CDWARF_LINE_END_SEQUENCE = 4,
    CDWARF_LINE_EPILOGUE_BEGIN = 8,
};

/// One row of a unit's line table, as libdw decoded it.
typedef struct cdwarf_line_row {
    uint64_t address;
    uint32_t line;
    uint32_t column;
    /// Index into the unit's file table (dwarf_getsrcfiles).
    uint32_t file_index;
    uint32_t flags;
} cdwarf_line_row;

/// Copies rows [0, count) of `lines` into `rows`; returns how many it wrote,
/// which is less than count only if libdw refused a row.
size_t cdwarf_copy_lines(Dwarf_Lines *lines, size_t count, cdwarf_line_row *rows);

#endif
