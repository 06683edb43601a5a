import NNSREPL
import Testing

/// SPEC §9's rule for `--check`: text exact, numbers within a relative 1e-4 or an absolute 1e-6.
@Suite struct NumericMatchTests {
  @Test(arguments: [
    ("0.037285686  f32", "0.03728597  f32"),  // the AVX2/AVX-512 difference seen in tutorial 07
    ("loss 1.2345678", "loss 1.2345679"),  // 8th digit
    ("x = 2.5e-07", "x = 2.7e-07"),  // absolute 1e-6 near zero
    ("[1, nan, -inf]", "[1, nan, -inf]"),
    ("[456.01877,  2361.372]", "[456.01877,  2361.3721]"),
    ("a 1e+20 b", "a 1.00001e+20 b"),  // 1e-5 relative
    (
      "[1.0877136e-12, 6.2749805e-13,  7.964366e-13]",
      "[1.0877136e-12,   6.27498e-13, 7.9643654e-13]"
    ),
    ("-0", "0"),
    ("[456.01877,  2361.372]", "[ 456.0188,  2361.372]"),  // padding before a narrower number
  ])
  func matches(_ pair: (String, String)) {
    #expect(NumericMatch.equal(pair.0, pair.1))
    #expect(NumericMatch.equal(pair.1, pair.0))
  }

  @Test(arguments: [
    ("loss 1.2345678", "loss 1.2445678"),  // 3rd digit
    ("0.5  f32", "0.5  f64"),  // a word
    ("epoch 3", "epoch 4"),
    ("[1, 2]", "[1, 2, 3]"),
    ("x = a", "x =a"),  // white space where the other has none (away from numbers)
    ("1 inf", "1 -inf"),
    ("nan", "0"),
    ("w1 = 3", "w2 = 3"),  // digits inside a word are text
    ("shape [3,4]", "shape [3,5]"),
    ("✓ final < 0.1", "✗ final < 0.1"),
  ])
  func differs(_ pair: (String, String)) {
    #expect(!NumericMatch.equal(pair.0, pair.1))
    #expect(!NumericMatch.equal(pair.1, pair.0))
  }

  @Test func closeIsRelativeOrAbsolute() {
    #expect(NumericMatch.close(1000, 1000.09))
    #expect(!NumericMatch.close(1000, 1000.2))
    #expect(NumericMatch.close(0, 9e-7))
    #expect(!NumericMatch.close(0, 2e-6))
    #expect(NumericMatch.close(.nan, .nan))
    #expect(!NumericMatch.close(.infinity, -.infinity))
  }

  @Test func wordsWithDigitsAreText() {
    #expect(NumericMatch.equal("f32 [3]", "f32 [3]"))
    #expect(!NumericMatch.equal("f32", "f33"))
    #expect(!NumericMatch.equal("3px", "3.00001px"))
  }

  @Test func rewrappedRowsAreNoDifference() {
    // A number's new width moved a tensor's row break: the lines differ, the values do not.
    let old = "```text\n[0.11111111, 0.22222222,\n 0.33333333]  f32 [3]\n```\n"
    let new = "```text\n[0.1111111, 0.2222222, 0.3333333]  f32 [3]\n```\n"
    #expect(LineDiff.unified(old, new, oldName: "o", newName: "n") != nil)
    #expect(
      LineDiff.unified(old, new, oldName: "o", newName: "n", equal: NumericMatch.equal) == nil)
  }

  @Test func diffShowsOnlyWhatFallsOutsideTheRule() {
    let old = "a 1.0000001\nb 2\nc 3\nd 4\ne 5\nf 6\ng 7\nh 8\n"
    let new = "a 1.0000002\nb 2\nc 3\nd 4\ne 5\nf 6\ng 7\nh 9\n"
    let diff = LineDiff.unified(old, new, oldName: "o", newName: "n", equal: NumericMatch.equal)
    #expect(diff == "--- o\n+++ n\n@@ -5,4 +5,4 @@\n e 5\n f 6\n g 7\n-h 8\n+h 9\n")
  }

  @Test func onlyAFinalNewlineStillDiffers() {
    let diff = LineDiff.unified(
      "a 1\n", "a 1", oldName: "o", newName: "n", equal: NumericMatch.equal)
    #expect(diff?.contains("(a newline at the end)") == true)
  }
}
