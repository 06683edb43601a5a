#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSFiles

/// Small file-system helpers for notebooks and tutorials (no Foundation).
enum TextFile {
  /// A file problem, with a lowercase message naming the operation and the path.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Writes text to a file as `save` does (`FileSystem.writeAtomically`): through a temporary
  /// file in the same folder, renamed into place, so a failed write never changes the file;
  /// links are written through, and special or read-only files refused.
  /// - Throws: `Failure` naming `op` and the path.
  static func write(_ text: String, to path: String, op: String) throws {
    guard !path.utf8.contains(0) else {
      throw Failure(description: "\(op): cannot write '\(path)'")
    }
    do { try FileSystem.writeAtomically(path, Array(text.utf8), op: op) } catch {
      throw Failure(description: "\(error)")
    }
  }

  /// The names in a directory (without `.` and `..`), sorted, or nil when it cannot be read.
  static func names(in directory: String) -> [String]? {
    guard let dir = opendir(directory) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// Whether a path names a directory.
  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Creates a directory (and its parents) when missing.
  static func makeDirectories(_ path: String) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + part
      if !isDirectory(prefix) { mkdir(prefix, 0o755) }
    }
  }

  /// The directory part of a path (`.` when it has none).
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let dir = String(path[..<slash])
    return dir.isEmpty ? "/" : dir
  }

  /// The last component of a path.
  static func baseName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// The current working directory, or nil.
  static func currentDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(cString: buffer)
  }

  /// A path made absolute against the current directory.
  static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let cwd = currentDirectory() else { return path }
    return cwd == "/" ? "/" + path : cwd + "/" + path
  }

  /// Whether two paths name the same existing file (the same device and inode), or are the
  /// same path once made absolute.
  static func sameFile(_ a: String, _ b: String) -> Bool {
    if absolute(a) == absolute(b) { return true }
    var x = stat()
    var y = stat()
    guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
    return x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// The running executable's path (Linux: `/proc/self/exe`), or nil.
  static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return CommandLine.arguments.first.map(absolute) }
    return String(cString: buffer)
  }
}
