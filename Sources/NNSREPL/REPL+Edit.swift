import NNSRuntime
import NNSTensor

#if canImport(Glibc)
  import Glibc
#endif

extension REPL {
  /// `:edit [NAME]`: opens the last input (or the definition of the function NAME, with its
  /// `## ` comment) in `$VISUAL`, else `$EDITOR`, else `vi`; when the editor saved the file,
  /// its text runs as a new input (and goes into the history).
  func edit(_ name: String) {
    let text: String
    if name.isEmpty {
      guard let last = lastCode else {
        output.writeError("error: :edit: no input to edit yet (:edit NAME opens a function)\n")
        return
      }
      text = last
    } else {
      session.settle()
      guard case .closure(let c) = interpreter[global: name] ?? .none, c.name == name else {
        let functions = interpreter.userGlobals.compactMap { n, v -> String? in
          if case .closure = v { return n }
          return nil
        }
        output.writeError(
          "error: :edit: '\(name)' is not a function defined in this session"
            + Suggest.hint(for: name, among: functions) + "\n")
        return
      }
      let doc =
        (c.doc.map { "## " + $0 + "\n" } ?? "")
        + (c.example.map { "## example: " + $0 + "\n" } ?? "")
      text = doc + c.definitionText
    }
    guard let edited = REPL.runEditor(on: text + "\n", output: output) else { return }
    let code = edited.trimmingSpaces
    guard !code.isEmpty else {
      output.line("the file is empty: nothing was run")
      return
    }
    editor.addHistory(code)
    evaluate(code)
  }

  /// Writes `text` to a temporary `.nns` file, runs the user's editor on it and reads it back.
  /// - Returns: the saved text, or nil when the editor failed or did not save (said why).
  static func runEditor(on text: String, output: Output) -> String? {
    var template = Array("/tmp/nns-edit-XXXXXX.nns".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buf in
      buf.baseAddress.map { mkstemps($0, 4) } ?? -1
    }
    guard fd >= 0 else {
      output.writeError("error: :edit: cannot make a temporary file\n")
      return nil
    }
    let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { unlink(path) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == bytes.count else {
      output.writeError("error: :edit: cannot write \(path)\n")
      return nil
    }
    let before = modificationTime(path)
    let editor =
      [Environment.get("VISUAL"), Environment.get("EDITOR")].compactMap { $0 }
      .first { !$0.isEmpty } ?? "vi"
    output.flush()
    // Through the shell, so `EDITOR="code -w"` works; the path needs no quoting.
    let status = system("\(editor) \(path)")
    Interrupt.clear()
    guard status == 0 else {
      output.writeError("error: :edit: the editor '\(editor)' failed; nothing was run\n")
      return nil
    }
    guard let after = try? Files.read(path, op: ":edit") else {
      output.writeError("error: :edit: cannot read \(path) back\n")
      return nil
    }
    let newText = String(decoding: after, as: UTF8.self)
    if newText == text && modificationTime(path) == before {
      output.line("not saved: nothing was run")
      return nil
    }
    return newText
  }

  /// A file's modification time in nanoseconds (0 when it cannot be read).
  static func modificationTime(_ path: String) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec
  }
}
