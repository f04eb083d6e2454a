print("ccnet-emulator: not built yet")
