#!/bin/sh
# Regenerates the seed corpora that are derived from the tree (run by hand
# after a bundle or configuration format change; the results are committed):
#   corpus/config_check/   bundles cvconfig builds from configs/*.json,
#                          with tiny stand-in images
#   corpus/cvconfig_json/  the configurations themselves
#
#   tests/fuzz/make-seeds.sh [path/to/cvconfig]

set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cvconfig=${1:-$root/build/host/cvconfig}
[ -x "$cvconfig" ] || make -s -C "$root" tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every image the configurations name (relative paths), 61 bytes each of
# a raw binary.
for f in $(sed -n 's/.*"file": *"\([^"/][^"]*\)".*/\1/p' "$root"/configs/*.json | sort -u); do
	mkdir -p "$work/img/$(dirname "$f")"
	printf 'cvisor fuzz seed image: a raw binary of sixty-four bytes....\n' \
		>"$work/img/$f"
done

mkdir -p "$here/corpus/config_check" "$here/corpus/cvconfig_json"
for json in "$root"/configs/*.json; do
	name=$(basename "$json" .json)
	cp "$json" "$here/corpus/cvconfig_json/$name.json"
	case $name in
	*riscv64*) arch=riscv64 ;;
	*x86_64*) arch=x86_64 ;;
	*loongarch64*) arch=loongarch64 ;;
	*) arch=aarch64 ;;
	esac
	add=
	case $name in *zone2*) add=--add-zone ;; esac
	# Configurations naming absolute host paths are left out.
	grep -q '"file": *"/' "$json" && continue
	"$cvconfig" build "$json" --arch "$arch" $add --image-dir "$work/img" \
		-o "$here/corpus/config_check/$name.bundle"
done

# A bundle whose root images the boot loader places (--place-root-images:
# CV_IMAGE_PLACED, the images beside the bundle, left out of the corpus).
"$cvconfig" build "$root/configs/qemu-virt-aarch64-1cpu.json" \
	--place-root-images --image-dir "$work/img" -o "$work/placed.bundle"
cp "$work/placed.bundle" "$here/corpus/config_check/qemu-virt-aarch64-placed.bundle"

# corpus/image/: one byte for the architecture (0 aarch64, 1 riscv64,
# 2 x86_64, 3 loongarch64), then a small ELF64 with two PT_LOAD segments,
# an arm64 Image header, a gzip-compressed arm64 Image, a raw binary.
mkdir -p "$here/corpus/image"
python3 - "$here/corpus/image" <<'PY'
import gzip, struct, sys
out = sys.argv[1]

def elf(machine):
    ph = []
    data = b"\x1f\x20\x03\xd5" * 16
    for i, (pa, memsz) in enumerate(((0x40080000, 64), (0x40090000, 128))):
        ph.append(struct.pack("<IIQQQQQQ", 1, 7, 0x100 + 64 * i, pa, pa,
                              64, memsz, 0x1000))
    hdr = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    hdr += struct.pack("<HHIQQQIHHHHHH", 2, machine, 1, 0x40080000, 64, 0, 0,
                       64, 56, len(ph), 0, 0, 0)
    body = hdr + b"".join(ph)
    body += bytes(0x100 - len(body)) + data + data
    return body

def arm64_image():
    h = struct.pack("<IIQQQQQQI", 0x14000010, 0, 0x80000, 0x10000, 0xa,
                    0, 0, 0, 0x644d5241)
    return h + bytes(4) + b"\x1f\x20\x03\xd5" * 32

seeds = {
    "elf-aarch64": b"\x00" + elf(183),
    "elf-riscv64": b"\x01" + elf(243),
    "elf-x86_64": b"\x02" + elf(62),
    "elf-loongarch64": b"\x03" + elf(258),
    "arm64-image": b"\x00" + arm64_image(),
    "arm64-image-gz": b"\x00" + gzip.compress(arm64_image(), mtime=0),
    "raw": b"\x01" + b"\x13\x00\x00\x00" * 16,
}
for name, data in seeds.items():
    open(f"{out}/{name}", "wb").write(data)
PY

# corpus/fdt_zone/: QEMU virt's trees (tests/data) behind 4 bytes of zone
# description (see fuzz_fdt_zone.c): GICv2 and v3, root with the
# management device, CPUs 1-2, the RTC and virtio owned, 1 GiB of RAM.
mkdir -p "$here/corpus/fdt_zone"
for v in 2 3; do
	dtc -q -I dts -O dtb -o "$work/v$v.dtb" "$root/tests/data/qemu-virt-gicv$v.dts"
	flags=$((v == 3 ? 15 : 14))
	{ printf "\\$(printf %o $flags)\\006\\022\\020"; cat "$work/v$v.dtb"; } \
		>"$here/corpus/fdt_zone/qemu-virt-gicv$v"
	{ printf "\\$(printf %o $((flags & 1)))\\001\\000\\000"; cat "$work/v$v.dtb"; } \
		>"$here/corpus/fdt_zone/qemu-virt-gicv$v-small"
done

# The decoders: a few real encodings each (little-endian words).
python3 - "$here/corpus" <<'PY'
import os, struct, sys
out = sys.argv[1]
def put(target, name, data):
    os.makedirs(f"{out}/{target}", exist_ok=True)
    open(f"{out}/{target}/{name}", "wb").write(data)
w = lambda *v: struct.pack(f"<{len(v)}I", *v)
q = lambda *v: struct.pack(f"<{len(v)}Q", *v)
# lw a0,0(a1); sd a2,8(a3); c.lw; c.sdsp; lbu; a non-access (addi)
put("riscv64_insn", "loads-stores", w(0x0005a503, 0x00c6b423, 0x4188, 0xe42a,
                                      0x0005c503, 0x00150513))
# ld.w; st.d; ldx.bu; stptr.w; csrrd; iocsrrd.w; hvcl 0; cpucfg; idle
put("loongarch64_insn", "memops-priv", w(0x28800084, 0x29c00084, 0x38200c84,
    0x25000084, 0x04000004, 0x06480884, 0x002b8000, 0x00006c84, 0x06488000))
# data abort: ISV, 4-byte write of x1; ISV, sign-extended halfword
# load into w2 (SSE, no SF); no ISV; MRS trap of CNTVCT_EL0.
put("esr_decode", "dabt-sysreg", q(0x93c10046, 0, 0x93620006, 0x8000,
    0x92000007, 0, 0x623e1fd3, 0))
# mode byte (0: 16-bit, 1: 32-bit, 2: 64-bit), then one instruction
for name, code in {
    "mov-store-64": b"\x02\x89\x07",               # mov [rdi], eax
    "mov-load-rex": b"\x02\x48\x8b\x47\x08",       # mov rax, [rdi+8]
    "mov-imm-32": b"\x01\xc7\x05\x00\x10\x00\x00\x78\x56\x34\x12",
    "movzx-16": b"\x00\x0f\xb6\x07",               # movzx ax, [bx]
    "moffs-64": b"\x02\xa1" + bytes(8),            # mov eax, [moffs64]
    "prefixed": b"\x02\x66\x26\x89\x04\x24",       # mov es:[rsp], ax
}.items():
    put("x86_64_insn", name, code)
PY

# hypercall_mgmt: records (caller, kind, code, a1, a2, a3), see the
# harness: zone count, zone info into the root's RAM, a doorbell from
# zone 1, a refused management call from zone 2, and through the
# management page ARG1 = 1, ARG2 = ipa, CALL = ZONE_INFO, read RESULT.
python3 - "$here/corpus/hypercall_mgmt" <<'PY'
import os, struct, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rec = lambda caller, kind, code, a1=0, a2=0, a3=0: struct.pack(
    "<BBHQQQ", caller, kind, code, a1, a2, a3)
hc = b"".join([rec(0, 0, 0x10), rec(0, 0, 0x11, 1, 0x40000100),
               rec(1, 0, 0x20, 0), rec(1, 0, 0x20, 1), rec(2, 0, 0x13, 1),
               rec(0, 0, 0x13, 2), rec(1, 0, 0x20, 1), rec(0, 0, 0x15, 1)])
open(f"{out}/calls", "wb").write(hc)
W = 0x103  # 8 bytes, write
mg = b"".join([rec(0, 1, 0x00, W, 1), rec(0, 1, 0x08, W, 0x40000200),
               rec(0, 1, 0x18, W, 0x11), rec(0, 1, 0x20, 3),
               rec(1, 1, 0x18, W, 0x10)])
open(f"{out}/management-page", "wb").write(mg)
PY

# vgic: the GIC version byte, then (vcpu, how, offset[3], value[7])
# records: enable SPIs 32-63, set priorities and routes of owned and
# foreign SPIs, ICFGR, the redistributor's ISENABLER0 and IPRIORITYR,
# a virtual SPI's line.
python3 - "$here/corpus/vgic" <<'PY'
import os, struct, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def rec(vcpu, size_log, write, off, value, line=0):
    how = size_log | (4 if write else 0) | line
    return struct.pack("<BB", vcpu, how) + off.to_bytes(3, "little") + \
        value.to_bytes(7, "little")
common = [rec(0, 2, 1, 0x104, 0xffffffff), rec(1, 2, 0, 0x104, 0),
          rec(0, 0, 1, 0x430, 0x80), rec(0, 2, 1, 0x434, 0x80808080),
          rec(0, 2, 1, 0xc0c, 0xffffffff), rec(0, 2, 1, 0x184, 0xffff0000),
          rec(0, 2, 1, 0x104, 0x202, 8 | 16 | 32)]
v2 = [rec(0, 2, 1, 0x830, 0x02020202), rec(0, 0, 1, 0x864, 1),
      rec(0, 2, 1, 0xf00, 0x10003)]
v3 = [rec(0, 3, 1, 0x6000 + 8 * 48, 1), rec(1, 3, 1, 0x6000 + 8 * 99, 1),
      rec(0, 2, 1, 0x10000 + 0x10000 + 0x100, 0x48000000),
      rec(1, 0, 1, 0x10000 + 0x20000 + 0x10000 + 0x41b, 0x90),
      rec(0, 2, 0, 0x10000 + 0x8, 0)]
open(f"{out}/gicv2", "wb").write(b"\x00" + b"".join(common + v2))
open(f"{out}/gicv3", "wb").write(b"\x01" + b"".join(common + v3))
PY

# vplic / vaplic: a header, then (kind, offset or source, value) records.
python3 - "$here/corpus" <<'PY'
import os, struct, sys
out = sys.argv[1]
def put(target, name, data):
    os.makedirs(f"{out}/{target}", exist_ok=True)
    open(f"{out}/{target}/{name}", "wb").write(data)
rec = lambda kind, off, val: struct.pack("<B", kind) + off.to_bytes(3, "little") + struct.pack("<I", val)
# vplic (offsets halved): priorities, enables of context 1, threshold,
# forward source 5, line 10 high, claim and complete on context 1.
put("vplic", "claim-complete", bytes([96, 2]) + b"".join([
    rec(3, 5 * 2, 3), rec(3, 10 * 2, 2), rec(3, (0x2000 + 0x80) // 2, 0x420),
    rec(3, (0x200000 + 0x1000) // 2, 0), rec(0, 0, 0), rec(1, 0, 1),
    rec(2, (0x200000 + 0x1004) // 2, 0), rec(3, (0x200000 + 0x1004) // 2, 5),
    rec(2, (0x200000 + 0x1004) // 2, 0), rec(3, (0x200000 + 0x1004) // 2, 10)]))
# vaplic: domaincfg IE, sourcecfg edge/level, targets, setienum, setipnum,
# a line, setip word, clrie word, in_clrip read.
put("vaplic", "msi-domain", bytes([96]) + b"".join([
    rec(3, 0x0000, 0x100), rec(3, 0x0004 + 4 * 4, 6), rec(3, 0x0004 + 9 * 4, 4),
    rec(3, 0x3004 + 4 * 4, 0x00001005), rec(3, 0x3004 + 9 * 4, 0x00040009),
    rec(3, 0x1edc, 5), rec(3, 0x1edc, 10), rec(3, 0x1cdc, 9), rec(0, 0, 1),
    rec(3, 0x1c00, 0xffffffff), rec(3, 0x1f00, 0x220), rec(1, 0x1d00, 0),
    rec(1, 0x1c04, 0), rec(2, 0, 0), rec(1, 0x0004 + 4 * 4, 0)]))
PY

# virtq: the header (log2 queue size, where RAM sits, desc/avail/used
# offsets, pops), then RAM: a 4-entry queue at 0x000/0x040/0x080 offering
# a single buffer, a readable+writable chain of three (virtio-blk's shape),
# an indirect descriptor (refused: not negotiated), a loop, 130 readable
# descriptors in a 256-entry queue (refused: more than VQ_MAX_SEGS), and a
# writable buffer with RAM ending at 2^64.
python3 - "$here/corpus/virtq" <<'PY'
import os, struct, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def seed(name, descs, heads, where=0, pops=4, log=2, avail=0x40, used=0x80):
    ram = bytearray(0x1300)
    for i, (addr, ln, flags, nxt) in enumerate(descs):
        base = 0xffffffffffffe000 if where else 0x40000000
        struct.pack_into("<QIHH", ram, 16 * i, base + addr, ln, flags, nxt)
    struct.pack_into("<HH", ram, avail, 0, len(heads))
    for i, h in enumerate(heads):
        struct.pack_into("<H", ram, avail + 4 + 2 * i, h)
    hdr = struct.pack("<BBHHHB", log, where, 0x000, avail, used, pops)
    open(f"{out}/{name}", "wb").write(hdr + bytes(ram).rstrip(b"\0"))
seed("single", [(0x100, 16, 0, 0)], [0])
seed("chained", [(0x100, 16, 1, 2), (0, 0, 0, 0), (0x110, 512, 3, 3),
                 (0x1f0, 1, 2, 0)], [0], pops=3)
seed("indirect", [(0x100, 32, 4, 0), (0x100, 16, 0, 0)], [0, 1])
seed("loop", [(0x100, 8, 1, 1), (0x108, 8, 1, 0)], [0])
seed("too-many", [(0x100, 1, 1, i + 1) for i in range(129)] + [(0x100, 1, 0, 0)],
     [0], log=8, avail=0x1000, used=0x1100)
seed("top-of-memory", [(0x1ff0, 16, 2, 0)], [0, 0], where=1)
PY
