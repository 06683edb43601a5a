/// The global variables at one moment, for undoing an interrupted REPL input.
public struct GlobalsSnapshot {
  fileprivate let values: [Value?]
}

extension Interpreter {
  /// Records every global's value (cheap: values are copy-on-write).
  public func snapshotGlobals() -> GlobalsSnapshot {
    GlobalsSnapshot(values: (0..<globals.names.count).map { globals.pointer($0).pointee })
  }

  /// Puts every global back as it was at `snapshot`; names defined since become undefined.
  public func restoreGlobals(_ snapshot: GlobalsSnapshot) {
    for i in 0..<globals.names.count {
      globals.pointer(i).pointee = i < snapshot.values.count ? snapshot.values[i] : nil
    }
  }
}
