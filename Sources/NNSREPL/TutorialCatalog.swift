import NNSRuntime

/// The tutorials: the `.nns` notebooks in one folder, in file-name order (`00-language.nns`,
/// `01-tensors.nns`, ...); the number a file's name starts with is its lesson number (numbers
/// may leave gaps for lessons to come), else its position in that order, from 1.
public struct TutorialCatalog: Sendable {
  /// One tutorial.
  public struct Entry: Sendable, Equatable {
    /// The file name without `.nns`, e.g. `01-tensors`.
    public var name: String
    /// The file's path.
    public var path: String
    /// The lesson number: the file name's leading number, else its position from 1.
    public var lesson: Int

    /// The name without its leading `NN-` number, e.g. `tensors`.
    public var shortName: String {
      let digits = name.prefix { $0.isNumber }
      guard !digits.isEmpty, name.dropFirst(digits.count).first == "-" else { return name }
      return String(name.dropFirst(digits.count + 1))
    }
  }

  /// The folder holding the tutorials.
  public let directory: String
  /// The tutorials in lesson order.
  public let entries: [Entry]

  /// Lists the tutorials in a folder.
  /// - Parameter directory: the folder.
  public init(directory: String) {
    self.directory = directory
    let files = (TextFile.names(in: directory) ?? []).filter { $0.hasSuffix(".nns") }
    entries = files.enumerated().map { i, file in
      let name = String(file.dropLast(4))
      let digits = name.prefix { $0.isNumber }
      let numbered = digits.count <= 4 && name.dropFirst(digits.count).first == "-"
      return Entry(
        name: name, path: directory + "/" + file,
        lesson: numbered ? Int(digits) ?? (i + 1) : i + 1)
    }
  }

  /// Finds the tutorials folder: `$NNS_TUTORIALS` when set, else the first `scripts/tutorials`
  /// found walking up from the executable's folder (the binary lives in `.build/release/` of the
  /// repository).
  /// - Parameters:
  ///   - environment: the `NNS_TUTORIALS` value, if any.
  ///   - executable: the running binary's path.
  /// - Returns: the folder, or nil when none is found.
  public static func locate(environment: String?, executable: String?) -> String? {
    if let environment, !environment.isEmpty { return environment }
    guard let executable else { return nil }
    var dir = TextFile.directory(of: executable)
    while true {
      let candidate = (dir == "/" ? "" : dir) + "/scripts/tutorials"
      if TextFile.isDirectory(candidate) { return candidate }
      if dir == "/" || dir == "." { return nil }
      dir = TextFile.directory(of: dir)
    }
  }

  /// The default folder for this process (environment, then the executable's location).
  public static func locateForProcess() -> String? {
    locate(environment: Environment.get("NNS_TUTORIALS"), executable: TextFile.executablePath())
  }

  /// Finds a tutorial by its name (`01-tensors`), its name without the number (`tensors`),
  /// its lesson number (`1`), or a unique prefix of the short name.
  public func find(_ query: String) -> Entry? {
    let found = matches(query)
    return found.count == 1 ? found.first : nil
  }

  /// The tutorials a query may mean: the one it names exactly (file name, short name or lesson
  /// number), else every tutorial whose name or short name starts with it (none, one, or
  /// several when the prefix is ambiguous).
  public func matches(_ query: String) -> [Entry] {
    let q = query.hasSuffix(".nns") ? String(query.dropLast(4)) : query
    guard !q.isEmpty else { return [] }
    if let e = entries.first(where: { $0.name == q || $0.shortName == q }) { return [e] }
    if let n = Int(q), let e = entries.first(where: { $0.lesson == n }) { return [e] }
    return entries.filter { $0.shortName.hasPrefix(q) || $0.name.hasPrefix(q) }
  }

  /// A tutorial's one-line summary: its first cell title or its first line of prose, without
  /// Markdown heading marks.
  public static func summary(of notebook: Notebook) -> String {
    for cell in notebook.cells {
      if let title = cell.title { return title }
      if cell.kind == .markdown, let line = cell.markdown.split(separator: "\n").first {
        return String(line.drop { $0 == "#" || $0 == " " })
      }
    }
    return ""
  }
}
