// Reading whole files and replacing files atomically.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// File-system access shared by every format: whole-file reads and atomic replacement.
public enum FileSystem {
  /// The largest file a reader will load into memory, in bytes (8 GiB unless changed).
  nonisolated(unsafe) public static var maxFileBytes: Int = 8 << 30

  /// Reads a whole regular file.
  ///
  /// - Parameters:
  ///   - path: the file's path.
  ///   - op: the operation for error messages (`load`, `load_csv`).
  ///   - limit: the largest size accepted, `maxFileBytes` unless given.
  /// - Returns: the file's bytes.
  /// - Throws: `FileError` when the file cannot be opened or read, is a folder, or is larger
  ///   than the limit.
  public static func readFile(_ path: String, op: String, limit: Int = maxFileBytes) throws
    -> [UInt8]
  {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw systemError(op, "cannot open", path) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw systemError(op, "cannot read", path) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError("\(op): cannot read '\(path)': it is a directory")
    }
    let size = Int(info.st_size)
    guard size <= limit else {
      throw FileError("\(op): '\(path)' is too large (\(size) bytes, the limit is \(limit))")
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw systemError(op, "cannot read", path)
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      guard bytes.count <= limit else {
        throw FileError("\(op): '\(path)' is too large (the limit is \(limit) bytes)")
      }
    }
    return bytes
  }

  /// Replaces (or creates) a file with `bytes`, atomically.
  ///
  /// Writes a temporary file in the same folder, flushes it to disk and renames it over `path`,
  /// so readers see the old file or the new one, never a part; a failure leaves any existing file
  /// untouched. A symbolic link at `path` is followed: its target is replaced. An existing file
  /// keeps its permission bits.
  ///
  /// - Parameters:
  ///   - path: the destination.
  ///   - bytes: the whole new contents.
  ///   - op: the operation for error messages (`save`, `save_csv`).
  /// - Throws: `FileError` naming the path when any step fails.
  public static func writeAtomically(_ path: String, _ bytes: [UInt8], op: String) throws {
    guard !path.isEmpty else { throw FileError("\(op): the path is empty") }
    let target = resolvedTarget(path)
    let (dir, base) = splitPath(target)
    var old = stat()
    let exists = stat(target, &old) == 0
    if exists && (old.st_mode & S_IFMT) == S_IFDIR {
      throw FileError("\(op): cannot write '\(path)': it is a directory")
    }
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let temp = (dir.isEmpty ? "" : dir + "/") + ".\(base).\(getpid()).\(suffix).tmp"
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw systemError(op, "cannot write", path) }
    var ok = false
    defer {
      if !ok { unlink(temp) }
    }
    do {
      if exists { _ = fchmod(fd, old.st_mode & 0o7777) }
      try writeAll(fd, bytes, op: op, path: path)
      guard fsync(fd) == 0 else { throw systemError(op, "cannot write", path) }
    } catch {
      close(fd)
      throw error
    }
    guard close(fd) == 0 else { throw systemError(op, "cannot write", path) }
    guard rename(temp, target) == 0 else { throw systemError(op, "cannot write", path) }
    ok = true
    syncDirectory(dir.isEmpty ? "." : dir)
  }

  /// Writes every byte to `fd`, retrying short writes and interruptions.
  private static func writeAll(_ fd: Int32, _ bytes: [UInt8], op: String, path: String) throws {
    try bytes.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let n = write(fd, raw.baseAddress.map { $0 + done }, raw.count - done)
        if n < 0 {
          if errno == EINTR { continue }
          throw systemError(op, "cannot write", path)
        }
        done += n
      }
    }
  }

  /// The path a write should replace: the final target of a symbolic link, else the path.
  private static func resolvedTarget(_ path: String) -> String {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
      let real = realpath(path, nil)
    else { return path }
    defer { free(real) }
    return String(cString: real)
  }

  /// Splits a path into its folder ("" for the current one) and its last component.
  static func splitPath(_ path: String) -> (String, String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    let dir = String(path[..<slash])
    return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
  }

  /// Flushes a folder's entries so a rename survives a crash; failures are ignored.
  private static func syncDirectory(_ dir: String) {
    let fd = open(dir, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
      _ = fsync(fd)
      close(fd)
    }
  }

  /// An error for the current `errno`: `op: what 'path': no such file or directory`.
  static func systemError(_ op: String, _ what: String, _ path: String) -> FileError {
    let code = errno
    var reason = String(cString: strerror(code))
    if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
    return FileError("\(op): \(what) '\(path)': \(reason)")
  }
}
