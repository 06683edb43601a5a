import NNSTensor

/// The state a REPL input may change, for putting it back when the input fails: the global
/// variables, the random generator and the default dtype.
public struct GlobalsSnapshot {
  fileprivate let values: [Value?]
  fileprivate let rngState: [UInt64]
  fileprivate let defaultFloat: DType
  fileprivate let definitionOrder: [String]
}

extension Interpreter {
  /// Records the session's state (cheap: values are copy-on-write).
  public func snapshotGlobals() -> GlobalsSnapshot {
    GlobalsSnapshot(
      values: (0..<globals.names.count).map { globals.pointer($0).pointee }, rngState: rng.state,
      defaultFloat: Tensor.defaultFloat, definitionOrder: definitionOrder)
  }

  /// Puts the session back as it was at `snapshot`: every global (names defined since become
  /// undefined), the random generator and the default dtype.
  /// - Returns: what was put back, for the REPL's note: the names whose values had changed,
  ///   then `the random generator` and `the default dtype` when they had.
  @discardableResult
  public func restoreGlobals(_ snapshot: GlobalsSnapshot) -> [String] {
    var changed: [String] = []
    for i in 0..<globals.names.count {
      let before = i < snapshot.values.count ? snapshot.values[i] : nil
      let slot = globals.pointer(i)
      if !Interpreter.same(slot.pointee, before) {
        let name = globals.names[i]
        if !name.hasPrefix("_") && name != "ans" { changed.append(name) }
        slot.pointee = before
      }
    }
    definitionOrder = snapshot.definitionOrder
    definitionSeen = Set(definitionOrder)
    if rng.state != snapshot.rngState {
      rng.state = snapshot.rngState
      changed.append("the random generator")
    }
    if Tensor.defaultFloat != snapshot.defaultFloat {
      Tensor.defaultFloat = snapshot.defaultFloat
      literalF64 = snapshot.defaultFloat == .f64
      changed.append("the default dtype")
    }
    return changed
  }

  /// Whether a slot still holds the very value it held (numbers by bits; anything else by
  /// identity of its storage, which copy-on-write changes on every write while a snapshot
  /// holds the old one).
  static func same(_ a: Value?, _ b: Value?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (nil, _), (_, nil): return false
    case (.f32(let x)?, .f32(let y)?): return x.bitPattern == y.bitPattern
    case (.f64(let x)?, .f64(let y)?): return x.bitPattern == y.bitPattern
    case (.bool(let x)?, .bool(let y)?): return x == y
    case (.none?, .none?): return true
    case (let x?, let y?):
      return withUnsafeBytes(of: x) { bx in withUnsafeBytes(of: y) { by in bx.elementsEqual(by) } }
    }
  }

  /// Whether code left running by a forced interrupt has not finished yet.
  public var isBusy: Bool { abandonedWorker.map { !$0.isFinished } ?? false }

  /// Waits for code left running by a forced interrupt (the REPL's second Ctrl-C) to stop,
  /// then lets the session be used again. Call it before touching the session after an
  /// input that failed that way.
  /// - Parameter waiting: called once when the code has not stopped within 50 ms.
  public func settle(waiting: () -> Void = {}) {
    guard let worker = abandonedWorker else { return }
    if !worker.wait(seconds: 0.05) {
      waiting()
      while !worker.wait(seconds: 1) {}
    }
    abandonedWorker = nil
    FDWriter.forgetAbandoned()
    stepsUntilPoll = 1024
    depth = 0
    Interrupt.clear()
  }
}
