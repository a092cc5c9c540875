#!/usr/bin/env python3
"""Write a minimal busybox initramfs (cpio "newc") to stdout.

No root needed: device nodes are written straight into the archive.
    mkinitramfs.py --busybox path/to/busybox --init path/to/init \
                   [--add SRC:DST ...]     (DST relative to /, e.g. bin/cvisor)
"""
import argparse
import os
import stat
import sys

DIRS = ["bin", "sbin", "dev", "proc", "sys", "tmp", "etc", "root",
        "usr", "usr/bin", "usr/sbin", "mnt", "lib"]
# name, type, major, minor
NODES = [("dev/console", stat.S_IFCHR, 5, 1), ("dev/null", stat.S_IFCHR, 1, 3),
         ("dev/mem", stat.S_IFCHR, 1, 1), ("dev/ttyAMA0", stat.S_IFCHR, 204, 64),
         ("dev/ttyS0", stat.S_IFCHR, 4, 64)]


class Cpio:
    def __init__(self, out):
        self.out = out
        self.ino = 1

    def entry(self, name, mode, data=b"", major=0, minor=0):
        fields = [self.ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0,
                  len(data), 0, 0, major, minor, len(name) + 1, 0]
        self.ino += 1
        hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
        self._write(hdr + name.encode() + b"\0")
        self._write(data)

    def _write(self, b):
        self.out.write(b)
        self.out.write(b"\0" * (-len(b) % 4))

    def close(self):
        self.entry("TRAILER!!!", 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--busybox", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--add", action="append", default=[],
                    help="SRC:DST, a file to put at /DST (mode kept)")
    args = ap.parse_args()
    out = sys.stdout.buffer
    c = Cpio(out)
    for d in DIRS:
        c.entry(d, stat.S_IFDIR | 0o755)
    for name, kind, major, minor in NODES:
        c.entry(name, kind | 0o600, major=major, minor=minor)
    with open(args.busybox, "rb") as f:
        c.entry("bin/busybox", stat.S_IFREG | 0o755, f.read())
    c.entry("bin/sh", stat.S_IFLNK | 0o777, b"busybox")
    with open(args.init, "rb") as f:
        c.entry("init", stat.S_IFREG | 0o755, f.read())
    made = set(DIRS)
    for item in args.add:
        src, dst = item.split(":", 1)
        # Parent folders first: the kernel does not create them.
        parts = dst.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in made:
                made.add(d)
                c.entry(d, stat.S_IFDIR | 0o755)
        mode = os.stat(src).st_mode & 0o777
        with open(src, "rb") as f:
            c.entry(dst.lstrip("/"), stat.S_IFREG | mode, f.read())
    c.close()
    out.flush()


if __name__ == "__main__":
    main()
