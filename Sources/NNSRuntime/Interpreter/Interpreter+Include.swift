#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSSyntax

extension Interpreter {
  /// Runs `include "path"`: the file, relative to the including file's directory, runs in the
  /// global scope.
  func include(_ path: String, from including: Source) throws -> Value {
    guard includeDepth < 64 else {
      throw RuntimeError("include: too deeply nested (an include cycle?) at '\(path)'")
    }
    let resolved = Files.resolve(path, relativeTo: including.name)
    let bytes = try Files.read(resolved, op: "include")
    let source = Source(name: resolved, bytes: bytes)
    let parsed = Parser.parse(source)
    if let first = parsed.diagnostics.first {
      var e = RuntimeError(first.message)
      e.range = first.range
      e.source = source
      throw e
    }
    includeDepth += 1
    defer { includeDepth -= 1 }
    let code = try Compiler(interpreter: self, source: source)
      .compileTopLevel(parsed.statements, display: false)
    return try code(Frame(count: 0, parent: nil))
  }
}

/// File access without Foundation.
public enum Files {
  /// The largest file nns reads (1 GiB).
  static let maxBytes = 1 << 30

  /// Resolves `path` against the directory of `base` (a file path); absolute paths stay.
  public static func resolve(_ path: String, relativeTo base: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let slash = base.lastIndex(of: "/") else { return path }
    return String(base[...slash]) + path
  }

  /// Reads a whole file.
  /// - Throws: `RuntimeError` naming the operation and the path.
  public static func read(_ path: String, op: String) throws -> [UInt8] {
    // O_NONBLOCK: opening a FIFO nobody writes to must not wait (reading it then gives
    // nothing); a pipe (`nns <(cmd)`) or a regular file reads as usual.
    guard !path.utf8.contains(0) else { throw RuntimeError("\(op): cannot open '\(path)'") }
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw RuntimeError("\(op): cannot open '\(path)'") }
    var info = stat()
    let kind = fstat(fd, &info) == 0 ? info.st_mode & S_IFMT : 0
    guard kind == S_IFREG || kind == S_IFIFO, let file = fdopen(fd, "rb") else {
      close(fd)
      let what = kind == S_IFDIR ? "a directory" : "not a regular file or a pipe"
      throw RuntimeError("\(op): cannot read '\(path)': it is \(what)")
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
      if bytes.count > maxBytes { throw RuntimeError("\(op): '\(path)' is too large") }
      if n < chunk.count {
        if ferror(file) != 0 { throw RuntimeError("\(op): cannot read '\(path)'") }
        break
      }
    }
    return bytes
  }
}
