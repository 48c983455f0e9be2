import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseInterpreter, parseProbe, probeCommand } from '../../src/toolchains/python/interpreter.js';
import { isPythonConfigFile } from '../../src/toolchains/python/project-config.js';
import { parsePytest, planPytest } from '../../src/toolchains/python/pytest.js';
import type { PlannedCommand, ProjectFacts, PythonFacts } from '../../src/toolchains/types.js';
import { createFixtureRepo } from '../helpers/fixture-repo.js';

function probeSystemPython(): PythonFacts | null {
  const command = probeCommand('/usr/bin/python3');
  if (!('argv' in command) || !existsSync('/usr/bin/python3')) return null;
  const [program, ...args] = command.argv;
  const result = spawnSync(program, args, { encoding: 'utf8' });
  const python = chooseInterpreter([{ candidate: program, output: result.status === 0 ? parseProbe(result.stdout) : null }]);
  return python?.modules.has('pytest') && python.modules.has('coverage') ? python : null;
}

const python = probeSystemPython();

function run(dir: string, planned: PlannedCommand): number | null {
  if (!('argv' in planned.command)) throw new Error('expected an argv command');
  const [program, ...args] = planned.command.argv;
  const env = { ...process.env, NO_COLOR: '1', ...planned.env };
  return spawnSync(program, args, { cwd: dir, env, encoding: 'utf8' }).status;
}

/** Plans the step for a fixture copy, runs its commands as the pipeline would, and parses the outputs. */
async function runPlannedStep(dir: string, pythonFacts: PythonFacts | null) {
  const entries = readdirSync(dir);
  const facts: ProjectFacts = {
    dir,
    relativeDir: '.',
    rootEntries: new Set(entries),
    packageJson: null,
    pythonConfigs: new Map(entries.filter(isPythonConfigFile).map((name) => [name, readFileSync(join(dir, name), 'utf8')])),
    nodeBins: new Set(),
    pathCommands: new Set(),
    python: pythonFacts,
    nodeVersion: process.versions.node,
  };
  const step = planPytest(facts, { outDir: '.heal/builds/test' });
  expect(step.missing).toBeNull();
  const exitCode = run(dir, step.main);
  const afterCodes = step.after.map((command) => run(dir, command));

  const files: Record<string, string> = {};
  for (const command of [step.main, ...step.after]) {
    for (const [name, path] of Object.entries(command.outputs ?? {})) {
      if (existsSync(join(dir, path))) files[name] = readFileSync(join(dir, path), 'utf8');
    }
  }
  const findings = await parsePytest({
    exitCode,
    stdout: '',
    stderr: '',
    files,
    projectDir: dir,
    readSource: (path) => Promise.resolve(existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : null),
  });
  return { step, exitCode, afterCodes, files, findings };
}

describe.skipIf(python === null)('the planned pytest step, run for real on the fixtures', () => {
  const repos: Array<{ cleanup(): void }> = [];
  afterAll(() => repos.forEach((repo) => repo.cleanup()));

  it('py-pytest-failing-test with pytest-cov: the failing test, coverage, functions; a clean tree', async () => {
    const repo = createFixtureRepo('py-pytest-failing-test', { withDeps: false });
    repos.push(repo);
    const { exitCode, afterCodes, files, findings } = await runPlannedStep(repo.dir, python);
    expect([exitCode, ...afterCodes]).toEqual([1, 0, 0]);
    expect(Object.keys(files).sort()).toEqual(['coverage', 'functions', 'junit']);
    expect(findings.tests).toEqual({ total: 7, passed: 6, failed: 1, skipped: 0 });
    expect(findings.failedTests?.map((test) => [test.id, test.location])).toEqual([
      ['tests/test_due.py::test_invoice_is_not_overdue_on_its_due_date', { file: 'tests/test_due.py', line: 15, column: 0 }],
    ]);
    expect(findings.coverage?.lines).toEqual({ covered: 24, total: 25 });
    expect(findings.coverage?.files.map((file) => file.file)).toEqual(['billing/__init__.py', 'billing/due.py', 'billing/invoice.py']);
    expect(findings.coverage?.files[2]?.functions.find((fn) => fn.name === 'find_invoice')?.lines).toEqual({ covered: 3, total: 4 });

    // No .pytest_cache, __pycache__ or .coverage outside .heal/ (which the fixture ignores).
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('!! .heal/\n');
    expect(execFileSync('find', ['.', '-name', '__pycache__'], { cwd: repo.dir, encoding: 'utf8' })).toBe('');
  });

  it('py-pytest-green-fast-marker with coverage only: `coverage run` on the fast tests', async () => {
    const repo = createFixtureRepo('py-pytest-green-fast-marker', { withDeps: false });
    repos.push(repo);
    const modules = new Set([...(python?.modules ?? [])].filter((name) => name !== 'pytest_cov'));
    const { step, exitCode, afterCodes, findings } = await runPlannedStep(repo.dir, { interpreter: '/usr/bin/python3', modules });
    expect('argv' in step.main.command && step.main.command.argv.slice(1, 4)).toEqual(['-m', 'coverage', 'run']);
    expect([exitCode, ...afterCodes]).toEqual([0, 0, 0]);
    expect(findings.tests).toEqual({ total: 6, passed: 6, failed: 0, skipped: 0 });
    expect(findings.failedTests).toEqual([]);
    expect([findings.coverage?.lines, findings.coverage?.branches]).toEqual([
      { covered: 29, total: 34 },
      { covered: 11, total: 14 },
    ]);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe('!! .heal/\n');
  });
});
