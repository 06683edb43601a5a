// Converting parsed JSON into a FileTree: rectangular numeric arrays become tensors.

import NNSTensor

extension JSONValue {
  /// The file tree this JSON value reads as.
  ///
  /// A non-empty array whose leaves are all numbers (or all booleans), nested to a rectangular
  /// shape, becomes a tensor in `floatType` (or bool), so that saved tensors load back as
  /// tensors. Other arrays become lists, objects records, lone numbers `.number`, `null` `.none`.
  func fileTree(floatType: DType, context: FileContext) throws -> FileTree {
    switch self {
    case .null: return .none
    case .bool(let b): return .bool(b)
    case .number(let text): return .number(Double(text) ?? .nan)
    case .string(let s): return .string(s)
    case .object(let members):
      return .record(
        try members.map { ($0.0, try $0.1.fileTree(floatType: floatType, context: context)) })
    case .array(let items):
      if let tensor = try tensorValue(floatType: floatType, context: context) {
        return .tensor(tensor)
      }
      return .list(try items.map { try $0.fileTree(floatType: floatType, context: context) })
    }
  }

  /// This array as a tensor, or nil when it is not a non-empty rectangular array of numbers or
  /// of booleans.
  private func tensorValue(floatType: DType, context: FileContext) throws -> Tensor? {
    // The shape follows the first element down; every other element must then match it.
    var shape: [Int] = []
    var probe = self
    while case .array(let items) = probe {
      guard let first = items.first else { return nil }
      shape.append(items.count)
      probe = first
    }
    // Deeper than a tensor may be (64 axes): it stays nested lists.
    guard shape.count <= Tensor.maxRank else { return nil }
    let isBool: Bool
    switch probe {
    case .number: isBool = false
    case .bool: isBool = true
    default: return nil
    }
    var texts: [String] = []
    var bools: [Double] = []
    guard collect(shape[...], isBool: isBool, texts: &texts, bools: &bools) else { return nil }
    do {
      if isBool { return try Tensor(shape: shape, values: bools, dtype: .bool) }
      if floatType == .f64 {
        return try Tensor(shape: shape, doubles: texts.map { Double($0) ?? .nan })
      }
      // Parse f32 straight from the text: rounding through f64 first could round twice.
      return try Tensor(shape: shape, floats: texts.map { Float($0) ?? .nan })
    } catch {
      throw context.error("\(error)")
    }
  }

  /// Appends the leaves in row-major order, checking that they match `shape` and the kind.
  private func collect(
    _ shape: ArraySlice<Int>, isBool: Bool, texts: inout [String], bools: inout [Double]
  ) -> Bool {
    guard let size = shape.first else {
      switch self {
      case .number(let text) where !isBool: texts.append(text)
      case .bool(let b) where isBool: bools.append(b ? 1 : 0)
      default: return false
      }
      return true
    }
    guard case .array(let items) = self, items.count == size else { return false }
    for item in items {
      guard item.collect(shape.dropFirst(), isBool: isBool, texts: &texts, bools: &bools) else {
        return false
      }
    }
    return true
  }
}
