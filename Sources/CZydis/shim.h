// Zydis 4 for Swift. Its status macros (ZYAN_SUCCESS) do not import, so the
// wrapper checks status codes through wsc_zyan_success.
#include <Zydis/Zydis.h>

static inline int wsc_zyan_success(ZyanStatus status) { return ZYAN_SUCCESS(status) ? 1 : 0; }
