// The nns syntax tree (SPEC §1-4). Every node carries a `SourceRange` and its subtree `height`.
//
// Shapes at a glance:
//   Stmt { kind: StmtKind, range }      Expr { kind: ExprKind, range }      Block { statements }
// The parser guarantees `height <= Parser.maxHeight` for every node it builds, so recursive walks
// over a parsed tree never need more than that many nested calls.

/// A name as written in the source (a variable, parameter, field or argument label).
public struct Identifier: Sendable, Hashable {
  /// The name's text.
  public var name: String
  /// Where the name was written.
  public var range: SourceRange

  /// Creates an identifier.
  public init(_ name: String, range: SourceRange) {
    self.name = name
    self.range = range
  }
}

/// A prefix operator: `-x`, `+x`, `not x`.
public enum UnaryOperator: String, Sendable, CaseIterable {
  case negate = "-"
  case plus = "+"
  case not = "not"

  /// The operator as written.
  public var symbol: String { rawValue }
}

/// An infix operator. `and`/`or` short-circuit; comparisons never chain.
public enum BinaryOperator: String, Sendable, CaseIterable {
  case or = "or"
  case and = "and"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case modulo = "%"
  case matmul = "@"
  case power = "^"

  /// The operator as written.
  public var symbol: String { rawValue }
}

/// An expression node: what it is (`kind`) and where it was written (`range`).
public struct Expr: Sendable {
  /// The form of the expression.
  public var kind: ExprKind
  /// The span of the whole expression.
  public var range: SourceRange
  /// Height of this subtree: 1 for a leaf, else 1 + the tallest child (blocks count a level).
  public let height: Int

  /// Creates an expression, computing its height from its direct children.
  /// - Parameters:
  ///   - kind: the form of the expression.
  ///   - range: the span it covers.
  public init(_ kind: ExprKind, range: SourceRange) {
    self.kind = kind
    self.range = range
    self.height = 1 + kind.childHeight
  }
}

/// The forms of expression (SPEC §3).
public indirect enum ExprKind: Sendable {
  /// A number literal: `12`, `3.5`, `1e-3`, `1_000_000` (always stored as a Double).
  case number(Double)
  /// A string literal as literal text and interpolated parts: `"loss {l:.4f}"`.
  case string([StringPart])
  /// A variable reference: `x`.
  case identifier(String)
  /// `true` or `false`.
  case bool(Bool)
  /// `none`.
  case none
  /// A bracket literal `[a, b, c]` (or `[]`); the runtime decides tensor versus list (SPEC §2).
  case list([Expr])
  /// A record literal `{w: x, b}`; fields in written order, names unique.
  case record([RecordField])
  /// A prefix operation: `-x`, `+x`, `not x`.
  case unary(UnaryOperator, Expr)
  /// An infix operation, including `and`/`or` (which the runtime must short-circuit).
  case binary(BinaryOperator, Expr, Expr)
  /// A call `f(a, b, k: v)`: positional arguments always precede named ones.
  case call(Expr, [Argument])
  /// An index `x[i, 1:3, :]`: one item per indexed axis.
  case index(Expr, [IndexItem])
  /// A field access `r.name` (also tensor properties like `x.shape`).
  case field(Expr, Identifier)
  /// An anonymous function `fn(x) = x^2` or `fn(x, y) { ... }`.
  case function(FunctionDef)
  /// `if c { } else if d { } else { }` used for its value; a statement-level `if` is an
  /// expression statement holding this.
  case `if`(IfExpr)
}

/// One piece of a string literal.
public enum StringPart: Sendable {
  /// Literal text with escapes already decoded.
  case text(String)
  /// `{expr}` or `{expr:spec}`.
  case interpolation(Expr, FormatSpec?)
}

/// A record literal field: `name: value`, or the shorthand `name` (value is the variable `name`).
public struct RecordField: Sendable {
  /// The field name.
  public var name: Identifier
  /// The field's value (for shorthand, an identifier expression for `name`).
  public var value: Expr
  /// True when written as the shorthand `{name}`.
  public var isShorthand: Bool

  /// Creates a record field.
  public init(name: Identifier, value: Expr, isShorthand: Bool) {
    self.name = name
    self.value = value
    self.isShorthand = isShorthand
  }
}

/// A call argument: positional (`label == nil`) or named (`k: v`).
public struct Argument: Sendable {
  /// The parameter name for a named argument, `nil` for a positional one.
  public var label: Identifier?
  /// The argument's value.
  public var value: Expr
  /// The span of the whole argument, label included.
  public var range: SourceRange

  /// Creates an argument.
  public init(label: Identifier?, value: Expr, range: SourceRange) {
    self.label = label
    self.value = value
    self.range = range
  }
}

/// One item of an index list: a single index expression or a slice.
public enum IndexItem: Sendable {
  /// An index, gather list or mask: `x[i]`, `x[[0, 2]]`, `x[x > 0]`.
  case index(Expr)
  /// A slice `a:b`, `a:`, `:b`, `:`, `a:b:step`, `::2`.
  case slice(Slice)

  /// The span of the item.
  public var range: SourceRange {
    switch self {
    case .index(let expr): expr.range
    case .slice(let slice): slice.range
    }
  }
}

/// A slice `start:stop:step`; each part may be omitted.
public struct Slice: Sendable {
  /// The first index, or `nil` for the start of the axis.
  public var start: Expr?
  /// The end index (exclusive), or `nil` for the end of the axis.
  public var stop: Expr?
  /// The step, or `nil` for 1.
  public var step: Expr?
  /// The span of the slice, colons included.
  public var range: SourceRange
  /// Whether this is `...` (as many `:` as the indexed tensor needs); then the bounds are nil.
  public var isEllipsis: Bool

  /// Creates a slice.
  public init(
    start: Expr?, stop: Expr?, step: Expr?, range: SourceRange, isEllipsis: Bool = false
  ) {
    self.start = start
    self.stop = stop
    self.step = step
    self.range = range
    self.isEllipsis = isEllipsis
  }
}

/// A function's parameters and body, shared by `fn name(...)` statements and `fn(...)` literals.
public struct FunctionDef: Sendable {
  /// The parameters in order; those with defaults come last.
  public var parameters: [Parameter]
  /// The body: `= expr` or `{ block }`.
  public var body: FunctionBody
  /// The span from `fn` to the end of the body.
  public var range: SourceRange

  /// Creates a function definition.
  public init(parameters: [Parameter], body: FunctionBody, range: SourceRange) {
    self.parameters = parameters
    self.body = body
    self.range = range
  }
}

/// A function parameter, `name` or `name = default`.
public struct Parameter: Sendable {
  /// The parameter name.
  public var name: Identifier
  /// The default value expression, evaluated by the runtime when the argument is missing.
  public var defaultValue: Expr?

  /// Creates a parameter.
  public init(name: Identifier, defaultValue: Expr?) {
    self.name = name
    self.defaultValue = defaultValue
  }
}

/// A function body.
public enum FunctionBody: Sendable {
  /// `= expr`: the function returns the expression's value.
  case expression(Expr)
  /// `{ ... }`: the function returns a `return`ed value, else the block's value.
  case block(Block)
}

/// An `if` with its `else if` chain flattened: the first branch whose condition holds runs.
public struct IfExpr: Sendable {
  /// `if` and each `else if`, in order (never empty).
  public var branches: [IfBranch]
  /// The final `else` block, if any; without one a failed `if` has value `none`.
  public var elseBlock: Block?

  /// Creates an if expression.
  public init(branches: [IfBranch], elseBlock: Block?) {
    self.branches = branches
    self.elseBlock = elseBlock
  }
}

/// One `if cond { body }` or `else if cond { body }` arm.
public struct IfBranch: Sendable {
  /// The condition (a scalar at run time).
  public var condition: Expr
  /// The block run when the condition holds.
  public var body: Block

  /// Creates a branch.
  public init(condition: Expr, body: Block) {
    self.condition = condition
    self.body = body
  }
}

/// A `{ ... }` block after `if`, `else`, `while`, `for` or `fn`; its value is the value of its
/// last statement when that is an expression statement, else `none`.
public struct Block: Sendable {
  /// The statements in order.
  public var statements: [Stmt]
  /// The span from `{` to `}`.
  public var range: SourceRange
  /// 1 + the tallest statement (1 when empty).
  public let height: Int

  /// Creates a block.
  public init(statements: [Stmt], range: SourceRange) {
    self.statements = statements
    self.range = range
    self.height = 1 + (statements.map(\.height).max() ?? 0)
  }
}

/// A statement node: what it is (`kind`) and where it was written (`range`).
public struct Stmt: Sendable {
  /// The form of the statement.
  public var kind: StmtKind
  /// The span of the statement, without its terminator.
  public var range: SourceRange
  /// Height of this subtree: 1 + the tallest child.
  public let height: Int

  /// Creates a statement, computing its height from its direct children.
  public init(_ kind: StmtKind, range: SourceRange) {
    self.kind = kind
    self.range = range
    self.height = 1 + kind.childHeight
  }
}

/// The forms of statement (SPEC §4).
public indirect enum StmtKind: Sendable {
  /// An expression evaluated for its value or effect. `silenced` is true when the statement
  /// ended with `;` (the REPL and notebooks then do not display the value).
  case expression(Expr, silenced: Bool)
  /// `target = value`.
  case assign(AssignTarget, Expr)
  /// `target op= value` for `+= -= *= /=` (`op` is `.add`, `.subtract`, `.multiply`, `.divide`).
  case compoundAssign(AssignTarget, BinaryOperator, Expr)
  /// `a, b = value`: unpacks a list, or a tensor along axis 0, into two or more targets.
  case unpack([AssignTarget], Expr)
  /// `fn name(params) = expr` or `fn name(params) { body }`.
  case function(name: Identifier, FunctionDef)
  /// `return` or `return expr`.
  case `return`(Expr?)
  /// `break`.
  case `break`
  /// `continue`.
  case `continue`
  /// `while cond { body }`.
  case `while`(Expr, Block)
  /// `for x in iterable { body }`; `for a, b in pairs { }` unpacks each element (extension:
  /// the variables list has more than one name).
  case `for`([Identifier], Expr, Block)
  /// `include "path.nns"`: the path as written (escapes decoded), relative to the file.
  case include(String)
}

/// Where an assignment stores: a variable, optionally followed by index and field steps, as in
/// `x`, `x[i, j]`, `r.w`, `r.layers[0].W`. The root name becomes local to the function.
public struct AssignTarget: Sendable {
  /// The variable at the root.
  public var name: Identifier
  /// The index and field steps from the root to the stored part, outermost first.
  public var path: [TargetStep]
  /// The span of the whole target.
  public var range: SourceRange

  /// Creates an assignment target.
  public init(name: Identifier, path: [TargetStep], range: SourceRange) {
    self.name = name
    self.path = path
    self.range = range
  }
}

/// One step of an assignment target path.
public enum TargetStep: Sendable {
  /// `[items]`, with the span of the brackets.
  case index([IndexItem], range: SourceRange)
  /// `.name`.
  case field(Identifier)
}
