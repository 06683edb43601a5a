#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
@testable import NNSRuntime

/// Reads a text file (nil when unreadable).
func readText(_ path: String) -> String? {
  guard let bytes = try? Files.read(path, op: "test") else { return nil }
  return String(decoding: bytes, as: UTF8.self)
}

/// The names in a directory.
func listDirectory(_ path: String) -> [String] {
  guard let dir = opendir(path) else { return [] }
  defer { closedir(dir) }
  var names: [String] = []
  while let entry = readdir(dir) {
    let name = withUnsafePointer(to: entry.pointee.d_name) {
      $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names
}
