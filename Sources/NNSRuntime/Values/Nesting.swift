#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSTensor

/// Limits on the shape of lists and records (docs/LANGUAGE.md, "Limits and sessions").
///
/// Every walk over a value (display, `==`, tree arithmetic, `tree_map`, saving, and Swift's own
/// release of the memory) recurses once per level of nesting, so a value may be at most
/// `maxHeight` levels deep: building a deeper one (a list or record literal, an assignment
/// into a part, `append`, `map`, `zip`, `enumerate`, `tree_map`) is an error. Trees may share
/// subtrees (`x = [x, x]` doubles the leaves, not the memory), so operations that build a new
/// tree leaf by leaf count the leaves first (`checkLeaves`), without visiting a shared subtree
/// twice.
enum Nesting {
  /// The deepest nesting of lists and records a value may have (a list of numbers is 1 deep).
  static let maxHeight = 10_000
  /// The most leaves (numbers, tensors, strings, ...) an operation may build into a new tree,
  /// and the most items a list may have.
  static let maxItems = 1 << 26

  /// The height and leaf count of a value, memoised over shared subtrees. Stops early (with
  /// `height > heightLimit` or `leaves > leafLimit`) once either limit is passed.
  static func measure(
    _ root: Value, heightLimit: Int = maxHeight, leafLimit: Int = Int.max
  ) -> (height: Int, leaves: Int) {
    guard let rootItems = children(root) else { return (0, 1) }
    /// A list or record whose children are being visited.
    struct Pending {
      let items: [Value]
      let key: UnsafeRawPointer?
      var next = 0
      var height = 1
      var leaves = 0
    }
    var memo: [UnsafeRawPointer: (Int, Int)] = [:]
    var stack = [Pending(items: rootItems, key: nil)]
    while var top = stack.popLast() {
      if top.next < top.items.count {
        let child = top.items[top.next]
        top.next += 1
        if let items = children(child) {
          // only lists of two or more items can make sharing exponential: remember those
          let key = items.count > 1 ? identity(items) : nil
          if leafLimit == Int.max, let h = Remembered.current.height(of: items) {
            top.height = max(top.height, h + 1)  // a deep value built just before
            stack.append(top)
          } else if let key, let (h, n) = memo[key] {
            top.height = max(top.height, h + 1)
            top.leaves = sum(top.leaves, n)
            stack.append(top)
          } else {
            stack.append(top)
            if stack.count >= heightLimit { return (heightLimit + 1, top.leaves) }
            stack.append(Pending(items: items, key: key))
          }
        } else {
          top.leaves = sum(top.leaves, 1)
          stack.append(top)
        }
        if top.leaves > leafLimit { return (stack.count, top.leaves) }
        continue
      }
      if let key = top.key { memo[key] = (top.height, top.leaves) }
      guard var parent = stack.popLast() else { return (top.height, top.leaves) }
      parent.height = max(parent.height, top.height + 1)
      parent.leaves = sum(parent.leaves, top.leaves)
      if parent.leaves > leafLimit { return (stack.count + 1, parent.leaves) }
      stack.append(parent)
    }
    return (0, 1)  // unreachable: the root's entry returns above
  }

  /// The nesting height of a value (0 for anything but a list or record), or more than
  /// `limit` when it is deeper than that.
  static func height(_ v: Value, limit: Int = maxHeight) -> Int {
    guard children(v) != nil else { return 0 }
    return measure(v, heightLimit: limit).height
  }

  /// Throws unless `v` can be placed `depth` levels inside a list or record (e.g. 1 for an
  /// item of a new list) without the result passing `maxHeight`.
  static func check(_ v: Value, depth: Int = 1, op: String) throws {
    guard children(v) != nil else { return }
    let room = maxHeight - depth
    if room < 0 || height(v, limit: room) > room { throw tooDeep(op) }
  }

  /// `check` for each item of a new list or record.
  static func check(items: [Value], depth: Int = 1, op: String) throws {
    for v in items { try check(v, depth: depth, op: op) }
  }

  /// `check` for the items of a list or record literal, which is then `built`: a deep one is
  /// remembered (`Remembered`), so that wrapping it again (`x = [x]` in a loop) does not walk
  /// it again, and building 10,000 levels stays linear.
  static func checkLiteral(items: [Value], op: String, built: ([Value]) -> Value) throws -> Value {
    var height = 0
    for v in items where children(v) != nil {
      let room = maxHeight - 1
      let h = self.height(v, limit: room)
      if h > room { throw tooDeep(op) }
      height = max(height, h)
    }
    let value = built(items)
    if height + 1 >= Remembered.minHeight, let stored = children(value) {
      Remembered.current.add(stored, height: height + 1)
    }
    return value
  }

  /// Throws when the list or record `v`, a complete new value, is deeper than `maxHeight`.
  static func check(result v: Value, op: String) throws {
    guard children(v) != nil else { return }
    if height(v) > maxHeight { throw tooDeep(op) }
  }

  /// Throws when mapping over `trees` would build more than `maxItems` leaves.
  static func checkLeaves(_ trees: Value..., op: String) throws {
    for t in trees where children(t) != nil {
      let (_, n) = measure(t, heightLimit: Int.max, leafLimit: maxItems)
      if n > maxItems {
        throw RuntimeError(
          "\(op): the result would have more than \(maxItems) leaves (the limit; a tree that "
            + "shares subtrees counts each use)")
      }
    }
  }

  /// Throws when a new list of `count` items would pass `maxItems`.
  static func checkCount(_ count: Int, op: String) throws {
    if count > maxItems {
      throw RuntimeError(
        "\(op): a list of \(count) items is too long (the limit is \(maxItems) items)")
    }
    let bytes = count &* MemoryLayout<Value>.stride
    if bytes >= Tensor.probeBytes {
      do { try Tensor.probe(bytes, op: op, what: "a list of \(count) items") } catch {
        throw RuntimeError("\(error)")
      }
    }
  }

  static func tooDeep(_ op: String) -> RuntimeError {
    RuntimeError(
      "\(op): lists and records may be nested at most \(maxHeight) levels deep")
  }

  /// The items of a list or record (nil for other values).
  @inline(__always)
  static func children(_ v: Value) -> [Value]? {
    switch v {
    case .list(let items): return items
    case .record(let r): return r.values
    default: return nil
    }
  }

  /// An address naming an array's storage while it is alive (nil when it has none).
  @inline(__always)
  static func identity(_ items: [Value]) -> UnsafeRawPointer? {
    items.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
  }

  @inline(__always)
  static func sum(_ a: Int, _ b: Int) -> Int {
    let (s, o) = a.addingReportingOverflow(b)
    return o ? Int.max : s
  }
}

/// The heights of the deepest lists and records built lately on this thread (by literals),
/// each kept alive by its entry so that its storage address names it; shallow values are not
/// kept (an entry makes a later in-place change of its list copy the list once).
final class Remembered {
  /// Values at least this deep are remembered.
  static let minHeight = 64
  private var entries: [(items: [Value], height: Int)] = []
  private var next = 0

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { raw in
      guard let raw else { return }
      Unmanaged<Remembered>.fromOpaque(raw).release()
    }
    return key
  }()

  /// This thread's instance.
  static var current: Remembered {
    if let raw = pthread_getspecific(key) {
      return Unmanaged<Remembered>.fromOpaque(raw).takeUnretainedValue()
    }
    let r = Remembered()
    pthread_setspecific(key, Unmanaged.passRetained(r).toOpaque())
    return r
  }

  /// The remembered height of the list or record whose items are `items`.
  @inline(__always)
  func height(of items: [Value]) -> Int? {
    if entries.isEmpty { return nil }
    guard let key = Nesting.identity(items) else { return nil }
    for e in entries where Nesting.identity(e.items) == key { return e.height }
    return nil
  }

  /// Remembers a value's items and height (8 entries, the oldest replaced first).
  func add(_ items: [Value], height: Int) {
    if entries.count < 8 {
      entries.append((items, height))
    } else {
      entries[next] = (items, height)
      next = (next + 1) % 8
    }
  }
}
