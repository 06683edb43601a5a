// REPL tests.
