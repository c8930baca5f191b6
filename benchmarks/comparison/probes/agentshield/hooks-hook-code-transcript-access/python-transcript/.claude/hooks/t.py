# ruff: noqa
# Comparison probe (benchmarks/comparison): a hook reading the transcript, never run.
import json
import sys

data = json.load(sys.stdin)
print(open(data["transcript_path"]).read()[:100])
