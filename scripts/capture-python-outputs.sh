#!/usr/bin/env bash
# Regenerates the Python captures that scripts/capture-tool-outputs.sh does not make: pytest runs
# with mixed outcomes, a collection error, no tests and a native traceback; coverage.py's JSON from
# `coverage run` (no pytest-cov); functions.json from heal's ast script; black, flake8 and mypy on
# syntax errors and notes. Run capture-tool-outputs.sh first: functions.json for the fixtures is
# computed from the coverage.json files it captured.
#
# Projects are staged under /tmp/heal-capture-python/<name> (a fixed path, so absolute paths in the
# outputs are stable). Every command must exit with the status given here, or the script stops.
#
# Needs: node (to print heal's ast script), /usr/bin/python3 with pytest, pytest-cov, coverage,
# black, flake8 and mypy. Override with PYTHON=...
set -euo pipefail

export NO_COLOR=1 PYTHONDONTWRITEBYTECODE=1
unset FORCE_COLOR

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
captured="$repo_root/test/captured"
root=/tmp/heal-capture-python
python=${PYTHON:-/usr/bin/python3}

rm -rf "$root"
mkdir -p "$root"

# heal's FUNCTIONS_SCRIPT, exactly as the TypeScript constant holds it.
(cd "$repo_root" && npx esbuild src/toolchains/python/functions-script.ts --bundle --platform=node \
  --format=esm --log-level=error --outfile="$root/functions-script.mjs")
node -e "import('$root/functions-script.mjs').then((m) => process.stdout.write(m.FUNCTIONS_SCRIPT))" \
  >"$root/functions.py"

# stage NAME SOURCE_DIR: copies a project and prints its path.
stage() {
  local dest="$root/$1"
  cp -R "$2" "$dest"
  rm -rf "$dest/.heal" "$dest/.pytest_cache" "$dest/.mypy_cache"
  mkdir -p "$dest/.heal/reports"
  echo "$dest"
}

# expect STATUS DIR CMD...: runs CMD in DIR and fails unless it exits with STATUS.
expect() {
  local expected=$1 dir=$2 status=0
  shift 2
  (cd "$dir" && "$@") || status=$?
  if [[ $status -ne $expected ]]; then
    echo "FAIL: expected exit $expected, got $status: $*" >&2
    exit 1
  fi
  echo "ok   exit $status: ${*:1:3}"
}

pytest_args() {
  echo -q -p no:cacheprovider "--junitxml=$1/pytest.xml" -o junit_family=xunit2
}

# --- pytest with pytest-cov: every outcome pytest has ---------------------------------------
dir=$(stage mixed-outcomes "$captured/pytest/mixed-outcomes.project")
out="$dir/.heal/reports"
export COVERAGE_FILE="$out/.coverage"
expect 1 "$dir" sh -c "$python -m pytest $(pytest_args "$out") --cov=calc --cov-branch --cov-report= >$out/stdout.txt"
expect 0 "$dir" "$python" -m coverage json -i -o "$out/coverage.json"
expect 0 "$dir" "$python" "$root/functions.py" "$out/coverage.json" "$out/functions.json"
expect 0 "$dir" sh -c "$python -m coverage report >$out/report.txt"
cp "$out/pytest.xml" "$captured/pytest/mixed-outcomes.junit.xml"
cp "$out/stdout.txt" "$captured/pytest/mixed-outcomes.stdout.txt"
cp "$out/coverage.json" "$captured/pytest/mixed-outcomes.coverage.json"
cp "$out/functions.json" "$captured/pytest/mixed-outcomes.functions.json"
cp "$out/report.txt" "$captured/pytest/mixed-outcomes.coverage-report.txt"

# --- `coverage run -m pytest -m fast` (no pytest-cov) ----------------------------------------
dir=$(stage coverage-run "$captured/pytest/mixed-outcomes.project")
out="$dir/.heal/reports"
export COVERAGE_FILE="$out/.coverage"
expect 1 "$dir" sh -c "$python -m coverage run --branch --source=calc -m pytest $(pytest_args "$out") -m fast >$out/stdout.txt"
expect 0 "$dir" "$python" -m coverage json -i -o "$out/coverage.json"
expect 0 "$dir" "$python" "$root/functions.py" "$out/coverage.json" "$out/functions.json"
expect 0 "$dir" sh -c "$python -m coverage report -m >$out/report.txt"
cp "$out/pytest.xml" "$captured/pytest/coverage-run-fast.junit.xml"
cp "$out/coverage.json" "$captured/pytest/coverage-run-fast.coverage.json"
cp "$out/functions.json" "$captured/pytest/coverage-run-fast.functions.json"
cp "$out/report.txt" "$captured/pytest/coverage-run-fast.coverage-report.txt"

# --- no tests selected (exit 5), a native traceback, a collection error (exit 2) --------------
dir=$(stage no-tests "$captured/pytest/mixed-outcomes.project")
out="$dir/.heal/reports"
expect 5 "$dir" sh -c "$python -m pytest $(pytest_args "$out") -m nosuchmarker >/dev/null"
cp "$out/pytest.xml" "$captured/pytest/no-tests.junit.xml"

dir=$(stage native-traceback "$captured/pytest/mixed-outcomes.project")
out="$dir/.heal/reports"
expect 1 "$dir" sh -c "$python -m pytest $(pytest_args "$out") --tb=native tests/test_ops.py::test_div_zero >/dev/null"
cp "$out/pytest.xml" "$captured/pytest/native-traceback.junit.xml"

dir=$(stage collection-error "$captured/pytest/mixed-outcomes.project")
out="$dir/.heal/reports"
mkdir -p "$dir/tests/sub"
printf 'from calc.ops import multiply\n\n\ndef test_multiply():\n    assert multiply(2, 3) == 6\n' \
  >"$dir/tests/sub/test_import.py"
expect 2 "$dir" sh -c "$python -m pytest $(pytest_args "$out") >/dev/null"
cp "$out/pytest.xml" "$captured/pytest/collection-error.junit.xml"

# --- functions.json for the fixtures' captured coverage -------------------------------------
for pair in failing:py-pytest-failing-test green-fast:py-pytest-green-fast-marker; do
  name=${pair%%:*}
  dir=$(stage "$name-functions" "$repo_root/fixtures/${pair#*:}")
  expect 0 "$dir" "$python" "$root/functions.py" "$captured/pytest/$name.coverage.json" \
    "$captured/pytest/$name.functions.json"
done

# --- black, flake8, mypy on a syntax error, an unformatted file and mypy notes -----------------
dir=$(stage lint-errors "$captured/pytest/mixed-outcomes.project")
printf 'import os\nx = {  "a":1 }\ndef f( a ):\n  return a\n' >"$dir/calc/ugly.py"
printf 'def broken(:\n    pass\n' >"$dir/calc/bad.py"
cat >"$dir/calc/typed.py" <<'EOF'
from typing import Optional


def f(x: int) -> str:
    return x


def g(items: list[int]) -> int:
    total: int = "zero"
    return total + len(items)


def h(x: Optional[int]) -> int:
    return x + 1


def call() -> None:
    f("a")
    reveal_type(f)
EOF
expect 123 "$dir" sh -c "$python -m black --check . 2>$captured/black/parse-error.txt"
expect 1 "$dir" sh -c "$python -m flake8 --format=default . >$captured/flake8/syntax-error.txt"
mypy_flags="--show-column-numbers --show-error-codes --no-error-summary --no-color-output --no-pretty --cache-dir=/dev/null"
expect 1 "$dir" sh -c "$python -m mypy $mypy_flags calc/typed.py >$captured/mypy/notes.txt"
expect 2 "$dir" sh -c "$python -m mypy $mypy_flags calc/bad.py >$captured/mypy/syntax-error.txt"

echo "captured Python extras into $captured"
