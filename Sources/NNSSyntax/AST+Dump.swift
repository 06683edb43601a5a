// S-expression rendering of the tree, for tests and debugging: `(+ 1 (* 2 3))`.
// The walk recurses once per level, so on parsed trees it is bounded by `Parser.maxHeight`.

extension Expr {
  /// The expression as an S-expression, e.g. `(call f x k=1)`.
  public var dump: String { kind.dump }
}

extension Stmt {
  /// The statement as an S-expression, e.g. `(= x (+ x 1))`.
  public var dump: String { kind.dump }
}

extension Block {
  /// The block as `(block stmt ...)`.
  public var dump: String { sexp(["block"] + statements.map(\.dump)) }
}

extension ParseResult {
  /// One S-expression line per statement.
  public var dump: String { statements.map(\.dump).joined(separator: "\n") }
}

/// Joins parts into `(a b c)`.
func sexp(_ parts: [String]) -> String { "(" + parts.joined(separator: " ") + ")" }

/// A number without a trailing `.0`: `12`, `3.5`, `0.001`.
func numberText(_ value: Double) -> String {
  let text = value.description
  return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

/// A string quoted with `\n`, `\t`, `\"`, `\\` escaped.
func quoted(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\n": result += "\\n"
    case "\t": result += "\\t"
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}

extension ExprKind {
  /// The S-expression of this node.
  var dump: String {
    switch self {
    case .number(let value): return numberText(value)
    case .string(let parts):
      if parts.isEmpty { return "\"\"" }
      if parts.count == 1, case .text(let text) = parts[0] { return quoted(text) }
      return sexp(["str"] + parts.map(\.dump))
    case .identifier(let name): return name
    case .bool(let value): return value ? "true" : "false"
    case .none: return "none"
    case .list(let elements): return sexp(["list"] + elements.map(\.dump))
    case .record(let fields):
      return sexp(["record"] + fields.map { sexp([$0.name.name, $0.value.dump]) })
    case .unary(let op, let operand): return sexp([op.symbol, operand.dump])
    case .binary(let op, let left, let right): return sexp([op.symbol, left.dump, right.dump])
    case .call(let callee, let arguments):
      return sexp(
        ["call", callee.dump]
          + arguments.map { argument in
            argument.label.map { "\($0.name)=\(argument.value.dump)" } ?? argument.value.dump
          })
    case .index(let base, let items): return sexp(["index", base.dump] + items.map(\.dump))
    case .field(let base, let name): return sexp([".", base.dump, name.name])
    case .function(let def): return sexp(["fn"] + def.dumpParts)
    case .if(let ifExpr): return ifExpr.dump
    }
  }
}

extension StringPart {
  /// `"text"` or `(fmt expr spec)` / the bare expression.
  var dump: String {
    switch self {
    case .text(let text): quoted(text)
    case .interpolation(let expr, let spec):
      spec.map { sexp(["fmt", expr.dump, $0.description]) } ?? expr.dump
    }
  }
}

extension IndexItem {
  /// The expression, or `(slice start stop step)` with `_` for omitted parts.
  var dump: String {
    switch self {
    case .index(let expr): expr.dump
    case .slice(let slice) where slice.isEllipsis: "..."
    case .slice(let slice):
      sexp(["slice"] + [slice.start, slice.stop, slice.step].map { $0?.dump ?? "_" })
    }
  }
}

extension FunctionDef {
  /// `(params...)` and the body.
  var dumpParts: [String] {
    let params = parameters.map { parameter in
      parameter.defaultValue.map { "\(parameter.name.name)=\($0.dump)" } ?? parameter.name.name
    }
    switch body {
    case .expression(let expr): return [sexp(params), expr.dump]
    case .block(let block): return [sexp(params), block.dump]
    }
  }
}

extension IfExpr {
  /// `(if (cond (block ...)) ... (else (block ...)))`.
  var dump: String {
    var parts = ["if"] + branches.map { sexp([$0.condition.dump, $0.body.dump]) }
    if let elseBlock { parts.append(sexp(["else", elseBlock.dump])) }
    return sexp(parts)
  }
}

extension AssignTarget {
  /// The target written as the expression it reads: `x`, `(index x i)`, `(. r w)`.
  var dump: String {
    var text = name.name
    for step in path {
      switch step {
      case .index(let items, _): text = sexp(["index", text] + items.map(\.dump))
      case .field(let field): text = sexp([".", text, field.name])
      }
    }
    return text
  }
}

extension StmtKind {
  /// The S-expression of this statement.
  var dump: String {
    switch self {
    case .expression(let expr, let silenced): silenced ? sexp(["silent", expr.dump]) : expr.dump
    case .assign(let target, let value): sexp(["=", target.dump, value.dump])
    case .compoundAssign(let target, let op, let value):
      sexp([op.symbol + "=", target.dump, value.dump])
    case .unpack(let targets, let value): sexp(["unpack"] + targets.map(\.dump) + [value.dump])
    case .function(let name, let def): sexp(["fn", name.name] + def.dumpParts)
    case .return(let value): sexp(["return"] + (value.map { [$0.dump] } ?? []))
    case .break: "(break)"
    case .continue: "(continue)"
    case .while(let condition, let body): sexp(["while", condition.dump, body.dump])
    case .for(let names, let iterable, let body):
      sexp(
        [
          "for", names.count == 1 ? names[0].name : sexp(names.map(\.name)), iterable.dump,
          body.dump,
        ])
    case .include(let path): sexp(["include", quoted(path)])
    }
  }
}
