print("kiosk-bench: no suites yet")
