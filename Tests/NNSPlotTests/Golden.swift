import Foundation
import Testing

/// Golden-file comparison: `golden/NAME.txt` holds the expected text plus a final newline.
///
/// Tests compare byte for byte. Run with `NNS_UPDATE_GOLDEN=1` to rewrite the files
/// instead (then read each one before committing it).
enum Golden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("golden")

  static var updating: Bool { ProcessInfo.processInfo.environment["NNS_UPDATE_GOLDEN"] == "1" }

  /// Checks `text` against the golden file `name` (or rewrites it when updating).
  static func check(
    _ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let url = directory.appendingPathComponent(name + ".txt")
    let data = Data((text + "\n").utf8)
    if updating {
      try data.write(to: url)
      return
    }
    let expected = try Data(contentsOf: url)
    #expect(
      expected == data,
      "golden \(name).txt differs; got:\n\(text)", sourceLocation: sourceLocation)
  }
}
