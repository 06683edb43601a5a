// save/load dispatch by extension and atomic replacement.

import Foundation
import NNSTensor
import Testing

@testable import NNSFiles

@Suite("save and load")
struct FilesTests {
  @Test("the extension picks the format, in any case")
  func kinds() {
    #expect(Files.Kind(path: "a/b.NPY") == .npy)
    #expect(Files.Kind(path: "w.safetensors") == .safetensors)
    #expect(Files.Kind(path: "./x.y/t.json") == .json)
    #expect(Files.Kind(path: "x.y/t") == nil)
    #expect(Files.Kind(path: ".npy") == nil)
  }

  @Test("unknown or missing extensions are errors that list the known ones")
  func unknown() throws {
    let dir = try TempDir()
    #expect(
      errorMessage { try Files.save(dir.file("a.xyz"), .number(1)) }
        == "save: unknown file type '.xyz' (use .npy, .safetensors or .json)")
    #expect(
      errorMessage { _ = try Files.load("data.csv") }
        == "load: unknown file type '.csv' (use .npy, .safetensors or .json)")
    #expect(
      errorMessage { try Files.save("dir.v2/model", .number(1)) }
        == "save: 'dir.v2/model' has no file extension (use .npy, .safetensors or .json)")
    #expect(
      errorMessage { try Files.save(dir.file(".npy"), .number(1)) }
        == "save: '\(dir.file(".npy"))' has no file extension (use .npy, .safetensors or .json)")
    #expect(try dir.listing().isEmpty)
  }

  @Test(".npy holds one tensor; numbers and bools save as rank 0")
  func npyValues() throws {
    let dir = try TempDir()
    let path = dir.file("x.npy")
    try Files.save(path, .number(2.5))
    expectTensor(try tensorOf(try Files.load(path)), Tensor.defaultFloat, [], [2.5])
    try Files.save(path, .bool(true))
    expectTensor(try tensorOf(try Files.load(path)), .bool, [], [1])
    #expect(
      errorMessage { try Files.save(path, .list([])) }
        == "save: a .npy file holds one tensor, got a list")
  }

  @Test("a failed save leaves the existing file untouched and no temporary files")
  func failedSaveKeepsFile() throws {
    let dir = try TempDir()
    let path = dir.file("w.npy")
    let original = try Tensor(shape: [2], floats: [1, 2])
    try Files.save(path, .tensor(original))
    let before = try FileSystem.readFile(path, op: "load")
    #expect(throws: FileError.self) { try Files.save(path, .string("not a tensor")) }
    #expect(try FileSystem.readFile(path, op: "load") == before)
    #expect(try dir.listing() == ["w.npy"])
  }

  @Test("a save replaces an existing file and keeps its permissions")
  func replaceKeepsMode() throws {
    let dir = try TempDir()
    let path = dir.file("w.json")
    try Files.save(path, .number(1))
    #expect(chmod(path, 0o640) == 0)
    try Files.save(path, .number(2))
    #expect(sameTree(try Files.load(path), .number(2)))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o640)
    #expect(try dir.listing() == ["w.json"])
  }

  @Test("a save through a symbolic link replaces the link's target")
  func symlink() throws {
    let dir = try TempDir()
    try Files.save(dir.file("real.json"), .number(1))
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("link.json"), withDestinationPath: "real.json")
    try Files.save(dir.file("link.json"), .number(2))
    #expect(sameTree(try Files.load(dir.file("real.json")), .number(2)))
    let dest = try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("link.json"))
    #expect(dest == "real.json")
  }

  @Test("write errors name the path: missing folder, a folder in the way")
  func writeErrors() throws {
    let dir = try TempDir()
    let missing = dir.file("no/such/x.json")
    #expect(
      errorMessage { try Files.save(missing, .number(1)) }
        == "save: cannot write '\(missing)': no such file or directory")
    try FileManager.default.createDirectory(
      atPath: dir.file("d.json"), withIntermediateDirectories: false)
    #expect(
      errorMessage { try Files.save(dir.file("d.json"), .number(1)) }
        == "save: cannot write '\(dir.file("d.json"))': it is a directory")
    #expect(
      errorMessage { _ = try Files.load(dir.file("d.json")) }
        == "load: cannot read '\(dir.file("d.json"))': it is a directory")
    #expect(
      errorMessage { _ = try Files.load(dir.file("gone.npy")) }
        == "load: cannot open '\(dir.file("gone.npy"))': no such file or directory")
    #expect(try dir.listing() == ["d.json"])
  }

  @Test("the temporary file goes in the destination's folder")
  func folders() {
    #expect(FileSystem.splitPath("rel.json") == ("", "rel.json"))
    #expect(FileSystem.splitPath("/top.json") == ("/", "top.json"))
    #expect(FileSystem.splitPath("a/b/c.npy") == ("a/b", "c.npy"))
  }

  @Test("empty files are clear errors in every format")
  func emptyFiles() throws {
    let dir = try TempDir()
    for name in ["e.npy", "e.safetensors", "e.json"] {
      #expect(FileManager.default.createFile(atPath: dir.file(name), contents: Data()))
      let message = errorMessage { _ = try Files.load(dir.file(name)) }
      #expect(message?.hasPrefix("load: '\(dir.file(name))': ") == true, "\(message ?? "none")")
    }
  }

  @Test("files over the size limit are refused before reading")
  func sizeLimit() throws {
    let dir = try TempDir()
    try Files.save(dir.file("big.npy"), .tensor(try Tensor.zeros([100], dtype: .f64)))
    #expect(
      errorMessage { _ = try FileSystem.readFile(dir.file("big.npy"), op: "load", limit: 100) }?
        .contains("is too large (928 bytes, the limit is 100)") == true)
  }
}
