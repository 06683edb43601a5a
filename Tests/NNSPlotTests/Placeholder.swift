// Tests for NNSPlot.
