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
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { throw systemError(op, "cannot open", path) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw systemError(op, "cannot read", path) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError("\(op): cannot read '\(path)': it is a directory")
    }
    // Only regular files have a size known before reading: a device (`/dev/zero`), FIFO or
    // socket could send bytes without end.
    if (info.st_mode & S_IFMT) != S_IFREG {
      throw FileError("\(op): cannot read '\(path)': it is not a regular file (\(kindName(info)))")
    }
    let size = Int(info.st_size)
    guard size <= limit else {
      throw FileError("\(op): '\(path)' is too large (\(size) bytes, the limit is \(limit))")
    }
    if size >= 1 << 24 {
      // the bytes are held in memory: ask malloc first (Swift's allocator stops the process)
      guard let probe = mallocProbe(size + 64) else {
        throw FileError("\(op): '\(path)' does not fit in memory (\(size) bytes)")
      }
      free(probe)
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
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

  /// `malloc`, called through a variable the optimiser cannot see through (see
  /// `Tensor.mallocProbe`: a visible `free(malloc(n))` is removed in release builds).
  nonisolated(unsafe) public static var mallocProbe:
    @convention(c) (Int) -> UnsafeMutableRawPointer? = { malloc($0) }

  /// Called between writing the temporary file and renaming it (tests make it fail there).
  nonisolated(unsafe) static var beforeRename: () throws -> Void = {}

  /// Replaces (or creates) a file with `bytes`, atomically (docs/FILES.md, "Writing files").
  ///
  /// Writes a temporary file in the same folder, flushes it to disk and renames it over `path`,
  /// so readers see the old file or the new one, never a part; a failure leaves any existing file
  /// untouched and removes the temporary file. A symbolic link at `path` is followed: its
  /// target, which must be a regular file or not exist, is replaced and the link stays a link.
  /// An existing file keeps its permission bits (and its owner where the system allows).
  /// Refused: a directory, device, FIFO or socket (or a link to one), a dangling link or a
  /// link loop, a read-only file, and the file this process's standard output or error goes
  /// to. `/dev/stdout` and `/dev/stderr` (and `/dev/fd/1`, `/dev/fd/2`) are written through
  /// to those streams instead.
  ///
  /// - Parameters:
  ///   - path: the destination.
  ///   - bytes: the whole new contents.
  ///   - op: the operation for error messages (`save`, `save_csv`).
  /// - Throws: `FileError` naming the path when any step fails.
  public static func writeAtomically(_ path: String, _ bytes: [UInt8], op: String) throws {
    guard !path.isEmpty else { throw FileError("\(op): the path is empty") }
    if let stream = standardStream(path) {
      try writeAll(stream, bytes, op: op, path: path)
      return
    }
    let target = try resolvedTarget(path, op: op)
    let (dir, base) = splitPath(target)
    var old = stat()
    let exists = stat(target, &old) == 0
    if exists {
      try checkReplaceable(old, path: path, op: op)
      if access(target, W_OK) != 0 || (old.st_mode & 0o222) == 0 {
        throw FileError("\(op): cannot write '\(path)': the file is read-only")
      }
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
      if exists {
        _ = fchmod(fd, old.st_mode & 0o7777)
        _ = fchown(fd, old.st_uid, old.st_gid)  // works for root; others keep their own
      }
      try writeAll(fd, bytes, op: op, path: path)
      guard fsync(fd) == 0 else { throw systemError(op, "cannot write", path) }
    } catch {
      close(fd)
      throw error
    }
    guard close(fd) == 0 else { throw systemError(op, "cannot write", path) }
    try beforeRename()
    guard rename(temp, target) == 0 else { throw systemError(op, "cannot write", path) }
    ok = true
    syncDirectory(dir.isEmpty ? "." : dir)
  }

  /// The descriptor `path` names when it is one of this process's output streams.
  private static func standardStream(_ path: String) -> Int32? {
    switch path {
    case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1": return 1
    case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2": return 2
    default: return nil
    }
  }

  /// Throws unless an existing file may be replaced: a regular file that is not where this
  /// process's standard output or error goes (replacing it would lose what was printed).
  private static func checkReplaceable(_ info: stat, path: String, op: String) throws {
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError("\(op): cannot write '\(path)': it is a directory")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw FileError("\(op): cannot write '\(path)': it is \(kindName(info)), not a regular file")
    }
    for fd: Int32 in [1, 2] {
      var stream = stat()
      if fstat(fd, &stream) == 0 && stream.st_dev == info.st_dev && stream.st_ino == info.st_ino {
        throw FileError(
          "\(op): cannot write '\(path)': it is where standard \(fd == 1 ? "output" : "error") "
            + "goes (use /dev/\(fd == 1 ? "stdout" : "stderr") to write to the stream)")
      }
    }
  }

  /// What kind of file `info` describes, for messages (`a directory`, `a FIFO`, ...).
  static func kindName(_ info: stat) -> String {
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return "a directory"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFIFO: return "a FIFO"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    case S_IFREG: return "a regular file"
    default: return "a special file"
    }
  }

  /// Whether two paths name the same existing file (same device and inode).
  public static func sameFile(_ a: String, _ b: String) -> Bool {
    var x = stat()
    var y = stat()
    guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
    return x.st_dev == y.st_dev && x.st_ino == y.st_ino
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
  /// A dangling link or a loop is an error: replacing it with a file would lose the link.
  private static func resolvedTarget(_ path: String, op: String) throws -> String {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
    guard let real = realpath(path, nil) else {
      if errno == ELOOP {
        throw FileError("\(op): cannot write '\(path)': a loop of symbolic links")
      }
      throw FileError(
        "\(op): cannot write '\(path)': a symbolic link to a missing file (a dangling link)")
    }
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
