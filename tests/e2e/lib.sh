# Shared helpers for the end-to-end tests of the marsad CLI. Each test script
# sources this file, calls `ok NAME CONDITION-COMMAND...` or the expect_*
# helpers, and ends with `finish`, which prints "N passed, N failed".
# Environment: MARSAD (the binary under test), ROOT (repository root),
# TMP (a fresh scratch directory, removed afterwards).
set -u
PASSED=0
FAILED=0
: "${MARSAD:?MARSAD must name the marsad binary}"
: "${ROOT:?ROOT must name the repository root}"
TMP=$(mktemp -d /tmp/marsad-e2e-XXXXXX)
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT

pass() { PASSED=$((PASSED + 1)); }
fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL $(basename "$0"): $*"
}

# ok NAME CMD...: passes when CMD exits 0.
ok() {
    name=$1
    shift
    if "$@" >/dev/null 2>&1; then pass; else fail "$name"; fi
}

# expect_status NAME STATUS CMD...: passes when CMD exits with STATUS.
expect_status() {
    name=$1
    want=$2
    shift 2
    "$@" >/dev/null 2>&1
    got=$?
    if [ "$got" -eq "$want" ]; then pass; else fail "$name (exit $got, want $want)"; fi
}

# contains NAME FILE TEXT: passes when FILE contains TEXT (fixed string).
contains() {
    if grep -qF -- "$3" "$2"; then pass; else fail "$1: no '$3' in $2"; fi
}

# lacks NAME FILE TEXT: passes when FILE does not contain TEXT.
lacks() {
    if grep -qF -- "$3" "$2"; then fail "$1: unexpected '$3' in $2"; else pass; fi
}

# equals NAME GOT WANT
equals() {
    if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
