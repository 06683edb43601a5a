print("nns-bench: not built yet")
