// Height bookkeeping: each node's height is computed once from its direct children when it is
// built, so checking a tree's depth never needs a recursive walk.

extension Optional where Wrapped == Expr {
  /// Height of an optional expression: 0 when absent.
  var height: Int { self?.height ?? 0 }
}

extension IndexItem {
  /// Height of the tallest expression in the item.
  var height: Int {
    switch self {
    case .index(let expr): expr.height
    case .slice(let slice): max(slice.start.height, slice.stop.height, slice.step.height)
    }
  }
}

extension FunctionDef {
  /// Height of the tallest default value or the body.
  var height: Int {
    let defaults = parameters.map { $0.defaultValue.height }.max() ?? 0
    switch body {
    case .expression(let expr): return max(defaults, expr.height)
    case .block(let block): return max(defaults, block.height)
    }
  }
}

extension IfExpr {
  /// Height of the tallest condition or block.
  var height: Int {
    let arms = branches.map { max($0.condition.height, $0.body.height) }.max() ?? 0
    return max(arms, elseBlock?.height ?? 0)
  }
}

extension AssignTarget {
  /// Height of the tallest index expression in the path, plus the path length.
  var height: Int {
    var tallest = 0
    for step in path {
      if case .index(let items, _) = step {
        tallest = max(tallest, items.map(\.height).max() ?? 0)
      }
    }
    return tallest + path.count
  }
}

extension ExprKind {
  /// The height of the tallest direct child (0 for a leaf).
  var childHeight: Int {
    switch self {
    case .number, .identifier, .bool, .none: 0
    case .string(let parts):
      parts.map { part -> Int in
        if case .interpolation(let expr, _) = part { return expr.height }
        return 0
      }.max() ?? 0
    case .list(let elements): elements.map(\.height).max() ?? 0
    case .record(let fields): fields.map(\.value.height).max() ?? 0
    case .unary(_, let operand): operand.height
    case .binary(_, let left, let right): max(left.height, right.height)
    case .call(let callee, let arguments):
      max(callee.height, arguments.map(\.value.height).max() ?? 0)
    case .index(let base, let items): max(base.height, items.map(\.height).max() ?? 0)
    case .field(let base, _): base.height
    case .function(let def): def.height
    case .if(let ifExpr): ifExpr.height
    }
  }
}

extension StmtKind {
  /// The height of the tallest direct child (0 for a leaf).
  var childHeight: Int {
    switch self {
    case .expression(let expr, _): expr.height
    case .assign(let target, let value): max(target.height, value.height)
    case .compoundAssign(let target, _, let value): max(target.height, value.height)
    case .unpack(let targets, let value):
      max(targets.map(\.height).max() ?? 0, value.height)
    case .function(_, let def): def.height
    case .return(let value): value.height
    case .break, .continue, .include: 0
    case .while(let condition, let body): max(condition.height, body.height)
    case .for(_, let iterable, let body): max(iterable.height, body.height)
    }
  }
}
