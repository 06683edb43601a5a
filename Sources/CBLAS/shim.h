// OpenBLAS's C interface (Debian: libopenblas-dev installs it as <cblas.h>).
#include <cblas.h>
