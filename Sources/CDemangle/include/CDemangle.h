// The C++ ABI demangler, reached from Swift through this one declaration.
#ifndef WASMSCOPE_CDEMANGLE_H
#define WASMSCOPE_CDEMANGLE_H
#include <stddef.h>

/// Demangles an Itanium C++ (or legacy Rust) symbol name. Returns a string
/// the caller frees with free(), or NULL when `mangled` is not a mangled name.
char *wsc_demangle(const char *mangled);

#endif
