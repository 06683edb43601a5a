// Tests for NNSRuntime.
