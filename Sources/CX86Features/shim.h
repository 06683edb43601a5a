// glibc's x86 CPU feature queries (glibc 2.33 and later, x86 only): `x86_cpu_active` says whether
// the CPU has a feature and the kernel enabled it, from what glibc read at start-up.
#include <sys/platform/x86.h>
