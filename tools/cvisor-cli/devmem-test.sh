#!/bin/sh
# The CLI's /dev/mem paths on Debian's unmodified arm64 kernel, without
# cvisor, laid out as under cvisor: QEMU virt with 512 MiB and a device
# tree (QEMU's plus the nodes cvisor adds) with
#   /reserved-memory/cvisor-window@58000000  64 MiB, no-map, inside RAM
#   /cvisor-management@5f000000              outside Linux's RAM
# and mem=448M, so that Linux's RAM ends at 0x5c000000: the management
# device and the shared page (0x5f100000) are in no iomem resource at all,
# as a device and another zone's memory are; the window is "reserved", not
# "System RAM". STRICT_DEVMEM must let /dev/mem map all three, uncached.
# The management device is plain memory here: RESULT is preset with busybox
# devmem and the checks look at what each command wrote.
#
#   tools/cvisor-cli/devmem-test.sh <arm64 cvisor binary>
#
# Needs .cache/aarch64-linux/{Image,initrd-shell.gz} (make run fetches
# them), qemu-system-aarch64 and dtc. Prints one line per check and
# "devmem-test: N passed, M failed"; exits 0 when nothing failed.
set -eu

CLI=$(realpath "$1")
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=$TOP/.cache/aarch64-linux
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
QEMU="qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -smp 1 -m 512M"

# ---- the device tree -------------------------------------------------------
$QEMU -machine dumpdtb="$WORK/virt.dtb" -nographic > /dev/null 2>&1
dtc -q -I dtb -O dts -o "$WORK/virt.dts" "$WORK/virt.dtb"
cat >> "$WORK/virt.dts" <<'END_DTS'
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		cvisor-window@58000000 {
			compatible = "cvisor,window";
			reg = <0x0 0x58000000 0x0 0x4000000>;
			no-map;
		};
	};
	cvisor-management@5f000000 {
		compatible = "cvisor,management";
		reg = <0x0 0x5f000000 0x0 0x1000>;
	};
};
END_DTS
dtc -q -I dts -O dtb -o "$WORK/test.dtb" "$WORK/virt.dts"

# ---- the initramfs ---------------------------------------------------------
mkdir "$WORK/root"
(cd "$WORK/root" && gzip -dc "$CACHE/initrd-shell.gz" | cpio -idm 2>/dev/null)
cp "$CLI" "$WORK/root/cvisor"

# A bundle of 5003 bytes (not a multiple of 8): header + counting bytes.
python3 - "$WORK/root/bundle.bin" <<'END_PY'
import struct, sys
payload = bytes((i * 7 + 3) & 0xFF for i in range(5003 - 40))
hdr = struct.pack("<IIQIIIIII", 0x4E425643, 1, 5003, 40, 0, 40, 1, 0, 0)
open(sys.argv[1], "wb").write(hdr + payload)
END_PY

cat > "$WORK/root/init" <<'END_INIT'
#!/bin/sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
M=0x5f000000; W=0x58000000; S=0x5f100000
pass=0; fail=0
check() { # name expected actual
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); echo "ok   $1"
	else fail=$((fail + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}
C=/cvisor
res() { devmem $((M + 0x20)) 64 $1; }
reg() { devmem $((M + $1)) 64; }

check "window is reserved, not System RAM" "58000000-5bffffff : reserved" \
	"$(grep -o '58000000-5bffffff : [a-zA-Z ]*' /proc/iomem)"
check "device and shm in no iomem resource" "" "$(grep '^ *5f' /proc/iomem)"

res 0; out=$($C --dt /nonexistent zone list 2>&1); rc=$?
check "no device tree: fallback message" "1 yes" \
	"$rc $(echo "$out" | grep -q 'assuming the device at 0xc000000' && echo yes)"

res 4; out=$($C zone start /bundle.bin 2>&1)
check "zone start prints" "zone 4 started" "$out"
check "zone start ARG1/ARG2/CALL" "0x0000000058000000 0x000000000000138B 0x0000000000000012" "$(reg 0) $(reg 8) $(reg 0x18)"
check "bundle head in window" "0x4E425643" "$(devmem $W 32)"
check "bundle word 624 in window" "0x9C958E878079726B" "$(devmem $((W + 4992)) 64)"
check "bundle tail zero-padded" "0x0000000000B1AAA3" "$(devmem $((W + 5000)) 64)"

res 0xfffffffffffffffb; out=$($C zone shutdown 2 2>&1); rc=$?
check "EBUSY by name" "1 cvisor: zone shutdown 2: EBUSY (busy)" "$rc $out"

res 1
devmem $W 32 0; devmem $((W + 4)) 32 1; devmem $((W + 8)) 64 0xf
devmem $((W + 16)) 64 0x38000000; devmem $((W + 24)) 32 4
devmem $((W + 28)) 32 3; devmem $((W + 32)) 64 0x746f6f72
devmem $((W + 40)) 64 0; devmem $((W + 48)) 64 0; devmem $((W + 56)) 64 0
out=$($C zone list 2>&1 | tail -1 | tr -s ' ')
check "zone list row" "0 root running 0-3 4 896 MiB root,autostart" "$out"
check "zone info ARG2 = window slot" "0x0000000058000000 0x0000000000000011" "$(reg 8) $(reg 0x18)"

res 0x10000; out=$($C info 2>&1 | head -1)
check "info" "cvisor ABI:   1.0" "$out"

res 0; out=$($C ivc send $S 0 hello world 2>&1)
check "ivc send" "sent seq 1 (11 bytes) on link 0" "$out"
check "request in shm" "0x00000001 0x0000000B 0x6F77206F6C6C6568 0x0000000000646C72" \
	"$(devmem $S 32) $(devmem $((S + 4)) 32) $(devmem $((S + 8)) 64) $(devmem $((S + 16)) 64)"
check "doorbell call" "0x0000000000000000 0x0000000000000020" "$(reg 0) $(reg 0x18)"
out=$($C ivc recv $S 100 2>&1); rc=$?
check "ivc recv timeout" "1 cvisor: ivc recv: no reply to seq 1 within 100 ms" "$rc $out"
(sleep 0.3; devmem $((S + 0x108)) 64 0x4f4c4c4548; devmem $((S + 0x104)) 32 5
 devmem $((S + 0x100)) 32 1) &
out=$($C ivc recv $S 3000 2>&1); wait
check "ivc recv waits for the reply" "HELLO" "$out"

echo "devmem-test: $pass passed, $fail failed"
poweroff -f
END_INIT
chmod +x "$WORK/root/init"
(cd "$WORK/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "$WORK/initrd.gz")

# ---- the run ---------------------------------------------------------------
timeout 180 $QEMU -nographic -no-reboot -dtb "$WORK/test.dtb" \
	-kernel "$CACHE/Image" -initrd "$WORK/initrd.gz" \
	-append "console=ttyAMA0 mem=448M rdinit=/init panic=-1 quiet" \
	< /dev/null > "$WORK/log" 2>&1 || true
grep -E '^(ok |FAIL|devmem-test:)' "$WORK/log" || { cat "$WORK/log"; exit 1; }
grep -q '^devmem-test: [0-9]* passed, 0 failed' "$WORK/log"
