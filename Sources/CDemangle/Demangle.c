#include "CDemangle.h"

// libstdc++ (always linked by Swift on Linux) provides it; cxxabi.h is C++ only.
extern char *__cxa_demangle(const char *mangled, char *buffer, size_t *length, int *status);

char *wsc_demangle(const char *mangled) {
    int status = 0;
    char *result = __cxa_demangle(mangled, NULL, NULL, &status);
    return status == 0 ? result : NULL;
}
