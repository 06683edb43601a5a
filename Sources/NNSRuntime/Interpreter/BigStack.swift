#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSTensor
import Synchronization

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
    let worker: Worker
    init(_ body: @escaping () -> Void, _ worker: Worker) {
      self.body = body
      self.worker = worker
    }
  }

  /// How a run ended: with the body's result, or left behind by a forced interrupt.
  enum Outcome<T> {
    /// The body finished on its thread.
    case finished(T)
    /// A second Ctrl-C (`Interrupt.forced`) stopped the wait; the body still runs on the
    /// worker, whose output is dropped (see `FDWriter`), until its next interrupt check.
    case abandoned(Worker)
  }

  /// Runs `body` on a fresh big-stack thread and waits for it (inline if the thread cannot be
  /// made). `body` receives the lowest stack address nns code may reach.
  static func run<T>(_ body: @escaping (UInt) -> T) -> T {
    switch run(abandonable: false, body) {
    case .finished(let value): return value
    case .abandoned: return body(stackLimit(size: 8 << 20))  // unreachable: not abandonable
    }
  }

  /// Runs `body` on a fresh big-stack thread and waits for it. With `abandonable`, the wait
  /// ends early when `Interrupt.forced` is set (the REPL's second Ctrl-C within a second):
  /// the caller gets the worker back at once and must not touch the interpreter until
  /// `Worker.wait` says the body has finished.
  /// - Parameters:
  ///   - abandonable: whether a forced interrupt may end the wait.
  ///   - body: the work; receives the lowest stack address nns code may reach.
  /// - Returns: the body's result, or the abandoned worker.
  static func run<T>(abandonable: Bool, _ body: @escaping (UInt) -> T) -> Outcome<T> {
    let result = ResultBox<T>()
    let worker = Worker()
    let job = Job({ result.value = body(stackLimit(size: size)) }, worker)
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
        job.worker.finish()
        return nil
      }, context)
    if rc != 0 {
      Unmanaged<Job>.fromOpaque(context).release()
      return .finished(body(stackLimit(size: 8 << 20)))
    }
    if abandonable {
      while !worker.wait(seconds: 0.01) {
        if Interrupt.forced.load(ordering: .relaxed) {
          Interrupt.forced.store(false, ordering: .relaxed)
          FDWriter.abandon(thread)
          pthread_detach(thread)
          return .abandoned(worker)
        }
      }
    }
    pthread_join(thread, nil)
    if let value = result.value { return .finished(value) }
    return .finished(body(stackLimit(size: 8 << 20)))
  }

  /// Where the worker leaves its result.
  private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
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

/// A thread running interpreter code; after a forced interrupt the REPL keeps it to wait for.
public final class Worker: @unchecked Sendable {
  private let finished = Atomic<Bool>(false)
  private let semaphore: UnsafeMutablePointer<sem_t>

  init() {
    semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    sem_init(semaphore, 0, 0)
  }

  deinit {
    sem_destroy(semaphore)
    semaphore.deallocate()
  }

  /// Called by the thread as its last act.
  func finish() {
    finished.store(true, ordering: .releasing)
    sem_post(semaphore)
  }

  /// Whether the thread has finished.
  public var isFinished: Bool { finished.load(ordering: .acquiring) }

  /// Waits for the thread to finish, at most `seconds`.
  /// - Parameter seconds: the longest wait.
  /// - Returns: whether it has finished.
  public func wait(seconds: Double) -> Bool {
    if isFinished { return true }
    var deadline = timespec()
    clock_gettime(CLOCK_REALTIME, &deadline)
    let nanos = Int(deadline.tv_nsec) + Int(seconds * 1e9)
    deadline.tv_sec += nanos / 1_000_000_000
    deadline.tv_nsec = nanos % 1_000_000_000
    while !isFinished {
      if sem_timedwait(semaphore, &deadline) != 0 && errno == ETIMEDOUT { break }
    }
    return isFinished
  }
}
