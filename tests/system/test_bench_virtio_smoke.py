"""Smoke test of make bench's virtio part (scripts/bench/virtio_bench.py):
one short run (2 MiB per dd, 3 pings, 3 s idle) checking that every
measurement produces a number and a progress line. No thresholds: the
figures are for docs/bench.md, not for make test."""
import json
import os
import subprocess

from conftest import TOP

VIRTIO_BENCH = os.path.join(TOP, "scripts", "bench", "virtio_bench.py")


def test_bench_virtio_smoke(built, tmp_path):
    results = tmp_path / "virtio.json"
    p = subprocess.run(
        ["/usr/bin/python3", VIRTIO_BENCH, "--quick", "--json",
         str(results), "--markdown"],
        capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    for line in ("zone 1 write, 2 MiB O_DIRECT", "zone 1 read, 2 MiB",
                 "ping root -> zone 1, 3 pings", "ping zone 1 -> root",
                 "the daemon idle for 3 s", "root write, 1 x 2 MiB",
                 "root read, 1 x 2 MiB"):
        assert f"virtio: {line}" in p.stdout, line
    res = json.loads(results.read_text())
    assert res["quick"] and res["mib"] == 2
    for key in ("zone_read", "zone_write", "root_read", "root_write",
                "read_ratio", "write_ratio", "ping_root_to_zone_ms",
                "ping_zone_to_root_ms"):
        assert res[key] > 0, key
    # a count of CPU ticks, measured (not its size: no thresholds here)
    assert isinstance(res["daemon_idle_ticks"], int)
    assert "## 5. virtio" in p.stdout and "O_DIRECT" in p.stdout
