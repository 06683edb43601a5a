import NNSSyntax

extension Interpreter {
  /// Runs a script file (a `#!` first line is allowed; the lexer skips it).
  /// - Parameters:
  ///   - path: the file path (also the name errors show).
  ///   - displayValues: show each top-level expression's value.
  /// - Returns: the exit status: 0 on success, 1 after an nns error (already written).
  public func runFile(_ path: String) -> Int32 {
    let bytes: [UInt8]
    do { bytes = try Files.read(path, op: "nns") } catch {
      output.writeError("error: \(error)\n")
      return 1
    }
    return runReporting(Source(name: path, bytes: bytes), displayLast: false)
  }

  /// Runs source text, writing any error through the output layer.
  /// - Parameters:
  ///   - source: the source.
  ///   - displayLast: display the last expression's value (as `nns -e` does).
  /// - Returns: 0 on success, 1 after an error.
  public func runReporting(_ source: Source, displayLast: Bool) -> Int32 {
    do {
      let v = try run(source)
      if displayLast && !v.isNone { output.block(.value, Display.show(v, width: output.width)) }
      output.flush()
      return 0
    } catch {
      if let status = error.exitStatus {
        output.flush()
        return status
      }
      output.writeError(error.render(width: output.errorWidth) + "\n")
      return 1
    }
  }
}

extension Interpreter {
  /// Runs source text given as bytes (stdin, `-e`), writing any error through the output.
  /// - Parameters:
  ///   - bytes: the source (any bytes; invalid UTF-8 is reported as an error).
  ///   - name: the name errors show (`<stdin>`, `<-e>`).
  ///   - displayLast: display the last expression's value.
  /// - Returns: 0 on success, 1 after an error.
  public func runBytes(_ bytes: [UInt8], name: String, displayLast: Bool) -> Int32 {
    runReporting(Source(name: name, bytes: bytes), displayLast: displayLast)
  }
}
