#include "CWASISupport.h"
