// glibc's malloc tuning (mallopt), which the Glibc module does not export.
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
