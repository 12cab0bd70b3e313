#include "CRuntimeSupport.h"
