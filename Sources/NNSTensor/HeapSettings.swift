// How the process's allocator treats tensor buffers: set once at start-up by the executables.

/// glibc's `mallopt` (declared in <malloc.h>, which no module map here exposes).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Allocator settings for tensor workloads.
public enum HeapSettings {
  /// Keeps freed tensor buffers in the heap. A training step frees and allocates the same
  /// buffers every step; glibc's default returns buffers over 128 KiB to the kernel on each
  /// free, so every step paid fresh page faults (the spiral benchmark spent 60% of its time in
  /// the kernel). Buffers up to 32 MiB come from the heap and up to 64 MiB of freed heap is
  /// kept. Call once, before any tensor work (the `nns` and `nns-bench` executables do).
  public static func keepFreedBuffers() {
    #if os(Linux)
      _ = mallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD
      _ = mallopt(-1, 64 << 20)  // M_TRIM_THRESHOLD
    #endif
  }
}
