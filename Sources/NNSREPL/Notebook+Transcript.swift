/// Builds a notebook's Markdown transcript, block by block (docs/NOTEBOOKS.md describes it).
///
/// Blocks are separated by one blank line: prose as written, a cell's title as a bold line,
/// code in a fenced `nns` block, its output in a fenced `text` block (left out when the cell
/// wrote nothing). A fence is longer than any run of backticks inside it, so no output can
/// close it early.
public struct TranscriptWriter {
  /// The blocks so far.
  private var blocks: [String] = []

  /// Starts a transcript with a comment naming the notebook it comes from.
  /// - Parameter name: the notebook's file name.
  public init(name: String) {
    blocks.append(
      "<!-- Transcript of \(name), written by `nns notebook`: edit \(name), not this. -->")
  }

  /// The transcript: every block, one blank line apart, ending in a newline.
  public var text: String { blocks.joined(separator: "\n\n") + "\n" }

  /// Adds a prose cell's Markdown.
  public mutating func prose(_ markdown: String) {
    if !markdown.isEmpty { blocks.append(markdown) }
  }

  /// Adds a cell title as a bold line.
  public mutating func title(_ title: String?) {
    if let title { blocks.append("**\(title)**") }
  }

  /// Adds a code cell: its code, then its output when there is any.
  public mutating func code(_ code: String, output: String) {
    if !code.isEmpty { blocks.append(TranscriptWriter.fenced(code, info: "nns")) }
    self.output(output)
  }

  /// Adds a cell's output in a `text` block, unless it is empty.
  public mutating func output(_ text: String) {
    guard !text.isEmpty else { return }
    var body = text
    if body.hasSuffix("\n") { body.removeLast() }
    blocks.append(TranscriptWriter.fenced(body, info: "text"))
  }

  /// Adds an exercise: its title, the checks to make hold, its hints and its model solution
  /// with the solution's output and the outcome of each check.
  public mutating func exercise(_ cell: Notebook.Cell, output: String) {
    blocks.append("**Exercise\(cell.title.map { ": " + $0 } ?? "")**")
    prose(cell.task)
    let checks = cell.checks.map(\.text).joined(separator: "\n")
    let what = cell.checks.count == 1 ? "this check hold" : "these checks hold"
    blocks.append(
      "Write code that makes \(what):\n\n" + TranscriptWriter.fenced(checks, info: "nns"))
    if !cell.hints.isEmpty {
      let list = cell.hints.enumerated().map { "\($0.offset + 1). \($0.element)" }
      blocks.append("Hints:\n\n" + list.joined(separator: "\n"))
    }
    let code = cell.displayCode
    if !code.isEmpty {
      blocks.append("A solution:\n\n" + TranscriptWriter.fenced(code, info: "nns"))
    }
    self.output(output)
  }

  /// Adds the note that ends a transcript cut short by an error.
  public mutating func stopped(remaining: Int) {
    guard remaining > 0 else { return }
    let cells = remaining == 1 ? "1 more cell" : "\(remaining) more cells"
    blocks.append("_The run stopped at this error; \(cells) did not run._")
  }

  /// Wraps text in a fence of backticks longer than any run of backticks inside it.
  static func fenced(_ text: String, info: String) -> String {
    var longest = 0
    var run = 0
    for c in text {
      if c == "`" {
        run += 1
        longest = max(longest, run)
      } else {
        run = 0
      }
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return fence + info + "\n" + text + "\n" + fence
  }
}
