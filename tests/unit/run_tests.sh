#!/bin/sh
# Runs the unit test binaries and the cvconfig script, then prints one line
# "unit: N passed, N failed" summing their results; exits 1 if any failed.
#
#   tests/unit/run_tests.sh CVCONFIG_SCRIPT CVCONFIG TEST_BINARY...
#
# CVCONFIG may be empty (it did not build): that counts as one failure.
# A cmocka binary's counts come from its "[  PASSED  ]" and "[  FAILED  ]"
# lines. A binary that ends without that summary, or exits non-zero without
# reporting a failed test (a sanitizer abort, a leak found at exit), counts
# one more failure, on top of the tests it finished.

set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 CVCONFIG_SCRIPT CVCONFIG TEST_BINARY..." >&2
	exit 2
fi
cvconfig_script=$1
cvconfig=$2
shift 2

OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
passed=0
failed=0

# sum_matches SED-EXPRESSION: the sum of the numbers it prints from $OUT.
sum_matches() {
	sed -n "$1" "$OUT" | awk '{ s += $1 } END { print s + 0 }'
}

run_binary() {
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		CMOCKA_MESSAGE_OUTPUT=stdout "$1" >"$OUT" 2>&1
	status=$?
	cat "$OUT"
	p=$(sum_matches 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p')
	f=$(sum_matches 's/^\[  FAILED  \] \([0-9]*\) test(s), listed.*/\1/p')
	if ! grep -q '^\[  PASSED  \]\|^\[  FAILED  \] [0-9]' "$OUT"; then
		p=$(grep -c '^\[       OK \]' "$OUT")
		f=$((f + 1))
		echo "CRASH: $1 stopped without a summary (status $status)"
	elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "CRASH: $1 exited with status $status after its tests"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

run_cvconfig_script() {
	if [ -z "$cvconfig" ] || [ ! -x "$cvconfig" ]; then
		echo "CRASH: no cvconfig binary to test ('$cvconfig')"
		failed=$((failed + 1))
		return
	fi
	sh "$cvconfig_script" "$cvconfig" >"$OUT" 2>&1
	cat "$OUT"
	# The last line is "N passed, N failed".
	summary='s/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p'
	last=$(tail -n 1 "$OUT" | sed -n "$summary")
	p=${last% *}
	f=${last#* }
	if [ -z "$p" ] || [ -z "$f" ]; then
		echo "CRASH: $cvconfig_script ended without its summary"
		p=0
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for binary in "$@"; do
	echo "== $(basename "$binary")"
	run_binary "$binary"
done
echo "== $(basename "$cvconfig_script")"
run_cvconfig_script

echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
