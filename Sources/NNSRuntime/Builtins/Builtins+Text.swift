#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSSyntax
import NNSTensor

extension Builtins {
  /// Text, output, checks and time.
  static var text: [Builtin] {
    [
      Builtin(
        "print", [.rest("values")],
        doc: "Writes the values separated by spaces, then a newline; strings print without "
          + "quotes, other values in their plain form.",
        example: "print(\"loss\", 0.25)"
      ) { a in
        let out = a.interpreter.output
        out.line(a.rest.map { Display.plain($0, width: out.width) }.joined(separator: " "))
        return .none
      },
      Builtin(
        "str", [.req("x")], doc: "The plain text form of a value, as print writes it.",
        example: "str([1, 2]) + \"!\""
      ) { a in .string(Display.plain(a[0], width: a.interpreter.output.width)) },
      Builtin(
        "show", [.req("x")],
        doc: "Writes the display form of a value (with dtype and shape), as the REPL does.",
        example: "show(zeros(2))"
      ) { a in
        let out = a.interpreter.output
        out.block(.show, Display.show(a[0], width: out.width))
        return .none
      },
      Builtin(
        "format", [.req("x"), .req("spec")],
        doc: "Formats a number (or each element of a tensor) by a spec "
          + "[width][.precision][f|e|g], as in string interpolation.",
        example: "format(3.14159, \".2f\")"
      ) { a in
        let spec = try FormatSpec(parsing: try a.string(1))
        return .string(try Formatting.format(a[0], spec, width: a.interpreter.output.width))
      },
      Builtin(
        "help", [.opt("f", "none")],
        doc: "Prints a builtin's or function's signature, description and example; without "
          + "an argument lists the builtins.",
        example: "help(\"zeros\")"
      ) { a in
        let out = a.interpreter.output
        out.line(try helpText(a[0], a.interpreter))
        return .none
      },
    ]
  }

  /// The text `help` prints, wrapped to the output's width.
  static func helpText(_ v: Value, _ interp: Interpreter) throws -> String {
    let width = interp.output.width
    switch v {
    case .none:
      let names = table.map(\.name).filter { !$0.hasPrefix("_") }
      return
        (Help.wrap("builtins: " + names.joined(separator: " "), width: width, indent: "")
        + Help.wrap(
          "stdlib: " + Stdlib.docs.keys.sorted().joined(separator: " "), width: width, indent: "")
        + ["help(name) describes one; help(\"for\") and help(\"+\") the language."])
        .joined(separator: "\n")
    case .builtin, .closure:
      let name: String
      switch v {
      case .builtin(let b): name = b.name
      case .closure(let c): name = c.name
      default: name = ""
      }
      guard let entry = Help.entry(v, name: name) else { return "" }
      return entry.text(width: width)
    case .string(let name):
      if let entry = Help.entry(name, in: interp) { return entry.text(width: width) }
      let known = interp.globalNames.filter { !$0.hasPrefix("_") } + Help.language.map(\.name)
      throw RuntimeError(
        "help: no builtin, function, keyword or operator named '\(name)'"
          + Suggest.hint(for: name, among: known))
    default:
      throw RuntimeError("help: expected a function or its name, got \(v.kindName)")
    }
  }

  /// Seconds from a monotonic clock.
  public static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// Checks, errors and time.
  static var system: [Builtin] {
    [
      Builtin(
        "assert", [.req("cond"), .opt("message", "\"assertion failed\"")],
        doc: "Stops with an error (the message) unless cond is true (non-zero).",
        example: "assert(1 + 1 == 2, \"arithmetic\")"
      ) { a in
        if try Convert.truth(a[0], op: "assert") { return .none }
        let message = a.has(1) ? Display.plain(a[1]) : "assertion failed"
        throw RuntimeError("assert: \(message)")
      },
      Builtin(
        "approx", [.req("a"), .req("b"), .opt("rtol", "1e-5"), .opt("atol", "1e-6")],
        doc: "Whether a is close to b, the value expected: true when |a - b| <= atol + "
          + "rtol * |b| for every element (numpy's isclose) and the shapes are equal (or b is "
          + "a single number); NaN is close to nothing. Lists and records compare item by "
          + "item, strings exactly. Exercise checks compare with it: floats rarely agree to "
          + "the last bit.",
        example: "approx(0.1 + 0.2, 0.3)"
      ) { a in
        let rtol = a.has(2) ? try a.double(2) : Approx.defaultRtol
        let atol = a.has(3) ? try a.double(3) : Approx.defaultAtol
        try Approx.checkTolerances(rtol: rtol, atol: atol)
        return .bool(Approx.isClose(a[0], a[1], rtol: rtol, atol: atol))
      },
      Builtin(
        "error", [.req("message")], doc: "Stops with an error carrying the message.",
        example: "error(\"bad input\")"
      ) { a in throw RuntimeError(Display.plain(a[0])) },
      Builtin(
        "exit", [.opt("status", "0")],
        doc: "Ends the program with an exit status (0 for success, 1-255 for failure): a "
          + "script stops at once, the REPL quits.",
        example: "if bad { exit(1) }"
      ) { a in
        let n = a.has(0) ? try a.int(0) : 0
        guard (0...255).contains(n) else {
          throw RuntimeError("exit: status must be between 0 and 255, got \(n)")
        }
        var e = RuntimeError("exit(\(n))")
        e.exitStatus = Int32(n)
        throw e
      },
      Builtin(
        "time", [], doc: "Seconds from a monotonic clock (for measuring intervals).",
        example: "t0 = time()"
      ) { _ in .f64(monotonicSeconds()) },
      Builtin(
        "timeit", [.req("f"), .opt("n", "10")],
        doc: "Calls f() n times and returns the mean seconds per call.",
        example: "timeit(fn() = sum(randn(1000)), n: 5)"
      ) { a in
        let n = a.has(1) ? try a.int(1) : 10
        guard n >= 1 else { throw RuntimeError("timeit: n must be at least 1, got \(n)") }
        let start = monotonicSeconds()
        for _ in 0..<n { _ = try a.interpreter.call(a[0], []) }
        return .f64((monotonicSeconds() - start) / Double(n))
      },
    ]
  }
}
