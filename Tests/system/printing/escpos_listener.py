#!/usr/bin/env python3
"""A network ESC/POS printer for tests: raw TCP (AppSocket/JetDirect, normally port 9100).

usage: escpos_listener.py PORT OUTDIR FLAGFILE

Each print connection's bytes go to OUTDIR/capture-<n>.bin (n counts print connections only).
A connection that sends exactly DLE EOT 4 (10 04 04) is a paper-sensor query: it is answered
with 0x12 (paper present) or 0x72 (roll ended, while FLAGFILE exists) and not captured.
Prints "listening" once bound, then one line per connection.
"""
import os
import socket
import sys
import time

port, outdir, flag = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.makedirs(outdir, exist_ok=True)
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(8)
print(f"listening 127.0.0.1:{port}", flush=True)
captures = 0
while True:
    conn, _ = server.accept()
    conn.settimeout(30)
    data = bytearray()
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
            if data == b"\x10\x04\x04":
                conn.sendall(bytes([0x72 if os.path.exists(flag) else 0x12]))
    except socket.timeout:
        print("timeout waiting for the sender to finish", flush=True)
    conn.close()
    stamp = time.strftime("%H:%M:%S")
    if bytes(data) == b"\x10\x04\x04":
        print(f"{stamp} paper query answered: {'OUT' if os.path.exists(flag) else 'present'}", flush=True)
        continue
    captures += 1
    path = os.path.join(outdir, f"capture-{captures}.bin")
    with open(path, "wb") as f:
        f.write(data)
    print(f"{stamp} capture {captures}: {len(data)} bytes", flush=True)
