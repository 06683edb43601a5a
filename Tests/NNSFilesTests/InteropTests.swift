// Interop: files written here are read by numpy, safetensors and json in Python.

import Foundation
import NNSTensor
import Testing

@testable import NNSFiles

/// Runs a command, returning its exit status and combined output.
func run(_ arguments: [String]) -> (Int32, String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  do {
    try process.run()
  } catch {
    return (-1, "\(error)")
  }
  let output = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Whether python3 with numpy and safetensors is installed (else the interop test is skipped).
let pythonWithNumpy: Bool = run(["python3", "-c", "import numpy, safetensors"]).0 == 0

@Suite("interop")
struct InteropTests {
  @Test(
    "numpy, safetensors and json read what nns writes",
    .enabled(
      if: pythonWithNumpy,
      "needs python3 with numpy and safetensors (pip install numpy safetensors)"))
  func pythonReadsOurFiles() throws {
    let dir = try TempDir()
    let ramp = try Tensor(shape: [2, 3], floats: (0..<6).map { Float($0) * 0.5 - 1 })
    let doubles = try Tensor(shape: [6], doubles: [0.1, 1.0 / 3, -0.0, .nan, .infinity, 5e-324])
    let mask = try Tensor(shape: [2, 2], values: [1, 0, 0, 1], dtype: .bool)
    try Files.save(dir.file("f32.npy"), .tensor(ramp))
    try Files.save(dir.file("f64.npy"), .tensor(doubles))
    try Files.save(dir.file("bool.npy"), .tensor(mask))
    let ints = try Tensor(shape: [2, 2], int64s: [.min, -1, (1 << 53) + 1, .max])
    try Files.save(dir.file("i64.npy"), .tensor(ints))
    try Files.save(dir.file("scalar.npy"), .tensor(Tensor(scalar: 2.5, dtype: .f32)))
    try Files.save(dir.file("empty.npy"), .tensor(try Tensor.zeros([2, 0], dtype: .f64)))
    try Files.save(dir.file("transposed.npy"), .tensor(try transpose(ramp, nil)))
    try Files.save(
      dir.file("model.safetensors"),
      .record([
        ("weight", .tensor(ramp)), ("bias", .tensor(doubles)),
        ("flags", .tensor(try Tensor(shape: [3], values: [1, 0, 1], dtype: .bool))),
        ("ids", .tensor(ints)),
        ("layers", .list([.record([("W", .tensor(try Tensor(shape: [1, 1], floats: [1.5])))])])),
      ]))
    try Files.saveSafetensors(
      dir.file("meta.safetensors"),
      Safetensors.Contents(
        tensors: [("x", try Tensor(shape: [2], doubles: [1, 2]))],
        metadata: [("format", "np"), ("by", "nns")]))
    let metaBack = try Files.loadSafetensors(dir.file("meta.safetensors"))
    #expect(metaBack.metadata.map(\.1) == ["np", "nns"])
    try Files.save(
      dir.file("tree.json"),
      .record([
        ("W", .tensor(ramp)),
        ("mask", .tensor(try Tensor(shape: [2], values: [1, 0], dtype: .bool))),
        ("name", .string("net \"1\" ü")), ("lr", .number(0.001)), ("none", .none),
        ("flag", .bool(false)), ("f32", .tensor(Tensor(scalar: 0.1, dtype: .f32))),
        ("count", .tensor(ints)),
        ("special", .tensor(try Tensor(shape: [3], doubles: [.nan, .infinity, -.infinity]))),
        (
          "list",
          .list([.number(1), .string("a"), .tensor(try Tensor(shape: [2], floats: [2, 3]))])
        ),
      ]))
    try Files.saveCSV(dir.file("table.csv"), ramp.cast(.f64))
    let script = fixturesDir + "/verify_interop.py"
    let (status, output) = run(["python3", script, dir.path])
    #expect(status == 0, "\(output)")
    #expect(output == "ok\n", "\(output)")
  }
}
