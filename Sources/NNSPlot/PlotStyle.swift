/// How a plot is drawn: decided once by the runtime's output layer from the environment.
///
/// NNSPlot never reads the environment itself. The output layer sets `width` to the
/// terminal's width (80 when output is not a terminal), `unicode` to false under
/// `NNS_ASCII=1` or a non-UTF-8 locale, and `color` to true only on a terminal with
/// `NO_COLOR` unset or empty and `TERM` not `dumb`.
public struct PlotStyle: Sendable, Equatable {
  /// Asked now and then while a large plot is drawn (every `PlotStyle.pollEvery` points or
  /// rows); once it returns true the plot stops early and returns an unfinished picture, which
  /// the caller discards. The runtime passes "Ctrl-C was pressed"; NNSPlot reads nothing
  /// itself. Not part of equality.
  public var cancelled: @Sendable () -> Bool = { false }
  /// Points (or source cells) drawn between two calls of `cancelled`.
  public static let pollEvery = 1 << 16

  /// Columns the whole plot may use, labels included; clamped to `PlotStyle.widthRange`.
  public var width: Int
  /// Rows of the plotting area, or nil for each plot kind's default.
  public var height: Int?
  /// Braille, box-drawing and block glyphs when true; plain ASCII when false.
  public var unicode: Bool
  /// ANSI colour escapes when true; plain deterministic text when false.
  public var color: Bool

  /// The widths a plot can be drawn in; an environment width outside is clamped.
  public static let widthRange = 20...1000
  /// The plotting-area heights a plot can be drawn in.
  public static let heightRange = 2...500

  /// Creates a style.
  /// - Parameters:
  ///   - width: total columns (terminal width, or 80 for a pipe or file).
  ///   - height: plotting-area rows, nil for the plot kind's default.
  ///   - unicode: whether Unicode glyphs may be used.
  ///   - color: whether ANSI colour escapes may be used.
  public init(width: Int = 80, height: Int? = nil, unicode: Bool = true, color: Bool = false) {
    self.width = width
    self.height = height
    self.unicode = unicode
    self.color = color
  }
}

extension PlotStyle {
  /// Styles are equal when their sizes and glyph rules are (`cancelled` is not compared).
  public static func == (a: PlotStyle, b: PlotStyle) -> Bool {
    a.width == b.width && a.height == b.height && a.unicode == b.unicode && a.color == b.color
  }
}

/// The named arguments shared by the plot builtins (`title:`, `xlabel:`, `ylabel:`,
/// `ylim:`, `logy:`, `width:`, `height:`), exactly as the user gave them.
///
/// Values are validated when a plot is drawn: a bad one throws a `PlotError`.
public struct PlotOptions: Sendable, Equatable {
  /// Text centred above the plot.
  public var title: String?
  /// Text centred under the x axis.
  public var xlabel: String?
  /// Text above the y axis.
  public var ylabel: String?
  /// `[lo, hi]` for the y axis, with lo < hi; nil for the data's range.
  public var ylim: [Double]?
  /// `[lo, hi]` for the x axis, with lo < hi; nil for the data's range.
  public var xlim: [Double]?
  /// A base-10 logarithmic y axis (loss curves); non-positive values leave gaps.
  public var logy: Bool
  /// The user's `width:` (total columns), overriding the style's; must lie in
  /// `PlotStyle.widthRange`.
  public var width: Int?
  /// The user's `height:` (plotting-area rows), overriding the style's; must lie in
  /// `PlotStyle.heightRange`.
  public var height: Int?

  /// Creates options; every argument defaults to "not given".
  public init(
    title: String? = nil, xlabel: String? = nil, ylabel: String? = nil,
    ylim: [Double]? = nil, xlim: [Double]? = nil, logy: Bool = false,
    width: Int? = nil, height: Int? = nil
  ) {
    self.title = title
    self.xlabel = xlabel
    self.ylabel = ylabel
    self.ylim = ylim
    self.xlim = xlim
    self.logy = logy
    self.width = width
    self.height = height
  }
}

/// A plot that cannot be drawn: a lowercase message naming the builtin and the problem.
public struct PlotError: Error, CustomStringConvertible, Equatable {
  /// The message, e.g. `plot: width must be between 20 and 1000, got 5`.
  public var message: String
  /// Creates an error with `message`.
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The resolved size and glyph rules of one plot, after options override the style.
struct Resolved {
  var width: Int
  var height: Int
  var unicode: Bool
  var color: Bool

  /// Merges the user's options into the environment's style.
  /// - Parameters:
  ///   - op: the builtin's name, for messages.
  ///   - defaultHeight: the plot kind's height when neither options nor style give one.
  /// - Throws: `PlotError` when the user's width or height is out of range.
  init(_ op: String, _ style: PlotStyle, _ options: PlotOptions, defaultHeight: Int)
    throws(PlotError)
  {
    let wr = PlotStyle.widthRange
    let hr = PlotStyle.heightRange
    if let w = options.width {
      guard wr.contains(w) else {
        throw PlotError(
          "\(op): width must be between \(wr.lowerBound) and \(wr.upperBound), got \(w)")
      }
      width = w
    } else {
      width = min(max(style.width, wr.lowerBound), wr.upperBound)
    }
    if let h = options.height {
      guard hr.contains(h) else {
        throw PlotError(
          "\(op): height must be between \(hr.lowerBound) and \(hr.upperBound), got \(h)")
      }
      height = h
    } else {
      height = min(max(style.height ?? defaultHeight, hr.lowerBound), hr.upperBound)
    }
    unicode = style.unicode
    color = style.color
  }
}

/// Rejects `logy: true` for a plot kind without a log axis.
/// - Throws: `PlotError` naming the builtin when `options.logy` is set.
func rejectLogy(_ op: String, _ options: PlotOptions) throws(PlotError) {
  if options.logy { throw PlotError("\(op): logy is only available for plot") }
}

/// Checks a user's `[lo, hi]` limit list.
/// - Throws: `PlotError` unless it holds two finite numbers with lo < hi.
func checkLimits(_ op: String, _ name: String, _ lim: [Double]?) throws(PlotError) -> (
  Double, Double
)? {
  guard let lim else { return nil }
  guard lim.count == 2, lim[0].isFinite, lim[1].isFinite, lim[0] < lim[1] else {
    let shown = lim.map { NumberFormat.shortest($0) }.joined(separator: ",")
    throw PlotError("\(op): \(name) must be [lo, hi] with finite lo < hi, got [\(shown)]")
  }
  return (lim[0], lim[1])
}

extension PlotStyle {
  /// The style SPEC §7 prescribes for the given facts about the output, for the runtime's
  /// output layer (NNSPlot reads nothing itself: the caller passes what it found).
  ///
  /// - Width: the terminal's width on a terminal, else 80.
  /// - Unicode: unless `NNS_ASCII=1`, or the locale (the first non-empty of `LC_ALL`,
  ///   `LC_CTYPE`, `LANG`; `C` when none) does not name UTF-8.
  /// - Colour: only on a terminal, with `TERM` not `dumb` and `NO_COLOR` unset or empty.
  /// - Parameters:
  ///   - isTerminal: whether standard output is a terminal.
  ///   - terminalWidth: the terminal's columns, when known.
  ///   - environment: the process environment (or a test's stand-in).
  /// - Returns: the style, with `height` nil (each plot kind's default).
  public static func forOutput(
    isTerminal: Bool, terminalWidth: Int?, environment: [String: String]
  ) -> PlotStyle {
    let width = isTerminal ? (terminalWidth ?? 80) : 80
    let locale =
      ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
      ?? "C"
    let lower = locale.lowercased()
    let utf8 = lower.contains("utf-8") || lower.contains("utf8")
    let unicode = environment["NNS_ASCII"] != "1" && utf8
    let color =
      isTerminal && environment["TERM"] != "dumb" && (environment["NO_COLOR"] ?? "").isEmpty
    return PlotStyle(width: width, height: nil, unicode: unicode, color: color)
  }
}
