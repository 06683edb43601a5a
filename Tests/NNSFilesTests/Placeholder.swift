// Tests for NNSFiles.
