// NNSFiles: see docs/ARCHITECTURE.md. Replaced by the target's real sources.
