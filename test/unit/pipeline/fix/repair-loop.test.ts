import { describe, expect, it } from 'vitest';
import type { BuildReport } from '../../../../src/artefacts/build-report.js';
import { runRepairLoop, StopRepair, type Rung } from '../../../../src/pipeline/fix/repair-loop.js';
import type { FixWorkspace } from '../../../../src/pipeline/fix/try-candidate.js';
import type { FixCandidate } from '../../../../src/pipeline/fix/types.js';

function report(failing: readonly string[]): BuildReport {
  return {
    version: 1, kind: 'build_report', status: failing.length === 0 ? 'PASSED' : 'FAILED', reason: null, fail_reason: failing.length === 0 ? 'none' : 'tests',
    commit_sha: 'abc', branch_name: null, source: 'working-tree', is_dirty: false, started_at: '2026-01-01T00:00:00Z', duration_ms: 1, toolchains: [], steps: [],
    tests: { total: 3, passed: 3 - failing.length, failed: failing.length, skipped: 0 },
    failed_tests: failing.map((id) => ({ id: `t.test.ts::${id}`, file: 't.test.ts', name: id, message: `${id} failed`, stack: '', location: null })),
    lint_errors: [], type_errors: [], coverage: null, artefact_path: null,
  };
}

/** A worktree whose check fails the tests the written contents do not fix. */
function fakeWorkspace(all: readonly string[]): FixWorkspace & { files: Map<string, string> } {
  const files = new Map<string, string>([['src/a.ts', '']]);
  return {
    files,
    validate: async (candidate) => (candidate.rule === 'unsafe' ? { ok: false, rule: 'secret', message: 'adds a secret' } : { ok: true, risk: 'low' }),
    write: async (changes) => changes.forEach((change) => files.set(change.path, change.after ?? '')),
    check: async () => ({ report: report(all.filter((id) => !(files.get('src/a.ts') ?? '').includes(`fix:${id}`))), file: 'check.json' }),
    focused: { isAvailable: false, canNameTests: false, run: async () => ({ results: [], coverage: null, error: 'none' }) },
  };
}

function candidate(fixes: string[], rule = 'edit'): FixCandidate {
  return { strategy: 'pattern', rule, description: rule, files: [{ path: 'src/a.ts', kind: 'modify', before: '', after: fixes.map((id) => `fix:${id}`).join(' ') }], targets: [] };
}

const rung = (propose: Rung['propose'], extra: Partial<Rung> = {}): Rung => ({ strategy: 'pattern', engine: 'builtin', budget: 10, propose, ...extra });
const options = { maxIterations: 5, deadline: Date.now() + 60_000, analyse: async () => [] };

describe('runRepairLoop', () => {
  it('keeps a fix that repairs a failure and breaks nothing, then stops green', async () => {
    const workspace = fakeWorkspace(['a']);
    const outcome = await runRepairLoop(report(['a']), [rung(async () => [candidate([], 'useless'), candidate(['a'])])], workspace, options);
    expect(outcome.stopReason).toBe('green');
    expect(outcome.iterations).toHaveLength(1);
    expect(outcome.iterations[0]?.fixes.map((fix) => fix.result)).toEqual(['no-effect', 'applied']);
    expect(workspace.files.get('src/a.ts')).toBe('fix:a');
  });

  it('takes out a fix that turns another test red', async () => {
    const workspace = fakeWorkspace(['a', 'b']);
    const base = report(['a']);
    const outcome = await runRepairLoop(base, [rung(async () => [candidate([])])], { ...workspace, check: async () => ({ report: report(['b']), file: 'c.json' }) }, options);
    expect(outcome.iterations[0]?.fixes[0]).toMatchObject({ result: 'regressed', fixed: ['t.test.ts::a'], new_failures: [{ id: 't.test.ts::b' }] });
    expect(outcome.stopReason).toBe('no-progress');
    expect(workspace.files.get('src/a.ts')).toBe('');
  });

  it('says no-candidates when no rung proposes anything, and records validator refusals', async () => {
    expect((await runRepairLoop(report(['a']), [rung(async () => [])], fakeWorkspace(['a']), options)).stopReason).toBe('no-candidates');
    const refused = await runRepairLoop(report(['a']), [rung(async () => [candidate(['a'], 'unsafe')])], fakeWorkspace(['a']), options);
    expect(refused.stopReason).toBe('no-progress');
    expect(refused.iterations[0]?.fixes[0]).toMatchObject({ result: 'rejected', validation: { ok: false, rule: 'secret' } });
  });

  it('stops at max-iterations while every round fixes one more failure', async () => {
    const fixed: string[] = [];
    const propose = async () => {
      const next = ['a', 'b', 'c'].find((id) => !fixed.includes(id));
      if (next) fixed.push(next);
      return [candidate([...fixed])];
    };
    const outcome = await runRepairLoop(report(['a', 'b', 'c']), [rung(propose)], fakeWorkspace(['a', 'b', 'c']), { ...options, maxIterations: 2 });
    expect(outcome.stopReason).toBe('max-iterations');
    expect(outcome.final.failed_tests.map((test) => test.name)).toEqual(['c']);
  });

  it('ends with the reason a rung stops it for, and retries a rung with calls while nothing is kept', async () => {
    let calls = 0;
    const model = rung(async () => {
      calls += 1;
      if (calls === 3) throw new StopRepair('no-progress', 'the model repeated itself');
      return [candidate([])];
    }, { engine: 'model', calls: 3 });
    const outcome = await runRepairLoop(report(['a']), [model], fakeWorkspace(['a']), options);
    expect(calls).toBe(3);
    expect(outcome.stopReason).toBe('no-progress');
    expect(outcome.notes).toEqual(['the model repeated itself']);
    const broken = await runRepairLoop(report(['a']), [rung(async () => { throw new StopRepair('model-error', 'model error: HTTP 500'); })], fakeWorkspace(['a']), options);
    expect(broken.stopReason).toBe('model-error');
  });
});
