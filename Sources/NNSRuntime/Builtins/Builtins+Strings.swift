import NNSFiles
import NNSTensor

/// Text for character-level models (SPEC §11): reading and writing text files, splitting a
/// string into lines and characters, joining, code points, sorting and distinct elements.
///
/// `chars`, `ord` and `chr` work in Unicode code points, as Python's `list(s)`, `ord` and `chr`
/// do, so `map(ord, chars(s))` works on any text (`"\r\n"` is two items). `len(s)` counts
/// characters as a terminal shows them (a letter and its combining accent are one).
extension Builtins {
  static var strings: [Builtin] {
    [
      Builtin(
        "read_text", [.req("path")],
        doc: "Reads a whole text file (UTF-8) as a string; invalid UTF-8 is an error.",
        example: "s = read_text(\"names.txt\")"
      ) { a in
        let path = try a.string(0)
        let bytes = try FileValues.run { try FileSystem.readFile(path, op: "read_text") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
          throw RuntimeError("read_text: '\(path)' is not UTF-8 text")
        }
        return .string(text)
      },
      Builtin(
        "write_text", [.req("path"), .req("s")],
        doc: "Writes a string to a file as UTF-8, replacing the file atomically (as save does).",
        example: "write_text(\"out.txt\", join([\"a\", \"b\"], sep: \"\\n\"))"
      ) { a in
        let path = try a.string(0)
        let text = try a.string(1)
        try FileValues.run {
          try FileSystem.writeAtomically(path, Array(text.utf8), op: "write_text")
        }
        return .none
      },
      Builtin(
        "lines", [.req("s")],
        doc: "The lines of a string as a list of strings: split at \\n (a \\r before it is "
          + "dropped); a final newline does not start an empty last line.",
        example: "lines(\"ab\\ncd\\n\")"
      ) { a in .list(splitLines(try a.string(0)).map { .string($0) }) },
      Builtin(
        "chars", [.req("s")],
        doc: "The characters of a string as a list of one-code-point strings (Python's "
          + "list(s)), so that ord works on each.",
        example: "chars(\"abc\")"
      ) { a in .list(try a.string(0).unicodeScalars.map { .string(String(Character($0))) }) },
      Builtin(
        "join", [.req("list"), .opt("sep", "\"\"")],
        doc: "One string: the list's strings with sep between them.",
        example: "join([\"a\", \"b\", \"c\"], sep: \"-\")"
      ) { a in
        guard case .list(let items) = a[0] else {
          throw RuntimeError("join: expected a list of strings, got \(a[0].typeDescription)")
        }
        let sep = a.has(1) ? try a.string(1) : ""
        let parts = try items.enumerated().map { k, item in
          guard case .string(let s) = item else {
            throw RuntimeError(
              "join: list must hold strings, item \(k) is \(item.typeDescription)")
          }
          return s
        }
        return .string(parts.joined(separator: sep))
      },
      Builtin(
        "ord", [.req("c")],
        doc: "The Unicode code point of a one-character string, as an i64.",
        example: "ord(\"a\")"
      ) { a in
        let c = try a.string(0)
        let scalars = c.unicodeScalars
        guard scalars.count == 1, let first = scalars.first else {
          throw RuntimeError(
            "ord: expected a string of one character (one code point), got "
              + "\(scalars.count) code points")
        }
        return .i64(Int64(first.value))
      },
      Builtin(
        "chr", [.req("n")],
        doc: "The one-character string of a Unicode code point (the inverse of ord).",
        example: "chr(97)"
      ) { a in
        let n = try a.int(0)
        guard n >= 0, n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else {
          throw RuntimeError("chr: \(n) is not a Unicode code point (0 to 0x10FFFF, no surrogates)")
        }
        return .string(String(Character(scalar)))
      },
      Builtin(
        "sorted", [.req("list")],
        doc: "A new list with the items (of a list, or a vector's elements) in ascending "
          + "order: all numbers (nan last) or all strings (by code point, as Python sorts "
          + "them); equal items keep their order.",
        example: "sorted([\"b\", \"a\", \"c\"])"
      ) { a in
        if case .tensor(let t) = a[0], t.rank != 1 {
          throw RuntimeError("sorted: expected a list or a vector, got \(a[0].typeDescription)")
        }
        return .list(try SortKeys(sequence(a, 0), op: "sorted").sorted())
      },
      Builtin(
        "unique", [.req("x")],
        doc: "The distinct elements in ascending order: of a tensor as a 1-D tensor of its "
          + "dtype (nan once, last), of a list of numbers or strings as a list.",
        example: "unique([3, 1, 3, 2])"
      ) { a in
        switch a[0] {
        case .list(let items):
          return .list(try SortKeys(items, op: "unique").sorted(distinct: true))
        case let v where v.isNumeric:
          return .tensor(try uniqueElements(try a.tensor(0)))
        default:
          throw RuntimeError("unique: expected a tensor or a list, got \(a[0].typeDescription)")
        }
      },
      Builtin(
        "_names", [], doc: "The shipped first names (stdlib's names()).",
        example: "len(_names())"
      ) { _ in .list(splitLines(StdlibEmbedded.namesTXT).map { .string($0) }) },
      Builtin(
        "_surnames", [], doc: "The shipped surnames (stdlib's surnames()).",
        example: "len(_surnames())"
      ) { _ in .list(splitLines(StdlibEmbedded.surnamesTXT).map { .string($0) }) },
    ]
  }

  /// The lines of `s`: split at `\n`, a `\r` before it dropped, no empty line after a final
  /// newline.
  static func splitLines(_ s: String) -> [String] {
    var out: [String] = []
    var current: [UInt8] = []
    func finish() {
      if current.last == UInt8(ascii: "\r") { current.removeLast() }
      out.append(String(decoding: current, as: UTF8.self))
      current.removeAll(keepingCapacity: true)
    }
    for byte in s.utf8 {
      if byte == UInt8(ascii: "\n") { finish() } else { current.append(byte) }
    }
    if !current.isEmpty { finish() }
    return out
  }

  /// The sorted distinct elements of a tensor, flattened, in its dtype; NaN appears once, last.
  static func uniqueElements(_ t: Tensor) throws -> Tensor {
    if t.dtype == .i64 {
      let xs = Array(Set(t.toInt64s())).sorted()
      return try Tensor(shape: [xs.count], int64s: xs)
    }
    let values = t.toDoubles()
    var xs = Array(Set(values.filter { !$0.isNaN })).sorted()
    if values.contains(where: \.isNaN) { xs.append(.nan) }
    return try Tensor(shape: [xs.count], values: xs, dtype: t.dtype)
  }
}

/// The items of a list to sort: all numbers (scalars of any dtype) or all strings.
struct SortKeys {
  private enum Keys {
    case numbers([Double])
    case strings([[UInt32]])
  }
  private let items: [Value]
  private let keys: Keys

  /// - Throws: a mixed list, or an item that is neither a number nor a string.
  init(_ items: [Value], op: String) throws {
    self.items = items
    if let first = items.first, case .string = first {
      keys = .strings(
        try items.enumerated().map { k, item in
          guard case .string(let s) = item else {
            throw RuntimeError(
              "\(op): cannot compare strings with \(item.typeDescription) (item \(k))")
          }
          return s.unicodeScalars.map(\.value)
        })
    } else {
      keys = .numbers(
        try items.enumerated().map { k, item in
          if case .string = item {
            throw RuntimeError("\(op): cannot compare numbers with a string (item \(k))")
          }
          guard let t = item.asTensor, t.count == 1, t.rank == 0 else {
            throw RuntimeError(
              "\(op): items must be numbers or strings, item \(k) is \(item.typeDescription)")
          }
          return t.element(0)
        })
    }
  }

  /// The items in ascending order (stable); with `distinct`, the first of each run of equal
  /// items only.
  func sorted(distinct: Bool = false) -> [Value] {
    let order: [Int]
    let same: (Int, Int) -> Bool
    switch keys {
    case .numbers(let xs):
      // NaN sorts last; equal numbers keep their order (the index breaks ties).
      order = xs.indices.sorted { i, j in
        let (a, b) = (xs[i], xs[j])
        if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN || (a.isNaN && b.isNaN && i < j) }
        return a < b || (a == b && i < j)
      }
      same = { i, j in xs[i] == xs[j] || (xs[i].isNaN && xs[j].isNaN) }
    case .strings(let ss):
      order = ss.indices.sorted { i, j in
        ss[i].lexicographicallyPrecedes(ss[j]) || (ss[i] == ss[j] && i < j)
      }
      same = { i, j in ss[i] == ss[j] }
    }
    var out: [Value] = []
    var previous: Int?
    for i in order {
      if distinct, let p = previous, same(p, i) { continue }
      out.append(items[i])
      previous = i
    }
    return out
  }
}
