import NNSTensor
import Synchronization

/// The inputs of a node: their primals and their node indices on the tape (-1: a constant).
/// One and two inputs are stored inline, so recording them allocates no array.
enum NodeInputs {
  case none
  case one(DVal, Int)
  case two(DVal, Int, DVal, Int)
  case many([DVal], [Int])

  /// The node indices.
  var ids: [Int] {
    switch self {
    case .none: return []
    case .one(_, let i): return [i]
    case .two(_, let i, _, let j): return [i, j]
    case .many(_, let ids): return ids
    }
  }

  /// The primals.
  var values: [DVal] {
    switch self {
    case .none: return []
    case .one(let x, _): return [x]
    case .two(let x, _, let y, _): return [x, y]
    case .many(let xs, _): return xs
    }
  }
}

/// One recorded application of a primitive: what the backward pass needs to run its VJP.
struct Node {
  /// The primitive applied (nil for a leaf: a value tracked by `Tape.track`).
  let primitive: Primitive?
  /// Attributes of the application (axes, shapes, index items, ...).
  let attrs: Attrs
  /// The inputs' primals and node indices.
  let inputs: NodeInputs
  /// The output's primal.
  let result: DVal
}

/// A gradient tape: the record of one differentiated call, at its own nesting level.
///
/// Tapes nest: a tape opened while others are open gets a higher level. While a tape is
/// open, every primitive applied to one of its values appends a node. After `close()` its
/// values act as constants, and `backward` walks the nodes in reverse.
public final class Tape {
  /// The nesting level: higher than the level of every tape open when this one was opened.
  public let level: Int
  /// Whether primitives applied to this tape's values are still recorded.
  public private(set) var isOpen = true
  var nodes: [Node] = []
  /// When true, `backward` stores this tape's record in `Tape.lastRecord`.
  public var keepsRecord = false

  /// Levels handed out so far. Levels only grow, so a tape opened inside another always has
  /// a higher level, on every thread, and a stale value never shares a live tape's level.
  private static let levels = Atomic<Int>(0)

  /// When true, every `backward` stores its tape's record in `Tape.lastRecord` (for `:tape`).
  nonisolated(unsafe) public static var keepRecord = false

  /// The record of the most recent tape differentiated with recording on.
  nonisolated(unsafe) public static var lastRecord: TapeRecord?

  private init(level: Int) {
    self.level = level
    nodes.reserveCapacity(64)
  }

  /// Opens a new tape above every open one.
  /// - Returns: the new, open tape. Close it with `close()` (use `defer`).
  public static func open() -> Tape {
    Tape(level: levels.add(1, ordering: .relaxed).newValue)
  }

  /// Stops recording: this tape's values become constants to every later operation.
  public func close() {
    guard isOpen else { return }
    isOpen = false
  }

  /// The number of nodes recorded so far (leaves included).
  public var nodeCount: Int { nodes.count }

  /// Tracks `x` on this tape as a leaf (an input to differentiate with respect to).
  /// - Parameter x: the value; it may be tracked at a lower level.
  /// - Returns: a value tracked at this tape's level whose primal is `x`.
  public func track(_ x: DVal) -> DVal {
    let node = Node(primitive: nil, attrs: Attrs(), inputs: .none, result: x)
    nodes.append(node)
    return .tracked(Tracked(level: level, tape: self, index: nodes.count - 1, primal: x))
  }

  /// Appends a node and returns the tracked output.
  @inline(__always)
  func append(_ p: Primitive, _ attrs: Attrs, _ inputs: NodeInputs, _ result: DVal) -> DVal {
    nodes.append(Node(primitive: p, attrs: attrs, inputs: inputs, result: result))
    return .tracked(Tracked(level: level, tape: self, index: nodes.count - 1, primal: result))
  }

  /// Runs `body` with a freshly opened tape and closes it afterwards, even on error.
  public static func with<R>(_ body: (Tape) throws -> R) rethrows -> R {
    let tape = Tape.open()
    defer { tape.close() }
    return try body(tape)
  }
}
