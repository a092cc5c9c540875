#!/bin/sh
# Runs the libFuzzer harnesses built by tests/fuzz/Makefile.
#
#   run.sh replay O TARGET...            every seed (corpus/<t>/) and every
#                                        crash ever found (regress/<t>/) once
#   run.sh fuzz O SECONDS TARGET...      fuzz each target for SECONDS
#
# replay prints one line per target and ends with
# "fuzz-replay: N passed, N failed"; it exits 1 if any target failed.
# fuzz keeps the grown corpus in O/work/<t>/ (not in the repository: copy a
# new crash from O/crashes/ into regress/<t>/ once it is fixed) and prints
# per target the executions and the coverage libFuzzer reports (cov, ft).

set -u
here=$(cd "$(dirname "$0")" && pwd)
mode=$1
O=$2
shift 2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

inputs() {
	for d in "$here/corpus/$1" "$here/regress/$1"; do
		[ -d "$d" ] && echo "$d"
	done
}

replay() {
	passed=0 failed=0
	for t in "$@"; do
		log=$O/replay-$t.log
		dirs=$(inputs "$t")
		n=0
		for d in $dirs; do
			n=$((n + $(find "$d" -type f | wc -l)))
		done
		if [ "$n" -eq 0 ]; then
			echo "fuzz replay $t: FAILED (no seed inputs)"
			failed=$((failed + 1))
			continue
		fi
		# shellcheck disable=SC2086 # dirs is a list of directories
		if "$O/fuzz_$t" -runs=0 $dirs >"$log" 2>&1; then
			echo "fuzz replay $t: ok ($n inputs)"
			passed=$((passed + 1))
		else
			echo "fuzz replay $t: FAILED (see $log)"
			grep -E 'ERROR|SUMMARY|runtime error|Running:' "$log" | tail -5
			failed=$((failed + 1))
		fi
	done
	echo "fuzz-replay: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

fuzz() {
	secs=$1
	shift
	status=0
	for t in "$@"; do
		work=$O/work/$t
		mkdir -p "$work" "$O/crashes"
		log=$O/fuzz-$t.log
		dict=
		[ -f "$here/$t.dict" ] && dict=-dict=$here/$t.dict
		# shellcheck disable=SC2046,SC2086 # lists of words
		"$O/fuzz_$t" "$work" $(inputs "$t") $dict -max_total_time="$secs" \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$O/crashes/$t-" >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		last=$(grep -E '^#[0-9]+' "$log" | tail -1)
		cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
		ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
		corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
		if [ "$rc" -eq 0 ]; then
			result=ok
		else
			result="CRASH (see $log, inputs in $O/crashes/)"
			status=1
		fi
		echo "fuzz $t: ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}: $result"
	done
	return $status
}

case $mode in
replay) replay "$@" ;;
fuzz) fuzz "$@" ;;
*)
	echo "usage: $0 replay|fuzz O [SECONDS] TARGET..." >&2
	exit 2
	;;
esac
