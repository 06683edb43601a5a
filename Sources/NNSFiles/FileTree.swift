// The tree of values that the file formats read and write.

import NNSTensor

/// A value as the file formats see it: tensors and the plain values around them.
///
/// The runtime converts its own values to and from this tree. JSON holds any tree; `.npy` holds
/// one tensor; `.safetensors` holds a record of tensors.
public indirect enum FileTree {
  /// A tensor of any rank (rank 0 included) and dtype.
  case tensor(Tensor)
  /// A plain number (JSON reads a lone number as this).
  case number(Double)
  /// A plain boolean.
  case bool(Bool)
  /// A string.
  case string(String)
  /// An ordered list of values.
  case list([FileTree])
  /// Ordered named fields.
  case record([(String, FileTree)])
  /// The absence of a value (JSON `null`).
  case none

  /// The kind of value, as error messages name it: `tensor`, `number`, `string`, ...
  public var kindName: String {
    switch self {
    case .tensor: "tensor"
    case .number: "number"
    case .bool: "bool"
    case .string: "string"
    case .list: "list"
    case .record: "record"
    case .none: "none"
    }
  }
}
