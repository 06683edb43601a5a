// The nns command: process-wide settings, then everything else in NNSCLI.
import NNSCLI

#if canImport(Glibc)
  import Glibc
#endif

// Tensor buffers of a training step are freed and allocated again every step. glibc's default
// returns buffers over 128 KiB to the kernel on each free, so every step paid fresh page faults
// (the spiral benchmark spent 60% of its time in the kernel); keep them in the heap instead.
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32  // <malloc.h>
_ = mallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD: buffers up to 32 MiB come from the heap
_ = mallopt(-1, 64 << 20)  // M_TRIM_THRESHOLD: keep up to 64 MiB of freed heap

exit(CommandLineTool.run(CommandLine.arguments))
