#include "CDebuggerSupport.h"
