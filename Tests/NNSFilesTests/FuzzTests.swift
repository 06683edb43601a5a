// Fuzzing: truncated and corrupted copies of valid files load or fail cleanly, never crash.

import NNSTensor
import Testing

@testable import NNSFiles

@Suite("fuzz")
struct FuzzTests {
  /// The formats fuzzed, each with valid seed files and its decoder.
  enum Format: String, CaseIterable {
    case npy, safetensors, json, csv

    func seeds() throws -> [[UInt8]] {
      func read(_ name: String) throws -> [UInt8] {
        try FileSystem.readFile(fixture(name), op: "load")
      }
      switch self {
      case .npy:
        return [
          try read("f4_2x3.npy"), try read("fortran_f4_2x3x4.npy"), try read("v2_f8_2x2.npy"),
          try read("be_i4_6.npy"), try read("b1_2x2.npy"), try read("f8_scalar.npy"),
        ]
      case .safetensors:
        return [try read("mixed.safetensors"), try read("bf16.safetensors")]
      case .json:
        return [
          try read("python.json"),
          Array(
            try JSONFormat.encode(
              .record([
                ("W", .tensor(try Tensor(shape: [2, 2], floats: [1, 2, 3, 4]))),
                ("s", .string("a\"\\\u{1}ü")), ("l", .list([.none, .bool(true), .number(-1e-5)])),
              ])
            ).utf8),
        ]
      case .csv:
        return [Array("a,\"b,c\",d\r\n1,2.5,-3e4\r\n\"4\",nan,\n7,8,9\n".utf8)]
      }
    }

    /// Decodes, returning the thrown error or nil.
    func decode(_ bytes: [UInt8]) -> (any Error)? {
      do {
        switch self {
        case .npy: _ = try NPY.decode(bytes, file: "f")
        case .safetensors: _ = try Safetensors.decode(bytes, file: "f")
        case .json: _ = try JSONFormat.decode(bytes, file: "f")
        case .csv: _ = try CSV.decode(bytes)
        }
        return nil
      } catch {
        return error
      }
    }
  }

  @Test(
    "500 truncations and byte flips per format load or fail with a FileError",
    arguments: Format.allCases)
  func mutations(format: Format) throws {
    var rng = SplitMix(state: UInt64(format.rawValue.utf8.count) * 7919)
    let seeds = try format.seeds()
    var failures = 0
    for case_ in 0..<500 {
      var bytes = seeds[case_ % seeds.count]
      switch case_ % 4 {
      case 0:
        bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
      case 1, 2:
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
          bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(
            in: 0...255, using: &rng)
        }
      default:
        // Interesting values in the length fields and headers: 0xFF and digit runs.
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        let fills: [UInt8] = [0xFF, 0x39, 0x00, 0x7F]
        let fill = fills[Int.random(in: 0..<fills.count, using: &rng)]
        let end = min(bytes.count, at + Int.random(in: 1...12, using: &rng))
        for i in at..<end { bytes[i] = fill }
      }
      if let error = format.decode(bytes) {
        failures += 1
        #expect(error is FileError, "\(type(of: error)): \(error)")
        let message = "\(error)"
        #expect(message.hasPrefix("load: 'f': ") || message.hasPrefix("load_csv: "), "\(message)")
      }
    }
    // Most corruptions must be detected; a fuzzer that never fails tests nothing.
    #expect(failures > 100)
  }

  @Test("every prefix of a valid .npy and .safetensors file is an error except the whole")
  func everyPrefix() throws {
    for (format, name) in [(Format.npy, "f4_2x3.npy"), (.safetensors, "mixed.safetensors")] {
      let bytes = try FileSystem.readFile(fixture(name), op: "load")
      for n in 0..<bytes.count {
        #expect(format.decode(Array(bytes.prefix(n))) is FileError, "\(name) prefix \(n)")
      }
      #expect(format.decode(bytes) == nil)
    }
  }
}
