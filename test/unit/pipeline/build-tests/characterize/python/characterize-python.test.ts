import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProcessRunner, RunRequest, RunResult } from '../../../../../../src/adapters/process-runner.js';
import { assembleOutcome, characterizePython } from '../../../../../../src/pipeline/build-tests/characterize/python/characterize-python.js';
import type { TargetObservation } from '../../../../../../src/pipeline/build-tests/characterize/python/observations.js';
import type { CharacterizeTarget, TestStyle } from '../../../../../../src/pipeline/build-tests/types.js';

const STYLE: TestStyle = {
  framework: 'pytest',
  language: 'py',
  moduleStyle: 'esm',
  importsFramework: false,
  layout: { kind: 'folder', dir: 'tests' },
  suffix: 'test_',
  importExtension: '',
  quote: '"',
  semicolons: false,
  example: null,
};

function target(path: string, symbol: string, line: number): CharacterizeTarget {
  return { id: `${path}::${symbol}`, path, symbol, lineRange: [line, line + 3], uncoveredLines: [line + 1] };
}

const paths = {
  testFileFor: (source: string) => `tests/test_${source.split('/').at(-1)?.replace('.py', '')}_heal.py`,
  moduleFor: (source: string) => source.replace(/\.py$/, '').replaceAll('/', '.'),
};

function ok(id: string, valueSrc: string): TargetObservation {
  return { id, status: 'ok', isAsync: false, calls: [{ argsSrc: '1', imports: [], outcome: { kind: 'returns', valueSrc, valueKind: 'value' } }] };
}

describe('assembleOutcome', () => {
  it('renders one file per source, in target order, and reports skips and targets left without tests', () => {
    const targets = [target('app/a.py', 'f', 1), target('app/a.py', 'g', 9), target('lib/a.py', 'h', 1), target('app/b.py', 'k', 1)];
    const observed = new Map<string, TargetObservation>([
      ['app/a.py::f', ok('app/a.py::f', '2')],
      ['app/a.py::g', { id: 'app/a.py::g', status: 'skipped', reason: 'generators are not\ncharacterized yet' }],
      ['lib/a.py::h', ok('lib/a.py::h', '3')],
      ['app/b.py::k', { id: 'app/b.py::k', status: 'ok', isAsync: false, calls: [] }],
    ]);
    const outcome = assembleOutcome(paths, targets, observed);
    expect(outcome.files.map((file) => [file.path, file.tests.map((test) => test.name)])).toEqual([['tests/test_a_heal.py', ['test_f_returns_1']]]);
    expect(outcome.files[0]?.text).toContain('from app.a import f\n');
    expect(outcome.skipped).toEqual([
      { targetId: 'app/a.py::g', reason: 'generators are not characterized yet' },
      { targetId: 'lib/a.py::h', reason: 'its test file tests/test_a_heal.py already holds the tests of app/a.py' },
      { targetId: 'app/b.py::k', reason: 'no observed call could be written without clashing imports' },
    ]);
  });
});

describe('characterizePython with a scripted runner', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'heal-characterize-unit-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs the script with a clean environment and reruns the targets after one that hung', async () => {
    const requests: RunRequest[] = [];
    const requested: string[][] = [];
    const runner: ProcessRunner = {
      async run(request): Promise<RunResult> {
        requests.push(request);
        const argv = 'argv' in request.command ? request.command.argv : [];
        const ids = (JSON.parse(readFileSync(argv[3] ?? '', 'utf8')) as { targets: Array<{ id: string }> }).targets.map((entry) => entry.id);
        requested.push(ids);
        const hung = requested.length === 1;
        const targets = hung ? [ok('m.py::a', '1')] : ids.map((id) => ok(id, '5'));
        writeFileSync(argv[4] ?? '', JSON.stringify({ version: 1, running: hung ? 'm.py::b' : null, targets: targets.map(toJson) }));
        return { outcome: hung ? 'timed-out' : 'exited', exitCode: hung ? null : 0, stdout: '', stderr: '', durationMs: 1 };
      },
    };
    const outcome = await characterizePython(
      {
        repoRoot: '/repo',
        project: '.',
        targets: [target('m.py', 'c', 20), target('m.py', 'a', 1), target('m.py', 'b', 10)],
        style: STYLE,
        ...paths,
        importRoots: ['/repo', '/repo/src'],
        python: '/usr/bin/python3',
        scratchDir: scratch,
      },
      { runner },
    );

    expect(requested).toEqual([['m.py::a', 'm.py::b', 'm.py::c'], ['m.py::c']]);
    const first = requests[0];
    expect(first?.env).toEqual({ HOME: first?.cwd, PYTHONPATH: '/repo:/repo/src', PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0', NO_COLOR: '1' });
    expect(first?.timeoutMs).toBe(60_000);
    expect(first?.cwd.startsWith(scratch)).toBe(true);
    expect(outcome.skipped).toEqual([{ targetId: 'm.py::b', reason: 'characterization timed out after 60 s' }]);
    expect(outcome.files[0]?.text).toContain('def test_a_returns_1():\n    assert a(1) == 1\n\n\ndef test_c_returns_1():\n    assert c(1) == 5\n');
  });

  it('skips every target with the reason when the interpreter is missing', async () => {
    const runner: ProcessRunner = { run: async () => ({ outcome: 'not-found', exitCode: null, stdout: '', stderr: '', durationMs: 0 }) };
    const outcome = await characterizePython(
      { repoRoot: '/repo', project: '.', targets: [target('m.py', 'a', 1)], style: STYLE, ...paths, importRoots: [], python: 'python9', scratchDir: scratch },
      { runner },
    );
    expect(outcome).toEqual({ files: [], skipped: [{ targetId: 'm.py::a', reason: 'the Python interpreter python9 was not found' }] });
  });
});

function toJson(observation: TargetObservation): unknown {
  if (observation.status === 'skipped') return observation;
  return {
    id: observation.id,
    status: 'ok',
    is_async: observation.isAsync,
    calls: observation.calls.map((call) => ({
      args_src: call.argsSrc,
      imports: [],
      outcome: call.outcome.kind === 'returns' ? { kind: 'returns', value_src: call.outcome.valueSrc, value_kind: call.outcome.valueKind } : call.outcome,
    })),
  };
}
