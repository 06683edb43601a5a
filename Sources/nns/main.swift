print("nns: not built yet")
