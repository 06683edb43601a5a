// Shared helpers for the NNSFiles tests: temporary folders, fixtures, tensor checks.

import Foundation
import NNSTensor
import Testing

@testable import NNSFiles

/// A fresh temporary folder, removed when the value is released.
final class TempDir {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/nns-files-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// A path inside the folder.
  func file(_ name: String) -> String { path + "/" + name }

  /// The names in the folder, sorted (hidden ones included).
  func listing() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }
}

/// The folder of committed reference files written by make_fixtures.py.
let fixturesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("fixtures").path

/// A committed fixture's path.
func fixture(_ name: String) -> String { fixturesDir + "/" + name }

/// `arange(n) * scale + offset`, the values every fixture holds (see make_fixtures.py).
func ramp(_ n: Int, _ scale: Double = 1, _ offset: Double = 0) -> [Double] {
  (0..<n).map { Double($0) * scale + offset }
}

/// Expects a tensor's dtype, shape and values (compared in f64; NaNs match NaNs).
func expectTensor(
  _ t: Tensor, _ dtype: DType, _ shape: [Int], _ values: [Double],
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(t.dtype == dtype, sourceLocation: sourceLocation)
  #expect(t.shape == shape, sourceLocation: sourceLocation)
  let got = t.toDoubles()
  #expect(got.count == values.count, sourceLocation: sourceLocation)
  for (a, b) in zip(got, values) where !(a == b || (a.isNaN && b.isNaN)) {
    Issue.record("value \(a) != expected \(b)", sourceLocation: sourceLocation)
    return
  }
}

/// The tensor in a tree, or a recorded issue.
func tensorOf(_ tree: FileTree, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tensor
{
  guard case .tensor(let t) = tree else {
    Issue.record("expected a tensor, got \(tree.kindName)", sourceLocation: sourceLocation)
    throw FileError("not a tensor")
  }
  return t
}

/// The message of the FileError that `body` throws, or nil when it does not throw.
func errorMessage(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}

/// Whether two trees hold the same structure and values (tensors by dtype, shape and bits).
func sameTree(_ a: FileTree, _ b: FileTree) -> Bool {
  switch (a, b) {
  case (.none, .none): return true
  case (.bool(let x), .bool(let y)): return x == y
  case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
  case (.string(let x), .string(let y)): return x == y
  case (.tensor(let x), .tensor(let y)):
    guard x.dtype == y.dtype, x.shape == y.shape else { return false }
    if x.dtype == .i64 { return x.toInt64s() == y.toInt64s() }  // exactly, beyond 2^53 too
    return zip(x.toDoubles(), y.toDoubles()).allSatisfy {
      $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN)
    }
  case (.list(let x), .list(let y)):
    return x.count == y.count && zip(x, y).allSatisfy { sameTree($0, $1) }
  case (.record(let x), .record(let y)):
    return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && sameTree($0.1, $1.1) }
  default: return false
  }
}

/// A small deterministic generator (SplitMix64) so fuzz cases are reproducible.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
