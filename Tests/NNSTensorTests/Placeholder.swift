// Tests for NNSTensor.
