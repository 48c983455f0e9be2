// heal's speed benchmark: `heal build` wall time against running the same underlying commands
// directly, on each fixture, `heal --version` start-up time, and `heal plan-tests` (builtin engine)
// wall time on a built fixture, and `heal fix` (builtin engine) on each one-bug fixture: fixed or not,
// by which rung, candidates tried, wall time, and `heal build-tests` (builtin engine) on the
// under-tested fixtures: coverage of each target before and after, tests kept and dropped, wall time,
// and `heal loop` (builtin engine) end to end on fixtures with a bug and untested code: status, stages
// with their durations, coverage before and after, tests added, wall time.
// Writes bench/results.json; BENCH_ONLY=loop,fix (section names) runs some sections and keeps the others' last results.
// Targets: build overhead within 5% + 150 ms; start-up under 150 ms; plan-tests under 1000 ms.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'heal');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FIXTURES = [
  'ts-vitest-green-partial-coverage',
  'js-jest-partial-coverage',
  'js-node-test-zero-deps',
  'py-pytest-green-fast-marker',
];
const PLAN_RUNS = 5;
const PLAN_FIXTURES = ['ts-vitest-risky-coverage-gaps', 'py-pytest-risky-coverage-gaps', 'js-node-test-zero-deps'];
const PLAN_TARGET_MS = 1000;
const FIX_FIXTURES = [
  'ts-vitest-bug-missing-import',
  'ts-vitest-bug-missing-await',
  'ts-vitest-bug-misspelled-identifier',
  'ts-vitest-bug-off-by-one',
  'ts-vitest-bug-and-or-swap',
  'ts-vitest-lint-only',
  'py-pytest-bug-name-error',
  'py-pytest-bug-wrong-comparison',
  'py-pytest-lint-only',
  'py-pytest-bug-unfixable',
];
const BUILD_TESTS_FIXTURES = ['ts-vitest-green-partial-coverage', 'js-jest-partial-coverage', 'py-pytest-risky-coverage-gaps'];
const LOOP_FIXTURES = ['js-node-test-bug-and-missing-tests', 'ts-vitest-bug-off-by-one', 'py-pytest-bug-wrong-comparison'];
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true' };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Copies a fixture into a temp dir and makes it a git repo with one commit on `main`. */
function fixtureRepo(fixture) {
  const dir = mkdtempSync(join(tmpdir(), `heal-bench-${fixture}-`));
  cpSync(join(ROOT, 'fixtures', fixture), dir, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: { ...ENV, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'bench');
  return dir;
}

/** Links the fixture's node_modules cached by the tests' global setup (test/helpers/fixture-deps.ts names the dir). */
function linkFixtureDeps(fixture, dir) {
  const lockfile = join(ROOT, 'fixtures', fixture, 'package-lock.json');
  if (!existsSync(lockfile)) return;
  const lock = JSON.parse(readFileSync(lockfile, 'utf8'));
  delete lock.name;
  delete lock.packages?.['']?.name;
  const hash = createHash('sha256').update(JSON.stringify(lock)).digest('hex').slice(0, 12);
  const modules = join(ROOT, 'test', '.cache', 'deps', `lock-${hash}`, 'node_modules');
  if (!existsSync(modules)) throw new Error(`${modules} is missing: run \`npx vitest run test/unit/coverage-math.test.ts\` once to install it`);
  symlinkSync(modules, join(dir, 'node_modules'), 'dir');
}

function prepare(fixture) {
  const dir = fixtureRepo(fixture);
  const explain = JSON.parse(execFileSync(process.execPath, [BIN, 'build', '--explain', '--json'], { cwd: dir, env: ENV, encoding: 'utf8' }));
  const install = explain.steps.find((step) => step.kind === 'install' && step.action === 'run');
  if (install) execFileSync('sh', ['-c', install.command], { cwd: dir, env: ENV, stdio: 'ignore' });
  return dir;
}

function directCommands(dir) {
  const explain = JSON.parse(execFileSync(process.execPath, [BIN, 'build', '--explain', '--json'], { cwd: dir, env: ENV, encoding: 'utf8' }));
  const steps = explain.steps.filter((step) => step.action === 'run');
  const files = steps.flatMap((step) => Object.entries(step.files));
  return steps
    .flatMap((step) => [{ command: step.command, env: step.env }, ...step.after.map((command) => ({ command, env: step.env }))])
    .map((entry, index) => ({ ...entry, files: index === 0 ? files : [] }));
}

/** Writes the files heal writes before a step (its node:test reporter): a heal run moves them away. */
function writeStepFiles(dir, files) {
  for (const [path, contents] of files) {
    mkdirSync(dirname(resolve(dir, path)), { recursive: true });
    writeFileSync(resolve(dir, path), contents);
  }
}

function benchFixture(fixture) {
  const dir = prepare(fixture);
  try {
    const commands = directCommands(dir);
    const direct = [];
    const heal = [];
    for (let run = 0; run < RUNS; run += 1) {
      for (const entry of commands) writeStepFiles(dir, entry.files);
      direct.push(timed(() => {
        for (const { command, env } of commands) spawnSync('sh', ['-c', command], { cwd: dir, env: { ...ENV, ...env }, stdio: 'ignore' });
      }));
      heal.push(timed(() => spawnSync(process.execPath, [BIN, 'build'], { cwd: dir, env: ENV, stdio: 'ignore' })));
    }
    const directMs = median(direct);
    const healMs = median(heal);
    const budgetMs = directMs * 0.05 + 150;
    return {
      fixture,
      commands: commands.map((entry) => entry.command),
      direct_ms: Math.round(directMs),
      heal_ms: Math.round(healMs),
      overhead_ms: Math.round(healMs - directMs),
      budget_ms: Math.round(budgetMs),
      within_target: healMs - directMs <= budgetMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `heal plan-tests --json` wall time on a fixture built once (the build is not timed). */
function benchPlanTests(fixture) {
  const dir = fixtureRepo(fixture);
  try {
    linkFixtureDeps(fixture, dir);
    execFileSync(process.execPath, [BIN, 'build'], { cwd: dir, env: ENV, stdio: 'ignore' });
    const times = [];
    let spec;
    for (let run = 0; run < PLAN_RUNS; run += 1) {
      let stdout;
      times.push(timed(() => {
        stdout = execFileSync(process.execPath, [BIN, 'plan-tests', '--json'], { cwd: dir, env: ENV, encoding: 'utf8' });
      }));
      spec = JSON.parse(stdout);
    }
    const ms = median(times);
    return {
      fixture,
      engine: spec.engine,
      targets: spec.targets.length,
      cases: spec.cases.length,
      median_ms: Math.round(ms),
      max_ms: Math.round(Math.max(...times)),
      within_target: ms < PLAN_TARGET_MS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchPlanTestsAll() {
  const fixtures = PLAN_FIXTURES.map(benchPlanTests);
  return { runs: PLAN_RUNS, target_ms: PLAN_TARGET_MS, within_target: fixtures.every((entry) => entry.within_target), fixtures };
}

/** `heal fix --engine builtin` on each one-bug fixture: fixed or not, by which rung, candidates tried, wall time. */
function benchFix(fixture) {
  const dir = fixtureRepo(fixture);
  try {
    linkFixtureDeps(fixture, dir);
    let stdout = '';
    const ms = timed(() => {
      stdout = spawnSync(process.execPath, [BIN, 'fix', '--engine', 'builtin', '--json'], { cwd: dir, env: ENV, encoding: 'utf8' }).stdout;
    });
    const report = JSON.parse(stdout);
    const fixes = report.iterations.flatMap((iteration) => iteration.fixes);
    return {
      fixture,
      fixed: report.status === 'FIXED',
      status: report.status,
      stop_reason: report.stop_reason,
      rungs: [...new Set(fixes.filter((fix) => fix.result === 'applied').map((fix) => fix.strategy))],
      candidates_tried: fixes.length,
      iterations: report.iterations.length,
      wall_ms: Math.round(ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchFixAll() {
  const fixtures = FIX_FIXTURES.map(benchFix);
  return { fixed: fixtures.filter((entry) => entry.fixed).length, total: fixtures.length, fixtures };
}

/** `heal build` + `plan-tests`, then timed `heal build-tests --engine builtin`: coverage before/after per target, tests by status. */
function benchBuildTests(fixture) {
  const dir = fixtureRepo(fixture);
  try {
    linkFixtureDeps(fixture, dir);
    for (const args of [['build'], ['plan-tests']]) spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: ENV, stdio: 'ignore' });
    let stdout = '';
    const ms = timed(() => {
      stdout = spawnSync(process.execPath, [BIN, 'build-tests', '--engine', 'builtin', '--json'], { cwd: dir, env: ENV, encoding: 'utf8' }).stdout;
    });
    const report = JSON.parse(stdout);
    return {
      fixture,
      precheck: report.precheck,
      counts: report.counts,
      targets: report.targets.map((target) => ({ id: target.id, line_pct_before: target.line_pct_before, line_pct_after: target.line_pct_after })),
      patch_loc: report.patch_loc,
      wall_ms: Math.round(ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `heal loop --engine builtin` end to end: status, each stage with its outcome and duration, coverage, tests added, wall time. */
function benchLoop(fixture) {
  const dir = fixtureRepo(fixture);
  try {
    linkFixtureDeps(fixture, dir);
    let stdout = '';
    const ms = timed(() => {
      stdout = spawnSync(process.execPath, [BIN, 'loop', '--engine', 'builtin', '--no-wait', '--json'], { cwd: dir, env: { ...ENV, HEAL_PYTHON: '/usr/bin/python3' }, encoding: 'utf8' }).stdout;
    });
    const report = JSON.parse(stdout);
    return {
      fixture,
      status: report.status,
      stop_reason: report.stop_reason,
      stages: report.stages.map((stage) => ({ stage: stage.stage, outcome: stage.outcome, ms: stage.duration_ms })),
      coverage: report.coverage.before === null ? null : { before: report.coverage.before, after: report.coverage.after },
      tests_added: report.tests_added,
      fixes_applied: report.fixes_applied,
      wall_ms: Math.round(ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchStartup() {
  const times = [];
  for (let run = 0; run < 15; run += 1) {
    times.push(timed(() => spawnSync(process.execPath, [BIN, '--version'], { env: ENV, stdio: 'ignore' })));
  }
  const ms = median(times);
  return { median_ms: Math.round(ms), target_ms: 150, within_target: ms < 150 };
}

const SECTIONS = {
  startup: benchStartup,
  builds: () => FIXTURES.map(benchFixture),
  plan_tests: benchPlanTestsAll,
  fix: benchFixAll,
  build_tests: () => BUILD_TESTS_FIXTURES.map(benchBuildTests),
  loop: () => LOOP_FIXTURES.map(benchLoop),
};
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const previous = only && existsSync(join(ROOT, 'bench', 'results.json')) ? JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) : {};
const results = { ...previous, date: new Date().toISOString(), node: process.version, runs_per_measure: RUNS };
for (const [name, run] of Object.entries(SECTIONS)) if (!only || only.has(name)) results[name] = run();
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
