#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the interpreter on a thread with a large stack, and guards against overflowing it.
///
/// Deep (but bounded) recursion in nns code needs more than the default 8 MB; the guard turns
/// a runaway into an nns error long before the stack's end, whatever thread runs the code.
enum BigStack {
  /// The stack size of interpreter threads: 512 MiB (reserved lazily by the OS).
  static let size = 512 << 20
  /// Space kept free below the guard for builtins and the error path.
  static let margin: UInt = 1 << 20

  private final class Job {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  /// Runs `body` on a fresh big-stack thread and waits for it (inline if the thread cannot be
  /// made). `body` receives the lowest stack address nns code may reach.
  static func run<T>(_ body: @escaping (UInt) -> T) -> T {
    var result: T?
    let job = Job { result = body(stackLimit(size: size)) }
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setstacksize(&attr, size)
    let context = Unmanaged.passRetained(job).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(
      &thread, &attr,
      { raw in
        guard let raw else { return nil }
        let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
        job.body()
        return nil
      }, context)
    if rc != 0 {
      Unmanaged<Job>.fromOpaque(context).release()
      return body(stackLimit(size: 8 << 20))
    }
    pthread_join(thread, nil)
    if let result { return result }
    return body(stackLimit(size: 8 << 20))
  }

  /// The guard address for a stack of `size` bytes whose top is near the current position.
  static func stackLimit(size: Int) -> UInt {
    var marker: UInt8 = 0
    let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    let usable = UInt(size) - max(margin, UInt(size) / 8)
    return here > usable ? here - usable : 0
  }

  /// Whether the current stack position is below `limit`.
  @inline(__always)
  static func below(_ limit: UInt) -> Bool {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } < limit
  }

  /// Throws when the current stack position is below `limit`.
  @inline(__always)
  static func check(limit: UInt, op: String) throws {
    if below(limit) {
      throw RuntimeError("\(op): stack exhausted (nesting too deep)")
    }
  }
}
