/// Help texts: builtins, stdlib functions, user functions with `## ` doc comments, and the
/// language's keywords and operators (`?for`, `?+`), laid out alike and word-wrapped to the
/// output's width. `help(name)`, `:help`, `?name` and `:apropos` all read from here.
public enum Help {
  /// One help entry: what it is called, its first line and its description.
  public struct Entry: Sendable {
    /// The name looked up (`zeros`, `for`, `+`).
    public var name: String
    /// The first line: a signature, or the syntax of a keyword or operator.
    public var header: String
    /// The description (one paragraph).
    public var doc: String
    /// An example, or empty.
    public var example: String

    /// The text `help` prints, wrapped to `width` columns (the description indented by two).
    /// - Parameter width: the output's width.
    public func text(width: Int) -> String {
      // Code lines (the signature, the example) break at spaces too, continuing indented.
      var lines = Help.wrap(header, width: width, indent: "", continuation: "    ")
      lines.append(contentsOf: Help.wrap(doc, width: width, indent: "  "))
      if !example.isEmpty {
        lines.append(
          contentsOf: Help.wrap(
            "example: " + example, width: width, indent: "  ", continuation: "      "))
      }
      return lines.joined(separator: "\n")
    }

    /// The first sentence of the description, for `:apropos`.
    public var summary: String {
      guard let end = doc.firstRange(of: ". ") else { return doc }
      return String(doc[..<end.lowerBound]) + "."
    }
  }

  /// The entry for a name: a keyword or operator, a builtin, a stdlib function, or a user
  /// function (its `## ` comment, if it has one).
  /// - Parameters:
  ///   - topic: the name, keyword or operator.
  ///   - interpreter: the session whose globals are searched.
  /// - Returns: the entry, or nil when nothing has that name.
  public static func entry(_ topic: String, in interpreter: Interpreter) -> Entry? {
    if let b = Builtins.named(topic) { return entry(b) }
    if let value = interpreter[global: topic] { return entry(value, name: topic) }
    return language.first { $0.name == topic }
  }

  /// The entry of a function value (builtin, stdlib or user-defined).
  static func entry(_ value: Value, name: String) -> Entry? {
    switch value {
    case .builtin(let b): return entry(b)
    case .closure(let c):
      if c.isStdlib(c.name), let doc = Stdlib.docs[c.name] {
        return Entry(name: c.name, header: doc.signature, doc: doc.doc, example: doc.example)
      }
      return Entry(
        name: name, header: c.header, doc: c.doc ?? "A user-defined function.",
        example: c.example ?? "")
    default: return nil
    }
  }

  /// A builtin's entry.
  static func entry(_ b: Builtin) -> Entry {
    Entry(name: b.name, header: b.signature, doc: b.doc, example: b.example)
  }

  /// Every entry: builtins, stdlib functions, the user's functions, keywords and operators,
  /// for `:apropos`. Internal `_` names are left out.
  public static func all(in interpreter: Interpreter) -> [Entry] {
    var entries = Builtins.table.filter { !$0.name.hasPrefix("_") }.map(entry)
    entries += Stdlib.docs.values.sorted { $0.name < $1.name }.map {
      Entry(name: $0.name, header: $0.signature, doc: $0.doc, example: $0.example)
    }
    for (name, value) in interpreter.userGlobals {
      if case .closure = value, let e = entry(value, name: name) { entries.append(e) }
    }
    return entries + language
  }

  /// Words of `text` on lines of at most `width` columns, the first starting with `indent`,
  /// the others with `continuation` (`indent` when nil); a word longer than a line gets a
  /// line of its own.
  public static func wrap(
    _ text: String, width: Int, indent: String, continuation: String? = nil
  ) -> [String] {
    var lines: [String] = []
    var current = ""
    var prefix = indent
    // Runs of spaces survive (a keyword's forms stand apart), except where a line breaks.
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      if current.isEmpty {
        current = String(word)
      } else if prefix.count + current.count + 1 + word.count <= max(width, 20) {
        current += " " + word
      } else {
        lines.append(prefix + current)
        prefix = continuation ?? indent
        current = String(word)
      }
    }
    if !current.isEmpty { lines.append(prefix + current) }
    return lines
  }

  /// The keywords and operators (SPEC §1, §3, §4).
  public static let language: [Entry] = keywords + operators

  static let keywords: [Entry] = [
    Entry(
      name: "fn", header: "fn name(a, b = 1) = expr    fn name(a) { body }    fn(x) = expr",
      doc: "Defines a function (a closure over the scopes around it). Parameters with a "
        + "default come last; callers may name any argument (name: value). A block's value "
        + "is its last expression, or what return gives. `## ` comment lines right above a "
        + "named fn are its help text.",
      example: "fn scale(x, k = 2) = x * k"),
    Entry(
      name: "if", header: "if cond { ... } else if cond { ... } else { ... }",
      doc: "Runs the first block whose condition is true (a one-element value, non-zero is "
        + "true). It is an expression: its value is the value of the block that ran.",
      example: "y = if a > b { a } else { b }"),
    Entry(
      name: "else", header: "if cond { ... } else { ... }",
      doc: "The block an if runs when no condition held; `else if` chains another test.",
      example: "if x > 0 { 1 } else { -1 }"),
    Entry(
      name: "while", header: "while cond { body }",
      doc: "Runs the body as long as the condition (a one-element value) is true. break leaves "
        + "the loop, continue starts the next round; Ctrl-C stops it.",
      example: "while n > 1 { n = n / 2 }"),
    Entry(
      name: "for", header: "for x in expr { body }    for i, x in enumerate(l) { body }",
      doc: "Runs the body once per element of a list, per row (first-axis slice) of a "
        + "tensor, or per integer (i64) of range(...) (a loop over a range builds no tensor). "
        + "Several names unpack each element.",
      example: "for i in range(3) { print(i) }"),
    Entry(
      name: "in", header: "for x in expr { body }",
      doc: "Separates a for loop's names from what it iterates.",
      example: "for row in eye(2) { print(row) }"),
    Entry(
      name: "return", header: "return expr",
      doc: "Leaves the function being run with a value (none without one).",
      example: "fn sign(x) { if x < 0 { return -1 }; 1 }"),
    Entry(
      name: "break", header: "break",
      doc: "Leaves the innermost while or for loop.",
      example: "while true { break }"),
    Entry(
      name: "continue", header: "continue",
      doc: "Starts the next round of the innermost while or for loop.",
      example: "for i in range(5) { if i % 2 == 0 { continue }; print(i) }"),
    Entry(
      name: "and", header: "a and b",
      doc: "True when both one-element values are true; b is not evaluated when a is false. "
        + "For element-wise logic on masks use where, or * on their 0/1 values.",
      example: "x > 0 and x < 1"),
    Entry(
      name: "or", header: "a or b",
      doc: "True when either one-element value is true; b is not evaluated when a is true.",
      example: "x < 0 or x > 1"),
    Entry(
      name: "not", header: "not a",
      doc: "True when the one-element value is false (zero). Element-wise on tensors: "
        + "not(mask) gives a bool tensor.",
      example: "not (1 > 2)"),
    Entry(
      name: "true", header: "true    false",
      doc: "The bool values. Arithmetic treats them as 1 and 0, so sum(x > 0) counts.",
      example: "mean([true, false, true])"),
    Entry(
      name: "false", header: "true    false",
      doc: "The bool values. Arithmetic treats them as 1 and 0, so sum(x > 0) counts.",
      example: "false or true"),
    Entry(
      name: "none", header: "none",
      doc: "The absence of a value: what a statement, print or a missing field gives.",
      example: "x = none"),
    Entry(
      name: "include", header: "include \"path.nns\"",
      doc: "Runs a file in the global scope; the path is relative to the including file's "
        + "folder.",
      example: "include \"helpers.nns\""),
  ]

  static let operators: [Entry] = [
    op(
      "+", "a + b",
      "Adds element-wise with numpy broadcasting; joins two strings; maps over "
        + "records and lists of the same structure (params + grads).", "[1, 2] + 10"),
    op("-", "a - b    -a", "Subtracts element-wise with broadcasting, or negates.", "x - mean(x)"),
    op(
      "*", "a * b", "Multiplies element-wise with broadcasting (@ is the matrix product).",
      "[1, 2] * [3, 4]"),
    op("/", "a / b", "Divides element-wise with broadcasting (true division).", "x / len(x)"),
    op(
      "%", "a % b", "Floor modulo, as numpy: the result has the divisor's sign (-7 % 3 is 2).",
      "range(6) % 3"),
    op(
      "^", "a ^ b",
      "Power, right-associative: -x^2 is -(x^2) and 2^3^2 is 2^9; the right "
        + "operand may carry a sign (2^-1).", "2 ^ 10"),
    op(
      "@", "A @ B",
      "The matrix product with numpy's rules: vectors give a dot product, "
        + "matrices a product, higher ranks batch over the leading axes.", "eye(2) @ [1, 2]"),
    op(
      "==", "a == b    a != b",
      "Element-wise on tensors (bool tensors); strings, lists and "
        + "records compare as a whole and give one bool.", "x.shape == [2, 3]"),
    op(
      "!=", "a != b",
      "Not equal: element-wise on tensors, as a whole on strings, lists and "
        + "records.", "[1, 2] != [1, 3]"),
    op(
      "<", "a < b    a <= b    a > b    a >= b",
      "Compare element-wise, giving bool tensors "
        + "(a mask for x[mask] or where); strings compare alphabetically.", "x[x > 0]"),
    op("<=", "a <= b", "Less than or equal, element-wise.", "x <= 1"),
    op(">", "a > b", "Greater than, element-wise.", "sum(x > 0)"),
    op(">=", "a >= b", "Greater than or equal, element-wise.", "x >= 0"),
    op(
      "=", "x = expr    a, b = expr    x[i] = v    r.f = v",
      "Binds a name (or unpacks a list, "
        + "or a tensor along its first axis); an index or field on the left replaces that part "
        + "of the value bound to the name (value semantics: other names keep theirs).",
      "a, b = [1, 2]"),
    op(
      "+=", "x += e    x -= e    x *= e    x /= e",
      "Updates a name (or an indexed part) "
        + "with the operator.", "n += 1"),
    op(
      "[", "x[i]    x[i, j]    x[a:b:step]    x[[0, 2]]    x[mask]    x[..., 0]",
      "Indexing, 0-based: "
        + "negative indices count from the end, slices, a list or tensor of indices gathers, "
        + "a bool mask selects; ... stands for as many : as needed (at most one per index).",
      "x[1:3, :]"),
    op(
      ":", "a:b:step", "A slice inside an index; each part may be left out (x[:2], x[::2]).",
      "x[::-1]"),
    op(
      ".", "r.name    x.shape",
      "A record's field, or a tensor's property (shape, ndim, "
        + "size, T, dtype).", "x.T"),
    op(
      "{", "{w: x, b: y}    {w, b}",
      "A record (ordered named fields); {w, b} is short for "
        + "{w: w, b: b}. Blocks follow only if, else, while, for and fn headers.",
      "{lr: 0.1, steps: 100}"),
    op(
      ";", "a; b", "Ends a statement; at the end of a REPL input it hides the value.",
      "x = 1; y = 2;"),
    op(
      "#", "# comment",
      "A comment to the end of the line; `# %%` starts a notebook cell and "
        + "`## ` lines document the fn below them.", "x = 1  # one"),
    op(
      "\"", "\"text {expr} {x:.3f}\"",
      "A string; {expr} interpolates a value, with an "
        + "optional spec [width][.precision][f|e|g]. Escapes: \\n \\t \\\" \\\\ \\{ \\}.",
      "\"loss {l:.4f}\""),
  ]

  static func op(_ name: String, _ header: String, _ doc: String, _ example: String) -> Entry {
    Entry(name: name, header: header, doc: doc, example: example)
  }
}
