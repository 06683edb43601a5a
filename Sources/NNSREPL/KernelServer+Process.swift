import NNSRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The process that started `nns kernel serve` (the kernel's bridge), watched so that the
/// server never outlives it.
nonisolated(unsafe) private var kernelParent: pid_t = 0

extension KernelServer {
  /// `nns kernel serve`: serves the protocol on standard input and output until the end of
  /// input, `exit(n)` or `:quit`.
  ///
  /// The protocol keeps standard output to itself: the descriptor is duplicated for it and
  /// standard output then points at standard error, so nothing else can break a line of it.
  /// SIGINT is the REPL's Ctrl-C. When the bridge that started the server goes away (killed,
  /// say, while a cell runs), the server exits within 0.2 s.
  /// - Parameters:
  ///   - width: the output width.
  ///   - progressBar: `fit`'s progress as one updating line.
  /// - Returns: the exit status.
  public static func serve(width: Int, progressBar: Bool) -> Int32 {
    let protocolOut = dup(1)
    guard protocolOut >= 0 else {
      FDWriter.stderr.write("nns kernel serve: cannot set up standard output\n")
      FDWriter.stderr.flush()
      return 1
    }
    dup2(2, 1)
    InterruptSignal.install()
    signal(SIGPIPE, SIG_IGN)
    watchParent()
    let server = KernelServer(width: width, progressBar: progressBar) { line in
      if !writeAll(protocolOut, line + "\n") { _exit(0) }  // the bridge is gone
    }
    var reader = LineReader(fd: 0)
    return server.run { reader.next() }
  }

  /// Starts a thread that ends the process once its parent has gone (it is re-parented).
  static func watchParent() {
    kernelParent = getppid()
    var thread = pthread_t()
    let rc = pthread_create(
      &thread, nil,
      { _ in
        while getppid() == kernelParent { usleep(200_000) }
        _exit(0)
      }, nil)
    if rc == 0 { pthread_detach(thread) }
  }

  /// Writes all of `text` to a descriptor.
  /// - Returns: false when the descriptor cannot take it (the reader is gone).
  static func writeAll(_ fd: Int32, _ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { raw -> Int in
        guard let base = raw.baseAddress else { return -1 }
        return write(fd, base + offset, raw.count - offset)
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }
}

/// Reads lines from a descriptor (invalid UTF-8 is replaced), with a `\r` before a `\n` dropped.
struct LineReader {
  let fd: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false

  init(fd: Int32) { self.fd = fd }

  /// The next line without its newline, or nil at the end of input (a last line without a
  /// newline is still returned).
  mutating func next() -> String? {
    while true {
      if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
        var end = newline
        if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: buffer[start..<end], as: UTF8.self)
        start = newline + 1
        return line
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        let line = String(decoding: buffer[start...], as: UTF8.self)
        start = buffer.count
        return line
      }
      if start > 0 {
        buffer.removeFirst(start)
        start = 0
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 {
        atEnd = true
      } else {
        buffer.append(contentsOf: chunk[..<n])
      }
    }
  }
}
