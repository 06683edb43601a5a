// Tests for NNSSyntax.
