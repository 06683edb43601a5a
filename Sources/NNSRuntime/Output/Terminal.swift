#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Terminal and standard-input queries for the executable and the REPL.
public enum Terminal {
  /// Whether standard input is a terminal.
  public static var stdinIsTerminal: Bool { isatty(0) == 1 }

  /// Reads all of standard input.
  public static func readStdin() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
  }
}
