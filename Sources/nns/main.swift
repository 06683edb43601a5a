// The nns command: process-wide settings, then everything else in NNSCLI.
import NNSCLI
import NNSTensor

#if canImport(Glibc)
  import Glibc
#endif

HeapSettings.keepFreedBuffers()  // training steps reuse their buffers without page faults
exit(CommandLineTool.run(CommandLine.arguments))
