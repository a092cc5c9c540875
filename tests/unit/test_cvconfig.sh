#!/bin/sh
# Runs tools/cvconfig as a subprocess on small configurations and checks its
# exit status, its messages and the bundles it writes.
#
#   tests/unit/test_cvconfig.sh [path/to/cvconfig]
#
# Without an argument cvconfig is built with SAN=1 into build/tools-san.
# Prints "N passed, N failed"; exits 1 if anything failed.

set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -ge 1 ]; then
	CVCONFIG=$1
else
	make -s -C "$ROOT/tools/cvconfig" O="$ROOT/build/tools-san" SAN=1 ||
		exit 1
	CVCONFIG=$ROOT/build/tools-san/cvconfig
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

pass() {
	passed=$((passed + 1))
	echo "PASS: $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	sed 's/^/    /' "$WORK/stderr" "$WORK/stdout" 2>/dev/null
}

run() {
	"$CVCONFIG" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
}

# expect_error NAME MESSAGE ARGS...: exit status 1, MESSAGE on stderr, and
# no bundle written.
expect_error() {
	name=$1
	message=$2
	shift 2
	rm -f "$WORK/out.bin"
	run "$@"
	status=$?
	if [ $status -eq 1 ] && grep -qF -- "$message" "$WORK/stderr" &&
		[ ! -e "$WORK/out.bin" ]; then
		pass "$name"
	else
		echo "    status $status, expected 1 and: $message"
		fail "$name"
	fi
}

# expect_output NAME TEXT...: the last run succeeded and printed every TEXT.
expect_output() {
	name=$1
	shift
	for text in "$@"; do
		if ! grep -qF -- "$text" "$WORK/stdout"; then
			echo "    missing: $text"
			fail "$name"
			return
		fi
	done
	pass "$name"
}

# expect_success NAME ARGS...: exit status 0.
expect_success() {
	name=$1
	shift
	if run "$@"; then
		pass "$name"
	else
		fail "$name"
	fi
}

# A valid two-zone configuration; the bad ones below each change one line.
cat >"$WORK/good.json" <<'EOF'
{
  "zones": [
    {
      "name": "root", "root": true, "autostart": true,
      "cpus": [0, 1],
      "memory": [ { "ipa": "0x40000000", "pa": "0x50000000", "size": "16M" } ],
      "devices": [ { "name": "uart", "base": "0x09000000", "size": "0x1000" } ],
      "irqs": [33],
      "kernel": { "file": "guest.bin", "load_ipa": "0x40080000" },
      "entry": "0x40080000",
      "cmdline": "console=ttyAMA0"
    },
    {
      "name": "linux",
      "cpus": [2],
      "memory": [
        { "ipa": "0x40000000", "pa": "0x52000000", "size": "16M", "flags": "rw" },
        { "ipa": "0x80000000", "pa": 1392508928, "size": "1M", "flags": "rx" }
      ],
      "irqs": ["34"],
      "kernel": { "file": "images/linux.bin" },
      "initrd": { "file": "images/initrd.img", "load_ipa": "0x40800000" },
      "console": { "type": "pl011", "base": "0x09000000", "irq": 40 }
    }
  ]
}
EOF
mkdir -p "$WORK/images" "$WORK/imgdir"
head -c 5000 /dev/urandom >"$WORK/guest.bin"
head -c 9000 /dev/urandom >"$WORK/images/linux.bin"
head -c 3000 /dev/urandom >"$WORK/images/initrd.img"
head -c 7777 /dev/urandom >"$WORK/imgdir/guest.bin"
head -c 1234 /dev/urandom >"$WORK/other.bin"

# bad NAME SED-EXPRESSION [BASE]: BASE.json (default good) with one change,
# as NAME.json.
bad() {
	base="$WORK/${3:-good}.json"
	sed "$2" "$base" >"$WORK/$1.json"
	if cmp -s "$base" "$WORK/$1.json"; then
		echo "test bug: '$2' changed nothing" >&2
		exit 1
	fi
}

# ---- Rejected configurations ----

bad unknown-field 's/"irqs": \["34"\]/"irqz": ["34"]/'
expect_error "unknown field" \
	"unknown-field.json: zones[1].irqz: unknown field" \
	build "$WORK/unknown-field.json" -o "$WORK/out.bin"

bad missing-kernel 's|"file": "images/linux.bin"|"file": "images/nope.bin"|'
expect_error "missing kernel file" \
	"zones[1].kernel.file: cannot open '$WORK/images/nope.bin': No such file or directory" \
	build "$WORK/missing-kernel.json" -o "$WORK/out.bin"

bad overlap 's/"pa": "0x52000000"/"pa": "0x50800000"/'
expect_error "overlapping memory" \
	"zones[1].mem[0].pa: overlaps zone 0 'root' mem[0] 0x50000000+0x1000000" \
	build "$WORK/overlap.json" -o "$WORK/out.bin"

bad cpu-twice 's/"cpus": \[2\]/"cpus": [1, 2]/'
expect_error "CPU in two zones" \
	"zones[1].cpus: CPU 1 is also owned by zone 0 'root'" \
	build "$WORK/cpu-twice.json" -o "$WORK/out.bin"

bad no-name 's/"name": "linux",//'
expect_error "missing required field" \
	"zones[1].name: missing required field" \
	build "$WORK/no-name.json" -o "$WORK/out.bin"

bad wrong-type 's/"autostart": true/"autostart": "yes"/'
expect_error "wrong type" "zones[0].autostart: must be true or false" \
	build "$WORK/wrong-type.json" -o "$WORK/out.bin"

bad bad-number 's/"size": "1M"/"size": "1Q"/'
expect_error "bad number" "zones[1].memory[1].size: '1Q' is not a number" \
	build "$WORK/bad-number.json" -o "$WORK/out.bin"

bad syntax 's/"cpus": \[2\],/"cpus": [2]/'
expect_error "JSON syntax error" "syntax.json: line" \
	build "$WORK/syntax.json" -o "$WORK/out.bin"

bad console-key 's/"irq": 40 }/"irq": 40, "baud": 115200 }/'
expect_error "unknown console field" \
	"console-key.json: zones[1].console.baud: unknown field" \
	build "$WORK/console-key.json" -o "$WORK/out.bin"

bad console-type 's/"type": "pl011"/"type": "16550"/'
expect_error "unknown console type" \
	"zones[1].console.type: '16550' is not a console type" \
	build "$WORK/console-type.json" -o "$WORK/out.bin"

bad console-no-irq 's/, "irq": 40 }/ }/'
expect_error "console without irq" \
	"zones[1].console.irq: missing required field" \
	build "$WORK/console-no-irq.json" -o "$WORK/out.bin"

bad console-irq 's/"irq": 40 }/"irq": 33 }/'
expect_error "console irq owned by a zone" \
	"zones[1].console.irq: 33 is also a physical interrupt owned by zone 0 'root' (irqs[0])" \
	build "$WORK/console-irq.json" -o "$WORK/out.bin"

bad console-irq10 's/"irq": 40 }/"irq": 10 }/'
expect_error "a GIC needs an SPI" \
	"zones[1].console.irq: 10 is outside the platform's SPI range [32, 1020)" \
	build "$WORK/console-irq10.json" -o "$WORK/out.bin"
expect_success "a PLIC source is fine on riscv64" \
	build "$WORK/console-irq10.json" -o "$WORK/irq10.bin" --arch riscv64
expect_success "check with the bundle's arch" \
	check "$WORK/irq10.bin" --arch riscv64
bad console-irq1024 's/"irq": 40 }/"irq": 1024 }/'
expect_error "riscv64 says interrupt source, not SPI" \
	"zones[1].console.irq: 1024 is outside the platform's interrupt source range [1, 1024)" \
	build "$WORK/console-irq1024.json" -o "$WORK/out.bin" --arch riscv64
expect_error "x86_64 says IOAPIC pin, not SPI" \
	"zones[0].irqs[0]: 33 is outside the platform's IOAPIC pin range [0, 24)" \
	build "$WORK/console-irq10.json" -o "$WORK/out.bin" --arch x86_64
expect_error "loongarch64 has no interrupt to own" \
	"zones[0].irqs[0]: 33: the platform has no interrupt a zone can own" \
	build "$WORK/console-irq10.json" -o "$WORK/out.bin" --arch loongarch64

expect_error "--set of an unknown zone" "--set nozone.kernel: no zone named" \
	build "$WORK/good.json" -o "$WORK/out.bin" --set nozone.kernel=x

expect_error "unwritable output" "out.bin: cannot write:" \
	build "$WORK/good.json" -o "$WORK/no-such-dir/out.bin"

# ---- A good configuration round-trips through build, check and dump ----

expect_success "build good config" \
	build "$WORK/good.json" -o "$WORK/good.bin"
expect_success "check good bundle" check "$WORK/good.bin"
expect_output "check output" "valid, 2 zone(s)"
expect_success "dump good bundle" dump "$WORK/good.bin"
expect_output "dump output" \
	"zone 0 'root': id 0, root, autostart" \
	"zone 1 'linux': id 1" \
	"cpus: 2" \
	"mem[1]: ipa 0x80000000 pa 0x53000000 size 0x100000 (1 MiB) r-x" \
	"devices[0]: 'uart' base 0x9000000 size 0x1000" \
	"kernel: offset 0x2000 size 0x1388, load at 0x40080000" \
	"size 0x2328, load at 0x40080000" \
	"initrd: offset" \
	"console: none" \
	"console: pl011 base 0x9000000 size 0x1000 irq 40" \
	"cmdline: \"console=ttyAMA0\""

run build "$WORK/good.json" -o "$WORK/again.bin"
if cmp -s "$WORK/good.bin" "$WORK/again.bin"; then
	pass "build is reproducible"
else
	fail "build is reproducible"
fi

sed 's/"type": "pl011", "base": "0x09000000", "irq": 40/"type": "none", "base": 0, "irq": 0/' \
	"$WORK/good.json" >"$WORK/console-none.json"
run build "$WORK/console-none.json" -o "$WORK/none.bin" &&
	run dump "$WORK/none.bin"
if [ "$(grep -c 'console: none' "$WORK/stdout")" -eq 2 ]; then
	pass "console type none"
else
	fail "console type none"
fi

# ---- Shared memory: good.json with a link between root and linux ----

# The root zone names its peer, the linux zone gives its id.
sed -e 's|"cmdline": "console=ttyAMA0"|&,\
      "shm": [ { "ipa": "0x7f000000", "pa": "0x54000000", "size": "64K", "peer": "linux", "doorbell_irq": 41 } ]|' \
	-e 's|"irq": 40 }|&,\
      "shm": [ { "ipa": "0x90000000", "pa": "0x54000000", "size": "0x10000", "peer": 0, "doorbell_irq": 42 } ]|' \
	"$WORK/good.json" >"$WORK/shm.json"

expect_success "build a shared-memory pair" \
	build "$WORK/shm.json" -o "$WORK/shm.bin"
expect_success "check the shared-memory bundle" check "$WORK/shm.bin"
expect_success "dump the shared-memory bundle" dump "$WORK/shm.bin"
expect_output "dump prints both ends of the link" \
	"shm[0]: ipa 0x7f000000 pa 0x54000000 size 0x10000 (64 KiB) peer 1 'linux' doorbell 41" \
	"shm[0]: ipa 0x90000000 pa 0x54000000 size 0x10000 (64 KiB) peer 0 'root' doorbell 42"

bad shm-unknown-peer 's/"peer": "linux"/"peer": "linx"/' shm
expect_error "shm peer naming no zone" \
	"zones[0].shm[0].peer: no zone named 'linx'" \
	build "$WORK/shm-unknown-peer.json" -o "$WORK/out.bin"

bad shm-one-sided '/"peer": 0/d; s/"irq": 40 },/"irq": 40 }/' shm
expect_error "one-sided shm link" \
	"zones[0].shm[0].peer: zone 1 'linux' (id 1) declares no link back" \
	build "$WORK/shm-one-sided.json" -o "$WORK/out.bin"

bad shm-mismatch 's/"size": "0x10000"/"size": "128K"/' shm
expect_error "shm ends of different sizes" \
	"zones[0].shm[0].size: 0x10000 differs from the size 0x20000 of zone 1 'linux' shm[0]" \
	build "$WORK/shm-mismatch.json" -o "$WORK/out.bin"

bad shm-key 's/"doorbell_irq": 41 }/"doorbell_irq": 41, "irq": 3 }/' shm
expect_error "unknown shm field" "zones[0].shm[0].irq: unknown field" \
	build "$WORK/shm-key.json" -o "$WORK/out.bin"

bad shm-no-doorbell 's/, "doorbell_irq": 42 }/ }/' shm
expect_error "shm link without doorbell" \
	"zones[1].shm[0].doorbell_irq: missing required field" \
	build "$WORK/shm-no-doorbell.json" -o "$WORK/out.bin"

bad shm-peer-type 's/"peer": 0,/"peer": true,/' shm
expect_error "shm peer of the wrong type" \
	"zones[1].shm[0].peer: must be a zone name or a zone id" \
	build "$WORK/shm-peer-type.json" -o "$WORK/out.bin"

# ---- Overrides ----

run build "$WORK/good.json" -o "$WORK/set.bin" \
	--set linux.kernel="$WORK/other.bin" --set linux.initrd= \
	--set root.cmdline="console=hvc0 quiet" &&
	run dump "$WORK/set.bin"
expect_output "--set kernel, initrd and cmdline" \
	"size 0x4d2, load at 0x40080000" \
	"initrd: none" \
	"cmdline: \"console=hvc0 quiet\""

run build "$WORK/good.json" -o "$WORK/set2.bin" \
	--set root.autostart=false --set linux.entry=0x40081000 &&
	run dump "$WORK/set2.bin"
expect_output "--set any zone key (schema)" "entry: 0x40081000"
if grep -qx "zone 0 'root': id 0, root" "$WORK/stdout"; then
	pass "--set a flag to false"
else
	fail "--set a flag to false"
fi

expect_error "--set of an unknown key" "--set root.speed: unknown field" \
	build "$WORK/good.json" -o "$WORK/out.bin" --set root.speed=3

run build "$WORK/good.json" -o "$WORK/imgdir.bin" --image-dir "$WORK/imgdir" &&
	run dump "$WORK/imgdir.bin"
expect_output "--image-dir is searched first" \
	"kernel: offset 0x2000 size 0x1e61, load at 0x40080000"

# ---- PCI functions and DMA ----

bad pci-twice 's/"irqs": \["34"\],/"irqs": ["34"], "pci": ["00:02.0", "00:03.0", "00:02.0"],/'
expect_error "a PCI function listed twice" \
	"pci-twice.json: zones[1].pci[2]: 00:02.0 is also owned by zone 1 'linux'" \
	build "$WORK/pci-twice.json" -o "$WORK/out.bin"

for spec in '"0:2.0"' '"00:20.0"' '"00:02.8"' '"00-02.0"' '2' '"00:02.0x"'; do
	bad pci-syntax "s/\"irqs\": \[\"34\"\],/\"irqs\": [\"34\"], \"pci\": [$spec],/"
	expect_error "PCI function $spec refused" \
		"pci-syntax.json: zones[1].pci[0]: expected a PCI function \"BB:DD.F\"" \
		build "$WORK/pci-syntax.json" -o "$WORK/out.bin"
done

bad iommu-value 's/"zones": \[/"iommu": "maybe", "zones": [/'
expect_error "iommu is on or off" \
	'iommu-value.json: iommu: expected "on" or "off"' \
	build "$WORK/iommu-value.json" -o "$WORK/out.bin"

bad dma-device 's/"size": "0x1000" }/"size": "0x1000", "dma": true }/'
run build "$WORK/dma-device.json" -o "$WORK/dma.bin" && run dump "$WORK/dma.bin"
expect_output "a DMA-capable device is dumped as such" \
	"devices[0]: 'uart' base 0x9000000 size 0x1000 dma (no IOMMU)"
run build "$WORK/dma-device.json" -o "$WORK/dma.bin"
if grep -qF "dma-device.json: warning: zones[0].devices[0]: 'uart' is DMA-capable and no IOMMU translates it" "$WORK/stderr"; then
	pass "a DMA-capable device outside an IOMMU is warned about"
else
	fail "a DMA-capable device outside an IOMMU is warned about"
fi

bad pci-off 's/"irqs": \["34"\],/"irqs": ["34"], "pci": ["00:02.0"],/'
sed -i 's/"zones": \[/"iommu": "off", "zones": [/' "$WORK/pci-off.json"
run build "$WORK/pci-off.json" -o "$WORK/pci.bin" &&
	grep -qF "pci-off.json: warning: zones[1].pci[0]: 00:02.0: the IOMMU is switched off" "$WORK/stderr" &&
	run dump "$WORK/pci.bin"
expect_output "PCI functions with the IOMMU off: built, warned, dumped" \
	"pci: 00:02.0"

# ---- x86 Linux bzImage (core/bzimage.c) ----

# A bzImage header: 4 setup sectors + 1, protocol 2.15, LOADED_HIGH,
# relocatable, 2 MiB alignment, pref_address 16 MiB, init_size 32 MiB.
python3 - "$WORK/bzImage" "$WORK/old-bzImage" <<'PY'
import struct, sys
d = bytearray(0x3000)
d[0x1f1] = 4
struct.pack_into("<H", d, 0x1fe, 0xaa55)
d[0x201] = 0x6a
d[0x202:0x206] = b"HdrS"
struct.pack_into("<H", d, 0x206, 0x20f)
d[0x211] = 1
struct.pack_into("<I", d, 0x230, 0x200000)
d[0x234] = 1
struct.pack_into("<Q", d, 0x258, 0x1000000)
struct.pack_into("<I", d, 0x260, 0x2000000)
open(sys.argv[1], "wb").write(d)
struct.pack_into("<H", d, 0x206, 0x205)
open(sys.argv[2], "wb").write(d)
PY
head -c 2000 /dev/urandom >"$WORK/initrd-x86"
cat >"$WORK/x86.json" <<'EOF2'
{ "zones": [ { "name": "root", "root": true, "autostart": true,
  "cpus": [0, 1],
  "memory": [ { "ipa": "0x0", "pa": "0x08000000", "size": "256M" } ],
  "kernel": { "file": "bzImage" }, "initrd": { "file": "initrd-x86" },
  "cmdline": "console=ttyS0,115200 nokaslr panic=-1" } ] }
EOF2
expect_success "x86 bzImage builds" build "$WORK/x86.json" --arch x86_64 \
	-o "$WORK/x86.bin"
run dump "$WORK/x86.bin"
expect_output "x86 bzImage: placed at 1 MiB, initrd above init_size" \
	"load at 0xff600" "entry: 0x100000" "load at 0x3000000" \
	'cmdline: "console=ttyS0,115200 nokaslr panic=-1 no_timer_check tsc=reliable 8250.nr_uarts=1"'
expect_error "x86 bzImage: old boot protocol" \
	"'$WORK/old-bzImage': bzImage boot protocol 2.05 is older than 2.06" \
	build "$WORK/x86.json" --arch x86_64 --set "root.kernel=$WORK/old-bzImage" \
	-o "$WORK/out.bin"
bad x86-not-at-0 's/"ipa": "0x0"/"ipa": "0x1000000"/' x86
expect_error "x86 bzImage: RAM must start at 0" \
	"a bzImage needs the zone's first RAM region at guest-physical 0" \
	build "$WORK/x86-not-at-0.json" --arch x86_64 -o "$WORK/out.bin"

# ---- Images placed by the boot loader (--place-root-images) ----

expect_success "placed root images: builds" build "$WORK/good.json" \
	--place-root-images -o "$WORK/placed.bin"
if [ "$(cat "$WORK/placed.bin.loads" 2>/dev/null)" = \
	"0x50080000 $(realpath "$WORK/placed.bin.kernel")" ] &&
	cmp -s "$WORK/placed.bin.kernel" "$WORK/guest.bin" &&
	[ "$(stat -c %s "$WORK/placed.bin")" -lt \
		"$(stat -c %s "$WORK/good.bin")" ] &&
	"$CVCONFIG" check "$WORK/placed.bin" >/dev/null; then
	pass "placed root images: the kernel beside the bundle, at its pa"
else
	fail "placed root images: the kernel beside the bundle, at its pa"
fi
run dump "$WORK/placed.bin"
expect_output "placed root images: dump says so, zone 1's are in it" \
	"kernel: placed by the boot loader, size 0x1388" \
	"initrd: offset 0x"
expect_success "placed root images: an ordinary build forgets the loads" \
	build "$WORK/good.json" -o "$WORK/placed.bin"
if [ ! -e "$WORK/placed.bin.loads" ]; then
	pass "placed root images: no stale loads file"
else
	fail "placed root images: no stale loads file"
fi

# ---- Damaged bundles ----

cp "$WORK/good.bin" "$WORK/corrupt.bin"
printf 'Z' | dd of="$WORK/corrupt.bin" bs=1 seek=4200 conv=notrunc 2>/dev/null
expect_error "check rejects a corrupt bundle" \
	"corrupt.bin: header.checksum:" check "$WORK/corrupt.bin"

head -c 100 "$WORK/good.bin" >"$WORK/truncated.bin"
expect_error "dump rejects a truncated bundle" \
	"truncated.bin: header.total_size:" dump "$WORK/truncated.bin"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
