/* Compiled as strict C99 so that rtcnative.h stays a header any C compiler accepts. */
#include "rtcnative.h"

int header_check_abi_version(void) { return RTCN_ABI_VERSION; }
