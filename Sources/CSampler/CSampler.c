#include "CSampler.h"
