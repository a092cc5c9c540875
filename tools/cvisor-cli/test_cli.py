#!/usr/bin/env python3
"""Host tests of the cvisor CLI: argument handling, error paths and the
/dev/mem code paths, with a sparse file standing in for /dev/mem (--dev)
and a directory standing in for /proc/device-tree (--dt).

A plain file cannot run calls: the tests preset RESULT, run a command and
check what it left in the registers, the window and the shared page.

    python3 test_cli.py <path to cvisor-host>
"""
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

CLI = None  # set from argv

MGMT = 0x0C000000
WINDOW = 0x0D000000
WINDOW_SIZE = 0x4000000
SHM = 0x0C100000
DEV_SIZE = WINDOW + WINDOW_SIZE

ARG1, ARG2, ARG3, CALL, RESULT = 0x00, 0x08, 0x10, 0x18, 0x20
HC = {"version": 0, "count": 0x10, "info": 0x11, "start": 0x12,
      "shutdown": 0x13, "restart": 0x14, "hvinfo": 0x15, "notify": 0x20}
ERRORS = {-1: "ENOSYS", -2: "EINVAL", -3: "EPERM", -4: "ENOENT",
          -5: "EBUSY", -6: "ENOMEM"}
BUNDLE_MAGIC = 0x4E425643


def be_cells(*vals):
    """Two big-endian cells per value."""
    return b"".join(struct.pack(">Q", v) for v in vals)


def zone_info(zid, state, cpus, mem, vcpus, flags, name):
    return struct.pack("<IIQQII32s", zid, state, cpus, mem, vcpus, flags,
                       name.encode())


def bundle(payload_len, nr_zones=1, magic=BUNDLE_MAGIC, size_delta=0):
    total = 40 + payload_len
    hdr = struct.pack("<IIQIIIIII", magic, 1, total + size_delta, 40, 0,
                      40, nr_zones, 0, 0)
    return hdr + bytes((i * 7 + 3) & 0xFF for i in range(payload_len))


class Machine:
    """A fake physical address space and device tree."""

    def __init__(self, tmp, dt=True, size_cells=2):
        self.dev = os.path.join(tmp, "mem")
        with open(self.dev, "wb") as f:
            f.truncate(DEV_SIZE)
        self.dt = os.path.join(tmp, "dt")
        if dt:
            self.make_dt(size_cells)

    def make_dt(self, sc):
        def prop(path, name, data):
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, name), "wb") as f:
                f.write(data)

        size = (lambda v: struct.pack(">Q", v)) if sc == 2 else \
            (lambda v: struct.pack(">I", v))
        prop(self.dt, "#address-cells", struct.pack(">I", 2))
        prop(self.dt, "#size-cells", struct.pack(">I", sc))
        prop(self.dt + "/cvisor-management@c000000", "reg",
             struct.pack(">Q", MGMT) + size(0x1000))
        prop(self.dt + "/cvisor-management@c000000", "compatible",
             b"cvisor,management\0")
        rmem = self.dt + "/reserved-memory"
        prop(rmem, "#address-cells", struct.pack(">I", 2))
        prop(rmem, "#size-cells", struct.pack(">I", sc))
        prop(rmem + "/cvisor-window@d000000", "reg",
             struct.pack(">Q", WINDOW) + size(WINDOW_SIZE))
        prop(rmem + "/cvisor-window@d000000", "no-map", b"")

    def write(self, addr, data):
        with open(self.dev, "r+b") as f:
            f.seek(addr)
            f.write(data)

    def read(self, addr, n):
        with open(self.dev, "rb") as f:
            f.seek(addr)
            return f.read(n)

    def u64(self, addr):
        return struct.unpack("<Q", self.read(addr, 8))[0]

    def u32(self, addr):
        return struct.unpack("<I", self.read(addr, 4))[0]

    def reg(self, off):
        return self.u64(MGMT + off)

    def set_result(self, val):
        self.write(MGMT + RESULT, struct.pack("<q", val))

    def run(self, *args, dt=True, timeout=10):
        opts = ["--dev", self.dev]
        opts += ["--dt", self.dt if dt else self.dt + "-absent"]
        return subprocess.run([CLI] + opts + list(args),
                              capture_output=True, text=True,
                              timeout=timeout)


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.m = Machine(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def ok(self, r, out=None):
        self.assertEqual(r.returncode, 0, r.stderr)
        if out is not None:
            self.assertIn(out, r.stdout)
        return r

    def failed(self, r, err, status=1):
        self.assertEqual(r.returncode, status, (r.stdout, r.stderr))
        self.assertIn(err, r.stderr)
        return r

    def write_bundle(self, data, name="zone.bundle"):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path


class Usage(Base):
    def test_help(self):
        for a in (["--help"], ["-h"], ["help"]):
            r = self.ok(self.m.run(*a), "usage: cvisor")
            self.assertIn("zone start <bundle-file>", r.stdout)

    def test_bad_command_lines(self):
        cases = [
            ([], "missing command"),
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["zone"], "zone: missing subcommand"),
            (["zone", "bogus"], "unknown subcommand 'bogus'"),
            (["zone", "list", "x"], "takes no arguments"),
            (["zone", "shutdown"], "takes one argument"),
            (["zone", "restart", "1", "2"], "takes one argument"),
            (["zone", "shutdown", "abc"], "'abc' is not a zone id"),
            (["zone", "status", "-1"], "'-1' is not a zone id"),
            (["zone", "shutdown", "4294967296"], "is not a zone id"),
            (["zone", "restart", "0x"], "is not a zone id"),
            (["zone", "restart", " 1"], "is not a zone id"),
            (["zone", "start"], "takes one argument"),
            (["info", "x"], "info takes no arguments"),
            (["ivc"], "ivc: missing subcommand"),
            (["ivc", "poke"], "unknown subcommand 'poke'"),
            (["ivc", "send", "0x1000", "0"], "ivc send <shm-ipa>"),
            (["ivc", "send", "0x1000", "x", "hi"], "not a link index"),
            (["ivc", "send", "0x1004", "0", "hi"], "8-byte aligned"),
            (["ivc", "send", "zz", "0", "hi"], "8-byte aligned"),
            (["ivc", "send", "0x1000", "0", "x" * 249], "longer than 248"),
            (["ivc", "send", "0x1000", "0", "x" * 124, "y" * 124],
             "longer than 248"),
            (["ivc", "recv"], "ivc recv <shm-ipa>"),
            (["ivc", "recv", "0x1000", "soon"], "not a timeout"),
            (["ivc", "recv", "0x1000", "1", "2"], "ivc recv <shm-ipa>"),
            (["--bogus", "info"], "unknown option '--bogus'"),
            (["--mgmt", "zz", "info"], "--mgmt: 'zz'"),
            (["--window", "0x1000:0", "info"], "--window"),
            (["--window", "1:2:3", "info"], "--window"),
        ]
        for args, msg in cases:
            with self.subTest(args=args):
                r = self.failed(self.m.run(*args), msg, status=2)
                self.assertIn("usage: cvisor", r.stderr)
                self.assertEqual(r.stdout, "")
                self.assertEqual(self.m.reg(CALL), 0)  # nothing was called

    def test_missing_command_after_options(self):
        r = subprocess.run([CLI, "--dev", self.m.dev], capture_output=True,
                           text=True)
        self.failed(r, "missing command", status=2)


class Device(Base):
    def test_call_registers(self):
        self.m.write(MGMT + ARG3, struct.pack("<Q", 0xDEAD))
        self.ok(self.m.run("zone", "shutdown", "3"), "zone 3 shut down")
        self.assertEqual(self.m.reg(ARG1), 3)
        self.assertEqual(self.m.reg(ARG3), 0)
        self.assertEqual(self.m.reg(CALL), HC["shutdown"])
        self.ok(self.m.run("zone", "restart", "0x10"), "zone 16 restarted")
        self.assertEqual(self.m.reg(ARG1), 16)
        self.assertEqual(self.m.reg(CALL), HC["restart"])

    def test_start_by_id(self):
        self.m.write(MGMT + ARG1, struct.pack("<Q", 0x1234))
        self.ok(self.m.run("zone", "start", "5"), "zone 5 started")
        self.assertEqual(self.m.reg(ARG1), 0)
        self.assertEqual(self.m.reg(ARG2), 5)
        self.assertEqual(self.m.reg(CALL), HC["start"])

    def test_every_error_by_name(self):
        for code, name in ERRORS.items():
            with self.subTest(code=code):
                self.m.set_result(code)
                r = self.failed(self.m.run("zone", "restart", "2"),
                                "cvisor: zone restart 2: " + name + " (")
                self.assertEqual(r.stdout, "")
        self.m.set_result(-42)
        self.failed(self.m.run("zone", "shutdown", "2"), "error -42")

    def test_no_device_tree_falls_back(self):
        r = self.ok(self.m.run("zone", "shutdown", "1", dt=False))
        self.assertIn("assuming the device at 0xc000000", r.stderr)
        self.assertEqual(self.m.reg(CALL), HC["shutdown"])
        r = self.failed(self.m.run("zone", "list", dt=False),
                        "no /reserved-memory/cvisor-window@* node")
        self.assertEqual(self.m.reg(CALL), HC["shutdown"])  # not called

    def test_device_tree_found_quietly(self):
        r = self.ok(self.m.run("zone", "shutdown", "1"))
        self.assertEqual(r.stderr, "")

    def test_one_cell_sizes(self):
        m = Machine(os.path.join(self.tmp.name), size_cells=1)
        self.ok(m.run("zone", "start", self.write_bundle(bundle(100))))
        self.assertEqual(m.reg(ARG1), WINDOW)

    def test_overrides(self):
        alt_mgmt, alt_win = 0x0C200000, 0x0E000000
        r = self.ok(self.m.run("--mgmt", hex(alt_mgmt), "--window",
                               "%#x:0x100000" % alt_win, "zone", "start",
                               self.write_bundle(bundle(64)), dt=False))
        self.assertEqual(r.stderr, "")
        self.assertEqual(self.m.u64(alt_mgmt + ARG1), alt_win)
        self.assertEqual(self.m.u64(alt_mgmt + CALL), HC["start"])
        self.assertEqual(self.m.reg(CALL), 0)

    def test_dev_errors(self):
        r = subprocess.run([CLI, "--dev", self.m.dev + ".absent", "--dt",
                            self.m.dt, "info"], capture_output=True,
                           text=True)
        self.failed(r, "cannot open " + self.m.dev + ".absent")
        with open(self.m.dev, "r+b") as f:
            f.truncate(MGMT + 0x100)
        self.failed(self.m.run("info"), "beyond the end of the file")


class ZoneStart(Base):
    def test_bundle_lands_in_window(self):
        data = bundle(3 * 4096 + 5)  # not a multiple of 8
        self.m.write(WINDOW, b"\xaa" * (len(data) + 64))
        self.m.set_result(4)
        self.ok(self.m.run("zone", "start", self.write_bundle(data)),
                "zone 4 started")
        self.assertEqual(self.m.read(WINDOW, len(data)), data)
        pad = (-len(data)) % 8
        self.assertEqual(self.m.read(WINDOW + len(data), pad), b"\0" * pad)
        self.assertEqual(self.m.read(WINDOW + len(data) + pad, 8),
                         b"\xaa" * 8)
        self.assertEqual(self.m.reg(ARG1), WINDOW)
        self.assertEqual(self.m.reg(ARG2), len(data))
        self.assertEqual(self.m.reg(CALL), HC["start"])

    def test_bad_bundles_are_not_sent(self):
        cases = [
            (bundle(16, magic=0x12345678), "bad magic"),
            (bundle(16, nr_zones=2), "more than one zone"),
            (bundle(16, size_delta=8), "differs from the file size"),
            (b"CVBN", "too short"),
        ]
        for data, msg in cases:
            with self.subTest(msg=msg):
                self.failed(self.m.run("zone", "start",
                                       self.write_bundle(data)), msg)
                self.assertEqual(self.m.reg(CALL), 0)
        self.failed(self.m.run("zone", "start", "/nonexistent/b.bin"),
                    "cannot open '/nonexistent/b.bin'")
        self.failed(self.m.run("zone", "start", self.tmp.name),
                    "Is a directory")
        self.failed(self.m.run("--window", "%#x:4096" % WINDOW, "zone",
                               "start", self.write_bundle(bundle(4096))),
                    "larger than the management window")
        self.assertEqual(self.m.reg(CALL), 0)

    def test_start_error(self):
        self.m.set_result(-2)
        self.failed(self.m.run("zone", "start", self.write_bundle(
            bundle(8))), "zone start: EINVAL")

    def test_number_wins_over_file(self):
        self.write_bundle(bundle(8), name="3")
        self.ok(self.m.run("zone", "start", "3"), "zone 3 started")
        self.assertEqual(self.m.reg(ARG1), 0)


class ZoneInfo(Base):
    ZONES = [zone_info(0, 1, 0x7, 896 << 20, 3, 3, "root"),
             zone_info(7, 0, 0x8, 16 << 20, 1, 0, "ivc-demo")]

    def setUp(self):
        super().setUp()
        for i, z in enumerate(self.ZONES):
            self.m.write(WINDOW + 64 * i, z)
        self.m.set_result(2)

    def test_list(self):
        r = self.ok(self.m.run("zone", "list"))
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 3, r.stdout)
        self.assertEqual(lines[0].split(),
                         ["ID", "NAME", "STATE", "CPUS", "VCPUS", "MEMORY",
                          "FLAGS"])
        self.assertEqual(lines[1].split(),
                         ["0", "root", "running", "0-2", "3", "896", "MiB",
                          "root,autostart"])
        self.assertEqual(lines[2].split(),
                         ["7", "ivc-demo", "stopped", "3", "1", "16", "MiB",
                          "-"])
        self.assertEqual(self.m.reg(CALL), HC["info"])
        self.assertEqual(self.m.reg(ARG1), 1)
        self.assertEqual(self.m.reg(ARG2), WINDOW + 64)

    def test_status(self):
        r = self.ok(self.m.run("zone", "status", "7"), "name:   ivc-demo")
        self.assertIn("state:  stopped", r.stdout)
        self.assertIn("cpus:   3 (mask 0x8)", r.stdout)
        self.assertIn("memory: 16 MiB (16777216 bytes)", r.stdout)
        self.failed(self.m.run("zone", "status", "9"),
                    "zone status 9: ENOENT")

    def test_odd_values(self):
        self.m.write(WINDOW, zone_info(1, 9, 0b1011 | 1 << 63, 1536 << 20,
                                       4, 0x10, "x" * 32))
        self.m.set_result(1)
        r = self.ok(self.m.run("zone", "list"))
        row = r.stdout.splitlines()[1].split()
        self.assertEqual(row, ["1", "x" * 31, "state-9", "0-1,3,63", "4",
                               "1.5", "GiB", "0x10"])

    def test_count_error(self):
        self.m.set_result(-3)
        r = self.failed(self.m.run("zone", "list"), "zone count: EPERM")
        self.assertEqual(r.stdout, "")


class Info(Base):
    def test_info(self):
        self.m.set_result(0x10002)
        r = self.ok(self.m.run("info"))
        self.assertIn("cvisor ABI:   1.2", r.stdout)
        self.assertIn("cpus:         65538", r.stdout)
        self.assertIn("heap free:    65538 bytes", r.stdout)
        self.assertEqual(self.m.reg(CALL), HC["hvinfo"])
        self.assertEqual(self.m.reg(ARG1), 1)  # CV_INFO_HEAP_FREE last

    def test_info_error(self):
        self.m.set_result(-1)
        self.failed(self.m.run("info"), "version: ENOSYS")


class Ivc(Base):
    def req(self):
        seq, ln = struct.unpack("<II", self.m.read(SHM, 8))
        return seq, ln, self.m.read(SHM + 8, 248)

    def test_send(self):
        self.m.write(SHM + 8, b"\xff" * 248)
        self.ok(self.m.run("ivc", "send", hex(SHM), "0", "hello", "world"),
                "sent seq 1 (11 bytes) on link 0")
        seq, ln, data = self.req()
        self.assertEqual((seq, ln), (1, 11))
        self.assertEqual(data, b"hello world" + b"\0" * 237)
        self.assertEqual(self.m.reg(CALL), HC["notify"])
        self.assertEqual(self.m.reg(ARG1), 0)
        self.ok(self.m.run("ivc", "send", hex(SHM), "2", "x" * 248),
                "sent seq 2 (248 bytes) on link 2")
        self.assertEqual(self.m.reg(ARG1), 2)
        self.assertEqual(self.m.read(SHM + 0x100, 8), b"\0" * 8)

    def test_seq_skips_zero(self):
        self.m.write(SHM, struct.pack("<I", 0xFFFFFFFF))
        self.ok(self.m.run("ivc", "send", hex(SHM), "0", ""),
                "sent seq 1 (0 bytes)")

    def test_send_doorbell_error(self):
        self.m.set_result(-4)
        self.failed(self.m.run("ivc", "send", hex(SHM), "3", "hi"),
                    "ivc send: doorbell of link 3: ENOENT")

    def test_recv(self):
        self.m.write(SHM, struct.pack("<II", 5, 2))
        self.m.write(SHM + 0x100, struct.pack("<II", 5, 5) + b"HELLO")
        r = self.ok(self.m.run("ivc", "recv", hex(SHM)))
        self.assertEqual(r.stdout, "HELLO\n")
        self.assertEqual(self.m.reg(CALL), 0)  # receiving calls nothing

    def test_recv_timeout_and_nothing_sent(self):
        self.failed(self.m.run("ivc", "recv", hex(SHM), "50"),
                    "no request has been sent")
        self.m.write(SHM, struct.pack("<I", 6))
        self.m.write(SHM + 0x100, struct.pack("<II", 5, 5) + b"HELLO")
        t = time.monotonic()
        self.failed(self.m.run("ivc", "recv", hex(SHM), "200"),
                    "no reply to seq 6 within 200 ms")
        self.assertGreaterEqual(time.monotonic() - t, 0.2)

    def test_recv_waits_for_the_reply(self):
        self.ok(self.m.run("ivc", "send", hex(SHM), "0", "hello"))

        def guest():
            time.sleep(0.3)
            self.m.write(SHM + 0x108, b"HELLO")
            self.m.write(SHM + 0x104, struct.pack("<I", 5))
            self.m.write(SHM + 0x100, struct.pack("<I", 1))

        th = threading.Thread(target=guest)
        th.start()
        r = self.m.run("ivc", "recv", hex(SHM), "5000")
        th.join()
        self.ok(r)
        self.assertEqual(r.stdout, "HELLO\n")


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
