import NNSRuntime

/// Where each tutorial was left, kept in a small text file (`~/.nns/progress`): one line per
/// tutorial, `NAME STEP` (the 1-based step to resume at) or `NAME done`.
public final class TutorialProgress {
  /// A tutorial's recorded state.
  public enum State: Equatable, Sendable {
    /// Left at this step (1-based).
    case step(Int)
    /// Finished.
    case done
  }

  /// The file, or nil to keep progress only in memory.
  public let path: String?
  /// The recorded states by tutorial name.
  public private(set) var states: [String: State] = [:]
  /// Names in the order first seen, so the file keeps a stable order.
  private var order: [String] = []

  /// Loads the progress file (a missing or unreadable file means no progress yet; lines that
  /// do not parse are skipped).
  /// - Parameter path: the file, or nil.
  public init(path: String?) {
    self.path = path
    guard let path, let bytes = try? Files.read(path, op: "progress") else { return }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      guard let space = line.lastIndex(of: " ") else { continue }
      let name = String(line[..<space])
      let value = line[line.index(after: space)...]
      if name.isEmpty { continue }
      if value == "done" {
        record(name, .done)
      } else if let n = Int(value), n >= 1 {
        record(name, .step(n))
      }
    }
  }

  /// The default file: `$HOME/.nns/progress`, or nil without a home folder.
  public static var defaultPath: String? {
    guard let home = Environment.get("HOME"), !home.isEmpty else { return nil }
    return home + "/.nns/progress"
  }

  /// A tutorial's state, or nil when it was never started.
  public func state(of name: String) -> State? { states[name] }

  /// Records a tutorial's state and writes the file.
  /// - Returns: the error message when the file could not be written.
  @discardableResult
  public func set(_ name: String, _ state: State) -> String? {
    record(name, state)
    guard let path else { return nil }
    TextFile.makeDirectories(TextFile.directory(of: path))
    let text =
      order.compactMap { name -> String? in
        switch states[name] {
        case .step(let n): return "\(name) \(n)"
        case .done: return "\(name) done"
        case nil: return nil
        }
      }.joined(separator: "\n") + "\n"
    do { try TextFile.write(text, to: path, op: "tutorial progress") } catch {
      return "\(error)"
    }
    return nil
  }

  private func record(_ name: String, _ state: State) {
    if states[name] == nil { order.append(name) }
    states[name] = state
  }
}
