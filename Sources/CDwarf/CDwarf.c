#include "CDwarf.h"

Dwarf *cdwarf_begin(void *image, size_t size, Elf **elf_out) {
    *elf_out = NULL;
    // elf_version must be called before any other libelf function; repeated calls are harmless.
    if (elf_version(EV_CURRENT) == EV_NONE) {
        return NULL;
    }
    Elf *elf = elf_memory((char *)image, size);
    if (elf == NULL) {
        return NULL;
    }
    Dwarf *dwarf = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
    if (dwarf == NULL) {
        elf_end(elf);
        return NULL;
    }
    *elf_out = elf;
    return dwarf;
}

void cdwarf_end(Dwarf *dwarf, Elf *elf) {
    if (dwarf != NULL) {
        dwarf_end(dwarf);
    }
    if (elf != NULL) {
        elf_end(elf);
    }
}

size_t cdwarf_copy_lines(Dwarf_Lines *lines, size_t count, cdwarf_line_row *rows) {
    for (size_t index = 0; index < count; index++) {
        Dwarf_Line *line = dwarf_onesrcline(lines, index);
        Dwarf_Addr address;
        int number;
        int column;
        bool flag;
        Dwarf_Files *files;
        size_t file_index;
        if (line == NULL || dwarf_lineaddr(line, &address) != 0 || dwarf_lineno(line, &number) != 0
            || dwarf_linecol(line, &column) != 0 || dwarf_line_file(line, &files, &file_index) != 0) {
            return index;
        }
        uint32_t flags = 0;
        if (dwarf_linebeginstatement(line, &flag) == 0 && flag) flags |= CDWARF_LINE_IS_STATEMENT;
        if (dwarf_lineprologueend(line, &flag) == 0 && flag) flags |= CDWARF_LINE_PROLOGUE_END;
        if (dwarf_lineendsequence(line, &flag) == 0 && flag) flags |= CDWARF_LINE_END_SEQUENCE;
        if (dwarf_lineepiloguebegin(line, &flag) == 0 && flag) flags |= CDWARF_LINE_EPILOGUE_BEGIN;
        rows[index] = (cdwarf_line_row){
            .address = address,
            .line = (uint32_t)number,
            .column = (uint32_t)column,
            .file_index = (uint32_t)file_index,
            .flags = flags,
        };
    }
    return count;
}
