// Tests for NNSAutodiff.
