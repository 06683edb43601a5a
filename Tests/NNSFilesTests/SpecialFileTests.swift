// Issue 13: reads take only regular files; saves never replace what they should not.

import Foundation
import NNSTensor
import Testing

@testable import NNSFiles

@Suite("special files", .serialized)
struct SpecialFileTests {
  @Test("load and load_csv read only regular files: a link to /dev/zero, a FIFO")
  func readsRefuseSpecialFiles() throws {
    let dir = try TempDir()
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("zero.npy"), withDestinationPath: "/dev/zero")
    #expect(
      errorMessage { _ = try Files.load(dir.file("zero.npy")) }
        == "load: cannot read '\(dir.file("zero.npy"))': it is not a regular file "
        + "(a character device)")
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("zero.csv"), withDestinationPath: "/dev/zero")
    #expect(
      errorMessage { _ = try Files.loadCSV(dir.file("zero.csv")) }
        == "load_csv: cannot read '\(dir.file("zero.csv"))': it is not a regular file "
        + "(a character device)")
    #expect(mkfifo(dir.file("f.json"), 0o644) == 0)
    #expect(
      errorMessage { _ = try Files.load(dir.file("f.json")) }
        == "load: cannot read '\(dir.file("f.json"))': it is not a regular file (a FIFO)")
  }

  @Test("a file over the size limit is refused before it is read")
  func sizeLimitBeforeReading() throws {
    let dir = try TempDir()
    try Files.save(dir.file("a.json"), .list((0..<100).map { .number(Double($0)) }))
    let size = try FileSystem.readFile(dir.file("a.json"), op: "load").count
    #expect(
      errorMessage { _ = try FileSystem.readFile(dir.file("a.json"), op: "load", limit: 10) }
        == "load: '\(dir.file("a.json"))' is too large (\(size) bytes, the limit is 10)")
  }

  @Test("saves refuse devices, FIFOs, dangling links, loops and read-only files")
  func savesRefuse() throws {
    let dir = try TempDir()
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("null.npy"), withDestinationPath: "/dev/null")
    #expect(
      errorMessage { try Files.save(dir.file("null.npy"), .number(1)) }
        == "save: cannot write '\(dir.file("null.npy"))': it is a character device, "
        + "not a regular file")
    #expect(mkfifo(dir.file("f.json"), 0o644) == 0)
    #expect(
      errorMessage { try Files.save(dir.file("f.json"), .number(1)) }
        == "save: cannot write '\(dir.file("f.json"))': it is a FIFO, not a regular file")
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("dangling.json"), withDestinationPath: "missing.json")
    #expect(
      errorMessage { try Files.save(dir.file("dangling.json"), .number(1)) }
        == "save: cannot write '\(dir.file("dangling.json"))': a symbolic link to a missing "
        + "file (a dangling link)")
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("l1.json"), withDestinationPath: "l2.json")
    try FileManager.default.createSymbolicLink(
      atPath: dir.file("l2.json"), withDestinationPath: "l1.json")
    #expect(
      errorMessage { try Files.save(dir.file("l1.json"), .number(1)) }
        == "save: cannot write '\(dir.file("l1.json"))': a loop of symbolic links")
    try Files.save(dir.file("ro.json"), .number(1))
    #expect(chmod(dir.file("ro.json"), 0o444) == 0)
    #expect(
      errorMessage { try Files.save(dir.file("ro.json"), .number(2)) }
        == "save: cannot write '\(dir.file("ro.json"))': the file is read-only")
    #expect(sameTree(try Files.load(dir.file("ro.json")), .number(1)))
    // everything is still what it was, and no temporary file is left
    #expect(
      try dir.listing() == ["dangling.json", "f.json", "l1.json", "l2.json", "null.npy", "ro.json"])
    let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("null.npy"))
    #expect(link == "/dev/null")
    var info = stat()
    #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
  }

  @Test("a save that fails after writing (before the rename) changes nothing")
  func failureBeforeRename() throws {
    let dir = try TempDir()
    try Files.save(dir.file("keep.npy"), .number(1))
    FileSystem.beforeRename = { throw FileError("simulated crash") }
    defer { FileSystem.beforeRename = {} }
    #expect(
      errorMessage { try Files.save(dir.file("keep.npy"), .number(2)) } == "simulated crash")
    FileSystem.beforeRename = {}
    #expect(sameTree(try Files.load(dir.file("keep.npy")), .tensor(Tensor(scalar: 1, dtype: .f32))))
    #expect(try dir.listing() == ["keep.npy"])
  }

  @Test("an existing file keeps its permission bits through a save")
  func keepsMode() throws {
    let dir = try TempDir()
    try Files.save(dir.file("m.json"), .number(1))
    #expect(chmod(dir.file("m.json"), 0o640) == 0)
    try Files.save(dir.file("m.json"), .number(2))
    var info = stat()
    #expect(stat(dir.file("m.json"), &info) == 0 && info.st_mode & 0o777 == 0o640)
  }
}
