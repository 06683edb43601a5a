import NNSSyntax

/// The standard library: nns source from `stdlib/*.nns`, embedded in the binary by
/// `scripts/lib/embed-stdlib` (see `Stdlib+Embedded.swift`) and run into every interpreter's
/// global scope at start-up, so its names are at hand everywhere.
///
/// Doc comments: consecutive lines starting with `## ` right before a top-level
/// `fn name(...)` line are that function's `help` text; the line `## example: CODE` gives its
/// example. Functions whose names start with `_` are private helpers (no help needed).
public enum Stdlib {
  /// One stdlib function's help entry.
  public struct Doc: Sendable {
    /// The function's name.
    public var name: String
    /// Its signature as users read it, defaults written `name: value` (`fit(f, epochs: 10)`).
    public var signature: String
    /// The description (the `## ` lines other than the example, joined).
    public var doc: String
    /// The example, or empty when the comment has none.
    public var example: String
    /// The file defining it, e.g. `stdlib/optim.nns`.
    public var file: String

    /// The `help` text, in the builtins' layout.
    public var helpText: String { "\(signature)\n  \(doc)\n  example: \(example)" }
  }

  /// The embedded sources, parsed once per process (start-up parses nothing twice).
  static let parsed: [(Source, [Stmt])] = StdlibEmbedded.files.map {
    let source = Source(name: $0.name, text: $0.text)
    return (source, Parser.parse(source).statements)
  }

  /// The parse diagnostics of the embedded sources (empty when they are sound).
  static var parseDiagnostics: [Diagnostic] {
    StdlibEmbedded.files.flatMap { Parser.parse(Source(name: $0.name, text: $0.text)).diagnostics }
  }

  /// Every documented public stdlib function, by name.
  public static let docs: [String: Doc] = {
    var result: [String: Doc] = [:]
    for file in StdlibEmbedded.files {
      for doc in extractDocs(file.text, file: file.name) { result[doc.name] = doc }
    }
    return result
  }()

  /// The names of all top-level functions and variables the stdlib defines (private ones too).
  public static let names: Set<String> = {
    var result = Set<String>()
    for (_, statements) in parsed {
      for s in statements {
        switch s.kind {
        case .function(let name, _): result.insert(name.name)
        case .assign(let target, _): result.insert(target.name.name)
        default: break
        }
      }
    }
    return result
  }()

  /// Runs the stdlib into an interpreter's globals. A failure is a bug in the shipped
  /// sources (a test guards against it); it is reported on the error output, not fatal.
  /// - Parameter interpreter: the interpreter being set up.
  static func load(into interpreter: Interpreter) {
    for (source, statements) in parsed {
      do {
        _ = try interpreter.execute(statements, source: source)
      } catch {
        interpreter.output.writeError("nns: the stdlib failed to load: \(error.render())\n")
      }
    }
  }

  /// Reads the `## ` doc comments of one source file.
  /// - Parameters:
  ///   - text: the nns source.
  ///   - file: its name, for the entries.
  /// - Returns: one entry per documented top-level `fn`.
  static func extractDocs(_ text: String, file: String) -> [Doc] {
    var docs: [Doc] = []
    var pending: [String] = []
    // A documented `fn` line whose parameters go on over the next lines (at most 3 more).
    var opened: (text: String, lines: Int)?
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(raw)
      var continued = 0
      if let start = opened {
        line = start.text + " " + line.drop { $0 == " " }
        continued = start.lines + 1
        opened = nil
      } else if line.hasPrefix("## ") || line == "##" {
        pending.append(String(line.dropFirst(line == "##" ? 2 : 3)))
        continue
      }
      guard !pending.isEmpty, line.hasPrefix("fn ") else {
        pending = []
        continue
      }
      guard let header = signature(line) else {
        if continued < 3 && line.contains("(") { opened = (line, continued) } else { pending = [] }
        continue
      }
      defer { pending = [] }
      let example = pending.first { $0.hasPrefix("example: ") }.map {
        String($0.dropFirst("example: ".count))
      }
      let prose = pending.filter { !$0.hasPrefix("example: ") }.joined(separator: " ")
      docs.append(
        Doc(
          name: header.name, signature: header.signature, doc: prose, example: example ?? "",
          file: file))
    }
    return docs
  }

  /// The `## ` comment lines right above a line of a source (a user's `fn`): the description
  /// (the lines joined) and the `## example: CODE` line's code.
  /// - Parameters:
  ///   - line: the line of the `fn`.
  ///   - source: the source holding it.
  /// - Returns: the doc, or nil when the line above is not a `##` comment.
  static func docComment(above line: Int, in source: Source) -> (text: String, example: String?)? {
    var lines: [String] = []
    var l = line - 1
    while l >= source.firstLine {
      let text = source.lineText(l).drop { $0 == " " || $0 == "\t" }
      guard text.hasPrefix("##") else { break }
      lines.insert(String(text.dropFirst(text.hasPrefix("## ") ? 3 : 2)), at: 0)
      l -= 1
    }
    guard !lines.isEmpty else { return nil }
    let example = lines.first { $0.hasPrefix("example: ") }.map {
      String($0.dropFirst("example: ".count))
    }
    let prose = lines.filter { !$0.hasPrefix("example: ") }.joined(separator: " ")
    return (prose, example)
  }

  /// The name and user-facing signature of an `fn name(a, b = 1) ...` line.
  static func signature(_ line: String) -> (name: String, signature: String)? {
    let rest = line.dropFirst(3)
    guard let open = rest.firstIndex(of: "(") else { return nil }
    let name = String(rest[..<open])
    var depth = 0
    var close: String.Index?
    for i in rest[open...].indices {
      if rest[i] == "(" || rest[i] == "[" { depth += 1 }
      if rest[i] == ")" || rest[i] == "]" { depth -= 1 }
      if depth == 0 {
        close = i
        break
      }
    }
    guard let close, !name.isEmpty else { return nil }
    let params = rest[rest.index(after: open)..<close].replacing(" = ", with: ": ")
    return (name, "\(name)(\(params))")
  }
}

extension Closure {
  /// Whether this is the stdlib's top-level function of that name.
  func isStdlib(_ name: String) -> Bool {
    env == nil && code.name == name && code.source.name.hasPrefix("stdlib/")
  }
}
