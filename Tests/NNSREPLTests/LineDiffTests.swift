import Foundation
import NNSREPL
import Testing

/// Expected hunks were produced by GNU `diff -u` (diffutils) on the same inputs.
@Suite struct LineDiffTests {
  func body(_ old: String, _ new: String) -> String? {
    LineDiff.unified(old, new, oldName: "old", newName: "new").map {
      String($0.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)[2])
    }
  }

  @Test func equalTextsHaveNoDiff() {
    #expect(LineDiff.unified("a\nb\n", "a\nb\n", oldName: "x", newName: "y") == nil)
    #expect(LineDiff.unified("", "", oldName: "x", newName: "y") == nil)
  }

  @Test func headerNamesBothSides() {
    #expect(
      LineDiff.unified("a\n", "b\n", oldName: "saved.md", newName: "run")
        == "--- saved.md\n+++ run\n@@ -1 +1 @@\n-a\n+b\n")
  }

  @Test func separateHunksWithContext() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
    let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n"
    #expect(
      body(old, new) == """
        @@ -1,5 +1,5 @@
         a
        -b
        +B
         c
         d
         e
        @@ -11,3 +11,4 @@
         k
         l
         m
        +n

        """)
  }

  @Test func emptySides() {
    #expect(body("", "x\ny\n") == "@@ -0,0 +1,2 @@\n+x\n+y\n")
    #expect(body("x\ny\n", "") == "@@ -1,2 +0,0 @@\n-x\n-y\n")
  }

  @Test func removalAndInsertionInside() {
    #expect(body("x\ny\nz\n", "x\nz\n") == "@@ -1,3 +1,2 @@\n x\n-y\n z\n")
    #expect(body("x\nz\n", "q\nx\nz\n") == "@@ -1,2 +1,3 @@\n+q\n x\n z\n")
  }

  @Test func nearbyChangesShareAHunk() {
    let old = (1...10).map { "l\($0)" }.joined(separator: "\n") + "\n"
    let new = old.replacingOccurrences(of: "l3\n", with: "L3\n").replacingOccurrences(
      of: "l8\n", with: "L8\n")
    let diff = body(old, new) ?? ""
    #expect(diff.hasPrefix("@@ -1,10 +1,10 @@\n"))
    #expect(diff.components(separatedBy: "@@ ").count == 2)
  }

  @Test func onlyTheFinalNewlineDiffers() {
    let diff = LineDiff.unified("a\n", "a", oldName: "o", newName: "n")
    #expect(diff?.contains("-(a newline at the end)") == true)
  }

  @Test func lcsKeepsTheLongestCommonRun() {
    // a b c d -> b c d a: one removal and one addition, not four changes.
    let diff = body("a\nb\nc\nd\n", "b\nc\nd\na\n") ?? ""
    #expect(diff == "@@ -1,4 +1,4 @@\n-a\n b\n c\n d\n+a\n")
  }
}
