#!/usr/bin/env bash
# Regenerates test/captured/ by running the real tools on copies of fixtures/.
#
# Each fixture is copied to /tmp/heal-capture/<fixture-name> (a fixed path, so
# the absolute paths inside the outputs are the same on every run), installed
# with `npm ci` where it has a lockfile, and run. Every command must exit with
# the status the fixture's README promises; otherwise the script stops.
#
# Needs: node + npm (registry access for `npm ci`), and /usr/bin/python3 with
# pytest, pytest-cov, black, flake8 and mypy. Override with PYTHON=...
set -euo pipefail

export NO_COLOR=1
unset FORCE_COLOR

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fixtures_dir="$repo_root/fixtures"
captured_dir="$repo_root/test/captured"
capture_root=/tmp/heal-capture
logs_dir="$capture_root/_logs"
python=${PYTHON:-/usr/bin/python3}

# Copies fixtures/<name> to $capture_root/<copy-name> (default: <name>), without
# installed or generated files, and prints the copy's path.
stage_fixture() {
  local name=$1 copy_name=${2:-$1}
  local dest="$capture_root/$copy_name"
  rm -rf "$dest"
  cp -R "$fixtures_dir/$name" "$dest"
  rm -rf "$dest/node_modules" "$dest/coverage" "$dest/.heal" "$dest/.coverage" \
    "$dest/.pytest_cache" "$dest/.mypy_cache"
  find "$dest" -name __pycache__ -type d -prune -exec rm -rf {} +
  mkdir -p "$dest/.heal/reports"
  echo "$dest"
}

install_node_deps() {
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >"$logs_dir/npm-ci-$(basename "$1").log" 2>&1)
}

# run_step LABEL EXPECTED_EXIT DIR STDOUT_FILE STDERR_FILE CMD...
# Runs CMD in DIR, sending its streams to the given files (use "" for the log).
run_step() {
  local label=$1 expected=$2 dir=$3 stdout_file=$4 stderr_file=$5
  shift 5
  local log="$logs_dir/$label.log" status=0
  (cd "$dir" && "$@" >"${stdout_file:-$log}" 2>"${stderr_file:-$log.err}") || status=$?
  if [[ $status -ne $expected ]]; then
    echo "FAIL $label: expected exit $expected, got $status: $*" >&2
    tail -n 40 "${stdout_file:-$log}" "${stderr_file:-$log.err}" >&2 || true
    exit 1
  fi
  echo "ok   $label (exit $status)"
}

# Replaces text in a staged copy and fails if the text was not there.
break_file() {
  local file=$1 from=$2 to=$3
  grep -qF -- "$from" "$file" || { echo "break_file: '$from' not in $file" >&2; exit 1; }
  FROM="$from" TO="$to" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$file"
}

rm -rf "$capture_root"
mkdir -p "$capture_root" "$logs_dir"
mkdir -p "$captured_dir"/{vitest,jest,node-test,tsc,eslint,pytest,flake8,black,mypy}

# --- vitest, tsc, eslint -------------------------------------------------------
vitest_capture() {
  local dir=$1 expected=$2 name=$3
  local reports="$dir/.heal/reports"
  run_step "vitest-$name" "$expected" "$dir" "" "" \
    npx vitest run --reporter=json --outputFile="$reports/vitest.json" \
    --coverage.enabled --coverage.provider=v8 --coverage.reporter=json \
    --coverage.reportOnFailure --coverage.reportsDirectory="$reports/coverage"
  cp "$reports/vitest.json" "$captured_dir/vitest/$name.json"
  cp "$reports/coverage/coverage-final.json" "$captured_dir/vitest/$name.coverage-final.json"
}

dir=$(stage_fixture ts-vitest-failing-test-type-lint)
install_node_deps "$dir"
run_step tsc-failing 2 "$dir" "$captured_dir/tsc/failing.txt" "" npx tsc --noEmit --pretty false
run_step eslint-failing 1 "$dir" "$captured_dir/eslint/failing.json" "" npx eslint --format json .
vitest_capture "$dir" 1 failing

dir=$(stage_fixture ts-vitest-green-partial-coverage)
install_node_deps "$dir"
vitest_capture "$dir" 0 green

# --- jest ----------------------------------------------------------------------
jest_capture() {
  local dir=$1 expected=$2 name=$3
  local reports="$dir/.heal/reports"
  run_step "jest-$name" "$expected" "$dir" "" "" \
    npx jest --json --outputFile="$reports/jest.json" --coverage \
    --coverageReporters=json --coverageDirectory="$reports/coverage"
  cp "$reports/jest.json" "$captured_dir/jest/$name.json"
}

dir=$(stage_fixture js-jest-partial-coverage)
install_node_deps "$dir"
jest_capture "$dir" 0 green
cp "$dir/.heal/reports/coverage/coverage-final.json" "$captured_dir/jest/green.coverage-final.json"

dir=$(stage_fixture js-jest-partial-coverage js-jest-partial-coverage--broken-assertion)
break_file "$dir/test/inventory.test.js" 'toBe(8)' 'toBe(9)'
install_node_deps "$dir"
jest_capture "$dir" 1 failing

# --- node:test -------------------------------------------------------------------
dir=$(stage_fixture js-node-test-c8)
install_node_deps "$dir"
run_step node-test-c8-failing 1 "$dir" "" "" \
  npx c8 --reporter=json --report-dir="$dir/.heal/reports/coverage" \
  node --test --test-reporter=junit --test-reporter-destination="$dir/.heal/reports/junit.xml"
cp "$dir/.heal/reports/junit.xml" "$captured_dir/node-test/failing.junit.xml"
cp "$dir/.heal/reports/coverage/coverage-final.json" "$captured_dir/node-test/failing.coverage-final.json"

dir=$(stage_fixture js-node-test-zero-deps)
run_step node-test-zero-deps 0 "$dir" "" "" \
  node --test --experimental-test-coverage \
  --test-reporter=lcov --test-reporter-destination="$dir/.heal/reports/lcov.info" \
  --test-reporter=junit --test-reporter-destination="$dir/.heal/reports/junit.xml"
cp "$dir/.heal/reports/lcov.info" "$captured_dir/node-test/zero-deps.lcov.info"
cp "$dir/.heal/reports/junit.xml" "$captured_dir/node-test/zero-deps.junit.xml"

# --- pytest, mypy ----------------------------------------------------------------
# pytest-cov < 4.1 has no `--cov-report=json:` (usage error, exit 4). Then the
# run records coverage with `--cov-report=` (no report) and `coverage json`
# writes the same file from the .coverage data the run left behind.
pytest_capture() {
  local dir=$1 expected=$2 name=$3 package=$4
  shift 4
  local reports="$dir/.heal/reports"
  local pytest_args=(--junitxml="$reports/junit.xml" -o junit_family=xunit2
    --cov="$package" --cov-branch)
  local status=0
  (cd "$dir" && "$python" -m pytest "${pytest_args[@]}" \
    --cov-report=json:"$reports/coverage.json" "$@" \
    >"$logs_dir/pytest-$name.log" 2>"$logs_dir/pytest-$name.log.err") || status=$?
  if [[ $status -eq 4 ]] && grep -q 'invalid choice' "$logs_dir/pytest-$name.log.err"; then
    echo "note pytest-$name: --cov-report=json unsupported, using coverage json"
    run_step "pytest-$name" "$expected" "$dir" "" "" \
      "$python" -m pytest "${pytest_args[@]}" --cov-report= "$@"
    run_step "coverage-json-$name" 0 "$dir" "" "" \
      "$python" -m coverage json -o "$reports/coverage.json"
  elif [[ $status -eq $expected ]]; then
    echo "ok   pytest-$name (exit $status)"
  else
    echo "FAIL pytest-$name: expected exit $expected, got $status" >&2
    tail -n 40 "$logs_dir/pytest-$name.log" "$logs_dir/pytest-$name.log.err" >&2
    exit 1
  fi
  cp "$reports/junit.xml" "$captured_dir/pytest/$name.junit.xml"
  cp "$reports/coverage.json" "$captured_dir/pytest/$name.coverage.json"
}

dir=$(stage_fixture py-pytest-failing-test)
pytest_capture "$dir" 1 failing billing
run_step mypy-failing 1 "$dir" "$captured_dir/mypy/failing.txt" "" \
  "$python" -m mypy --show-column-numbers --show-error-codes --no-error-summary \
  --no-color-output .

# JSON output arrived in mypy 1.11 (-O json); older versions reject the flag
# with a usage error (exit 2), and then no failing.json is kept.
mypy_json_status=0
(cd "$dir" && "$python" -m mypy --show-column-numbers --show-error-codes -O json . \
  >"$logs_dir/mypy-json.out" 2>"$logs_dir/mypy-json.err") || mypy_json_status=$?
if [[ $mypy_json_status -eq 1 && -s "$logs_dir/mypy-json.out" ]]; then
  cp "$logs_dir/mypy-json.out" "$captured_dir/mypy/failing.json"
  echo "ok   mypy-json (exit 1)"
else
  rm -f "$captured_dir/mypy/failing.json"
  echo "skip mypy-json: -O json unsupported (exit $mypy_json_status)"
fi

dir=$(stage_fixture py-pytest-green-fast-marker)
pytest_capture "$dir" 0 green-fast inventory -m fast

# --- flake8, black on a copy with two lint errors ---------------------------------
dir=$(stage_fixture py-pytest-green-fast-marker py-pytest-green-fast-marker--lint-errors)
break_file "$dir/inventory/reorder.py" '"""Deciding what to order from suppliers."""
' '"""Deciding what to order from suppliers."""

import os
'
break_file "$dir/inventory/reorder.py" 'if daily_demand <= 0:' 'if daily_demand<=0:'
run_step flake8-sample 1 "$dir" "$captured_dir/flake8/sample.txt" "" \
  "$python" -m flake8 --format=default .
run_step black-sample 1 "$dir" "" "$captured_dir/black/sample.txt" \
  "$python" -m black --check .

# --- versions -------------------------------------------------------------------------
node_pkg_version() {
  (cd "$capture_root/$1" && node -p "require('./node_modules/$2/package.json').version")
}
py_dist_version() {
  "$python" -c "import importlib.metadata as m; print(m.version('$1'))"
}
{
  echo "node $(node --version)"
  echo "npm $(npm --version 2>/dev/null)"
  echo "vitest $(node_pkg_version ts-vitest-green-partial-coverage vitest)"
  echo "@vitest/coverage-v8 $(node_pkg_version ts-vitest-green-partial-coverage @vitest/coverage-v8)"
  echo "typescript $(node_pkg_version ts-vitest-green-partial-coverage typescript)"
  echo "eslint $(node_pkg_version ts-vitest-green-partial-coverage eslint)"
  echo "typescript-eslint $(node_pkg_version ts-vitest-green-partial-coverage typescript-eslint)"
  echo "jest $(node_pkg_version js-jest-partial-coverage jest)"
  echo "c8 $(node_pkg_version js-node-test-c8 c8)"
  echo "python $("$python" -c 'import platform; print(platform.python_version())')"
  for dist in pytest pytest-cov coverage black flake8 mypy; do
    echo "$dist $(py_dist_version "$dist")"
  done
} >"$captured_dir/versions.txt"

echo "captured into $captured_dir (tool versions in versions.txt)"
