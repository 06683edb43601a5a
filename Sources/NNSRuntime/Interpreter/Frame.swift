#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSSyntax

/// How control leaves a statement: normally, or by `break`, `continue` or `return`.
enum Flow: UInt8 {
  case normal, breakLoop, continueLoop, returnValue
}

/// A compiled expression or statement: evaluates in a frame.
typealias Eval = (Frame) throws -> Value

/// A compiled node stored in an array: wrapping the closure in a struct keeps it in its
/// natural representation (an array of bare closures would add a reabstraction thunk per call).
struct Node {
  let run: Eval
}

/// Thrown when `break`/`continue`/`return` happens inside an expression whose value was needed;
/// the enclosing statement sequence catches it (the frame's `flow` says what happened).
struct FlowUnwind: Error {}

/// The local slots of one function activation, plus control-flow state.
///
/// Slots are nil until assigned; reading an unassigned local falls back to the enclosing scope
/// (SPEC §4: until its first assignment a local reads the enclosing value).
final class Frame {
  /// The slot storage (`count` initialised optionals).
  let slots: UnsafeMutablePointer<Value?>
  /// The number of slots.
  let count: Int
  /// The frame of the enclosing function at the closure's definition (nil: global scope).
  @exclusivity(unchecked) var parent: Frame?
  /// The next frame in its code's free list.
  @exclusivity(unchecked) var nextFree: Frame?
  /// Set by `break`, `continue` and `return`; checked after each statement.
  @exclusivity(unchecked) var flow: Flow = .normal
  /// The value carried by `return`.
  @exclusivity(unchecked) var returnValue: Value = .none

  /// Creates a frame with `count` empty slots.
  init(count: Int, parent: Frame?) {
    self.count = count
    self.parent = parent
    slots = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
    slots.initialize(repeating: nil, count: max(count, 1))
  }

  deinit {
    // A closure holds its defining frame, whose slots may hold another closure, and so on: a
    // chain millions long would release recursively and overflow the stack. Hand what this
    // frame holds to `Reclaim`, which drops it one level at a time.
    let reclaim = Reclaim.current
    for i in 0..<count {
      if let v = (slots + i).move() { reclaim.keep(v) }
    }
    if count == 0 { slots.deinitialize(count: 1) }
    slots.deallocate()
    if let p = parent {
      parent = nil
      reclaim.keep(p)
    }
    if case .none = returnValue {} else { reclaim.keep(returnValue) }
    returnValue = .none
    reclaim.drain()
  }

  /// A frame for a call of `code`: a recycled one when available, else a new one.
  @inline(__always)
  static func make(_ code: FunctionCode, parent: Frame?) -> Frame {
    if let f = code.freeFrames {
      code.freeFrames = f.nextFree
      code.freeCount &-= 1
      f.nextFree = nil
      f.parent = parent
      return f
    }
    return Frame(count: code.slotCount, parent: parent)
  }

  /// Returns a frame to its code's pool when nothing else (no closure) holds it.
  @inline(__always)
  static func recycle(_ frame: inout Frame, _ code: FunctionCode) {
    guard code.freeCount < 32, isKnownUniquelyReferenced(&frame) else { return }
    for i in 0..<frame.count { frame.slots[i] = nil }
    frame.parent = nil
    if frame.flow != .normal {
      frame.flow = .normal
      frame.returnValue = .none
    }
    frame.nextFree = code.freeFrames
    code.freeFrames = frame
    code.freeCount &+= 1
  }

  /// The frame `depth` levels up the closure chain (0: self).
  @inline(__always)
  func up(_ depth: Int) -> Frame? {
    var f: Frame? = self
    var d = depth
    while d > 0 {
      f = f?.parent
      d -= 1
    }
    return f
  }
}

/// The global scope: one slot per global name, builtins included. Slots live in fixed chunks
/// that never move, so compiled code holds a direct pointer to each global's slot.
final class Globals {
  /// Slots per chunk.
  static let chunkSize = 256
  /// Slot index by name.
  private(set) var index: [String: Int] = [:]
  /// Names by slot.
  private(set) var names: [String] = []
  private var chunks: [UnsafeMutablePointer<Value?>] = []

  init() {}

  deinit {
    for c in chunks {
      c.deinitialize(count: Globals.chunkSize)
      c.deallocate()
    }
  }

  /// The slot of a name, creating an empty one when new.
  func slot(_ name: String) -> Int {
    if let i = index[name] { return i }
    let i = names.count
    if i == chunks.count * Globals.chunkSize {
      let chunk = UnsafeMutablePointer<Value?>.allocate(capacity: Globals.chunkSize)
      chunk.initialize(repeating: nil, count: Globals.chunkSize)
      chunks.append(chunk)
    }
    names.append(name)
    index[name] = i
    return i
  }

  /// The stable address of slot `i` (which must exist).
  func pointer(_ i: Int) -> UnsafeMutablePointer<Value?> {
    chunks[i / Globals.chunkSize] + i % Globals.chunkSize
  }

  /// Reads or writes a global by name.
  subscript(name: String) -> Value? {
    get { index[name].flatMap { pointer($0).pointee } }
    set { pointer(slot(name)).pointee = newValue }
  }

  /// Defined names in slot order with their values.
  var defined: [(String, Value)] {
    names.enumerated().compactMap { i, n in pointer(i).pointee.map { (n, $0) } }
  }
}

/// The compiled form of a user function.
final class FunctionCode {
  /// The function's name (`fn` for anonymous ones).
  let name: String
  /// Parameter names in order (they occupy the first slots).
  let params: [String]
  /// The number of parameters.
  let paramCount: Int
  /// The number of local slots.
  let slotCount: Int
  /// Frames of finished calls (a free list), reused to avoid allocating one per call.
  @exclusivity(unchecked) var freeFrames: Frame?
  /// The length of the free list.
  @exclusivity(unchecked) var freeCount = 0
  /// Default-value evaluators per parameter (run in the callee's frame); nil: required.
  let defaults: [Eval?]
  /// Default values' source text per parameter, for signatures.
  let defaultTexts: [String?]
  /// The body (a constant, so calling it needs no retain of a mutable property).
  let body: Eval
  /// The f32 form, when the body is scalar arithmetic (`Compiler.compileScalar`).
  let scalar: ScalarCode?
  /// Where it was defined.
  let source: Source
  let range: SourceRange
  /// The `## ` doc comment above a named definition (its description and example), if any.
  var doc: (text: String, example: String?)?

  init(
    name: String, params: [String], slotCount: Int, defaults: [Eval?], defaultTexts: [String?],
    body: @escaping Eval, scalar: ScalarCode? = nil, source: Source, range: SourceRange
  ) {
    self.name = name
    self.params = params
    self.paramCount = params.count
    self.slotCount = slotCount
    self.defaults = defaults
    self.defaultTexts = defaultTexts
    self.body = body
    self.scalar = scalar
    self.source = source
    self.range = range
  }
}

/// A user-defined function value: code and the captured scope.
public final class Closure {
  let code: FunctionCode
  /// The enclosing function's frame (nil for top-level functions).
  let env: Frame?

  init(code: FunctionCode, env: Frame?) {
    self.code = code
    self.env = env
  }

  /// The function's name.
  public var name: String { code.name }

  /// The form a displayed function takes, which reads back as its definition's header:
  /// `fn myf(a, b = 2)`, or `fn(a)` for an anonymous one.
  public var header: String {
    let parts = code.params.enumerated().map { i, p -> String in
      if i < code.defaultTexts.count, let d = code.defaultTexts[i] { return "\(p) = \(d)" }
      return p
    }
    let params = "(" + parts.joined(separator: ", ") + ")"
    return code.name == "fn" ? "fn" + params : "fn \(code.name)" + params
  }

  /// The description of its `## ` doc comment, if it has one.
  public var doc: String? { code.doc?.text }

  /// The example of its `## example: CODE` line, if it has one.
  public var example: String? { code.doc?.example }

  /// The whole definition as written (`fn name(...) ...` to the end of its body), for `:edit`.
  public var definitionText: String {
    let bytes = code.source.bytes
    let lo = max(0, min(code.range.start.offset, bytes.count))
    let hi = max(lo, min(code.range.end.offset, bytes.count))
    return String(decoding: bytes[lo..<hi], as: UTF8.self)
  }

  /// The signature as users read it: `f(a, b, lr: 0.1)`.
  public var signature: String {
    let parts = code.params.enumerated().map { i, p -> String in
      if i < code.defaultTexts.count, let d = code.defaultTexts[i] { return "\(p): \(d)" }
      return p
    }
    return "\(code.name)(\(parts.joined(separator: ", ")))"
  }
}

/// Releases what dying frames held without recursion: the first frame to die on a thread
/// drains a work list; frames that die while it drains only add to the list.
final class Reclaim {
  private var values: [Value] = []
  private var frames: [Frame] = []
  private var draining = false

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { raw in
      guard let raw else { return }
      Unmanaged<Reclaim>.fromOpaque(raw).release()
    }
    return key
  }()

  /// This thread's instance.
  static var current: Reclaim {
    if let raw = pthread_getspecific(key) {
      return Unmanaged<Reclaim>.fromOpaque(raw).takeUnretainedValue()
    }
    let r = Reclaim()
    pthread_setspecific(key, Unmanaged.passRetained(r).toOpaque())
    return r
  }

  /// Keeps a value a dying frame held, unless dropping it cannot recurse.
  @inline(__always)
  func keep(_ v: Value) {
    switch v {
    case .f32, .f64, .i64, .bool, .tensor, .string, .none: return
    default: values.append(v)
    }
  }

  /// Keeps a dying frame's parent.
  @inline(__always)
  func keep(_ f: Frame) { frames.append(f) }

  /// Drops everything kept, unless an outer call is already doing so.
  func drain() {
    if draining { return }
    draining = true
    while true {
      if let f = frames.popLast() {
        _ = f  // the last reference goes here; its deinit adds to the lists
      } else if let v = values.popLast() {
        _ = v
      } else {
        break
      }
    }
    draining = false
  }
}
