import NNSAutodiff
import NNSTensor

/// An nns value. Everything has value semantics: lists, records and tensors are copy-on-write.
///
/// Rank-0 numbers are unboxed (`f32`, `f64`, `i64`, `bool`) so that scalar loops never allocate;
/// `tensor` may also hold a rank-0 tensor, but the runtime normalises results of tensor
/// operations to the unboxed cases (see `Value.init(_: Tensor)`).
public enum Value {
  /// A rank-0 `f32` number.
  case f32(Float)
  /// A rank-0 `f64` number.
  case f64(Double)
  /// A rank-0 `i64` number: a count, a position or a label, exact at every size.
  case i64(Int64)
  /// A rank-0 `bool`.
  case bool(Bool)
  /// A tensor of any rank. Boxed, as are strings and records, so that a `Value` is two words
  /// and copying one (every call, every variable read) stays cheap: unboxing the 5-word
  /// tensor made a recursive call (fib) 15% slower and the scalar loop W1 25% slower.
  indirect case tensor(Tensor)
  /// A tensor being differentiated (recorded on an open gradient tape; see NNSAutodiff).
  case tracked(Tracked)
  /// Immutable text.
  indirect case string(String)
  /// An ordered, heterogeneous list.
  case list([Value])
  /// Ordered named fields.
  indirect case record(Record)
  /// A user-defined function (a closure over its defining scope).
  case closure(Closure)
  /// A builtin function, or a function made by a builtin (e.g. `grad(f)`).
  case builtin(Builtin)
  /// The absence of a value.
  case none

  /// Wraps a tensor, unboxing rank-0 tensors into the scalar cases.
  /// - Parameter t: the tensor.
  public init(_ t: Tensor) {
    if t.rank == 0 {
      switch t.dtype {
      case .f32: self = .f32(Float(t.element(0)))
      case .f64: self = .f64(t.element(0))
      case .bool: self = .bool(t.element(0) != 0)
      case .i64: self = .i64(t.intElement(0) ?? 0)
      }
    } else {
      self = .tensor(t)
    }
  }

  /// A number of the default float dtype.
  /// - Parameter x: the value.
  public static func number(_ x: Double) -> Value {
    Tensor.defaultFloat == .f64 ? .f64(x) : .f32(Float(x))
  }

  /// A count or position (`len`, `.size`, `.shape`'s numbers): an `i64` number.
  /// - Parameter n: the value.
  public static func count(_ n: Int) -> Value { .i64(Int64(n)) }

  /// The kind's name as users see it (`tensor`, `string`, `list`, `record`, `function`, `none`).
  public var kindName: String {
    switch self {
    case .f32, .f64, .i64, .bool, .tensor, .tracked: return "tensor"
    case .string: return "string"
    case .list: return "list"
    case .record: return "record"
    case .closure, .builtin: return "function"
    case .none: return "none"
    }
  }

  /// A short description of the value's type for error messages (`f32 [3]`, `string`, ...).
  public var typeDescription: String {
    switch self {
    case .f32: return "f32 scalar"
    case .f64: return "f64 scalar"
    case .i64: return "i64 scalar"
    case .bool: return "bool scalar"
    case .tensor(let t): return "\(t.dtype.name) tensor \(shapeString(t.shape))"
    case .tracked(let t): return "\(t.value.dtype.name) tensor \(shapeString(t.value.shape))"
    default: return kindName
    }
  }

  /// Whether the value is a tensor or a scalar number.
  public var isNumeric: Bool {
    switch self {
    case .f32, .f64, .i64, .bool, .tensor, .tracked: return true
    default: return false
    }
  }

  /// The dtype of a numeric value (nil for other kinds).
  public var dtype: DType? {
    switch self {
    case .f32: return .f32
    case .f64: return .f64
    case .i64: return .i64
    case .bool: return .bool
    case .tensor(let t): return t.dtype
    case .tracked(let t): return t.value.dtype
    default: return nil
    }
  }

  /// The value as a tensor, when it is numeric.
  public var asTensor: Tensor? {
    switch self {
    case .f32(let x): return Tensor(scalar: Double(x), dtype: .f32)
    case .f64(let x): return Tensor(scalar: x, dtype: .f64)
    case .i64(let x): return Tensor(int64: x)
    case .bool(let b): return Tensor(scalar: b ? 1 : 0, dtype: .bool)
    case .tensor(let t): return t
    case .tracked(let t): return t.value
    default: return nil
    }
  }

  /// The numeric shape (`[]` for scalars), or nil for non-numeric values.
  public var shape: [Int]? {
    switch self {
    case .f32, .f64, .i64, .bool: return []
    case .tensor(let t): return t.shape
    case .tracked(let t): return t.value.shape
    default: return nil
    }
  }

  /// Whether the value is `none`.
  public var isNone: Bool {
    if case .none = self { return true }
    return false
  }
}

/// Ordered named fields with value semantics.
public struct Record {
  /// Field names in order.
  public var keys: [String]
  /// Field values, parallel to `keys`.
  public var values: [Value]

  /// Creates a record from parallel arrays (caller ensures equal lengths and distinct names).
  public init(keys: [String] = [], values: [Value] = []) {
    self.keys = keys
    self.values = values
  }

  /// The index of a field, or nil.
  public func index(of name: String) -> Int? {
    keys.firstIndex(of: name)
  }

  /// Reads or (with a new name) appends a field.
  public subscript(name: String) -> Value? {
    get {
      guard let i = index(of: name) else { return nil }
      return values[i]
    }
    set {
      if let i = index(of: name) {
        if let newValue {
          values[i] = newValue
        } else {
          keys.remove(at: i)
          values.remove(at: i)
        }
      } else if let newValue {
        keys.append(name)
        values.append(newValue)
      }
    }
  }

  /// The number of fields.
  public var count: Int { keys.count }
}
