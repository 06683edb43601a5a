extension Plots {
  /// How far a scatter plot's automatic axes may reach beyond the data, as a fraction of the
  /// data's span on each side.
  public static let scatterMaxPad = 0.05

  /// Draws a scatter plot: `scatter(x, y)` or `scatter(x, y, c: labels)`.
  ///
  /// Without classes the points are braille dots (Unicode) or `o` markers (ASCII). With
  /// classes each distinct value of `classes`, in increasing order, gets a marker and a
  /// colour; a character cell holding points of several classes shows the class with the
  /// most points there (the smaller class on a tie). The legend lists the classes. Automatic
  /// axes reach at most 5% of the data's span beyond it on each side (`scatterMaxPad`): the
  /// ends are nice ticks when those are that close, else finer round numbers, labelled.
  /// - Parameters:
  ///   - x: the points' x coordinates.
  ///   - y: their y coordinates, as many as `x`.
  ///   - classes: a class label per point (`c:`), or nil.
  ///   - options: `title:`, `xlabel:`, `ylabel:`, `xlim:`, `ylim:`, `width:`, `height:`.
  ///   - style: the output layer's choices.
  /// - Returns: the plot, one string of lines.
  /// - Throws: `PlotError` when lengths disagree, a class label is not finite, or an
  ///   option is out of range.
  public static func scatter(
    x: [Double], y: [Double], classes: [Double]? = nil,
    options: PlotOptions = PlotOptions(), style: PlotStyle = PlotStyle()
  ) throws(PlotError) -> String {
    let op = "scatter"
    let res = try Resolved(op, style, options, defaultHeight: defaultHeight)
    guard x.count == y.count else {
      throw PlotError("\(op): x and y must have the same length, got [\(x.count)] and [\(y.count)]")
    }
    if let classes, classes.count != x.count {
      throw PlotError(
        "\(op): c must have one label per point, got [\(classes.count)] for [\(x.count)] points")
    }
    try rejectLogy(op, options)
    let ylim = try checkLimits(op, "ylim", options.ylim)
    let xlim = try checkLimits(op, "xlim", options.xlim)
    let classSet = try ClassSet(op, classes ?? [])
    let braille = classes == nil && res.unicode
    let plane = Plane(
      xData: finiteRange(x, cancelled: style.cancelled),
      yData: finiteRange(y, cancelled: style.cancelled), xLimits: xlim, yLimits: ylim, logy: false,
      width: res.width, rows: res.height, ppc: braille ? 2 : 1, ppr: braille ? 4 : 1,
      maxPad: scatterMaxPad)
    var grid: [[Cell]]
    if braille {
      var canvas = BrailleCanvas(columns: plane.columns, rows: plane.rows)
      for i in x.indices {
        if i % PlotStyle.pollEvery == 0 && style.cancelled() { break }
        canvas.point(plane.px(x[i]), plane.py(y[i]), color: PlotColor.series(0))
      }
      grid = canvas.cells()
    } else {
      var markers = MarkerGrid(columns: plane.columns, rows: plane.rows, classes: classSet.count)
      for i in x.indices {
        if i % PlotStyle.pollEvery == 0 && style.cancelled() { break }
        markers.add(plane.px(x[i]), plane.py(y[i]), cls: classSet.index(of: classes?[i] ?? 0))
      }
      grid = Array(repeating: Array(repeating: Cell.blank, count: plane.columns), count: plane.rows)
      markers.draw(on: &grid, unicode: res.unicode)
    }
    var frame = plane.frame(grid, res, options)
    if classes != nil { frame.legend = classSet.legend(unicode: res.unicode) }
    return frame.render()
  }
}
