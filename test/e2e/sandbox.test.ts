import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/adapters/process-runner.js';
import { detectSandbox } from '../../src/adapters/sandbox.js';
import { BuildReport } from '../../src/artefacts/build-report.js';
import { CommitResult } from '../../src/artefacts/commit-result.js';
import { FixReport } from '../../src/artefacts/fix-report.js';
import { GeneratedTests } from '../../src/artefacts/generated-tests.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { parseLoopReport, stagesOf } from '../helpers/loop-run.js';
import { runHeal } from '../helpers/run-heal.js';
import { userState } from '../helpers/user-state.js';

const detection = await detectSandbox('auto', createProcessRunner());
const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

function repo(fixture: string): FixtureRepo {
  const created = createFixtureRepo(fixture);
  repos.push(created);
  return created;
}

/** Every stage artefact of a loop run, with the sandbox it reports. */
function stageSandboxes(fixture: FixtureRepo, runId: string): string[] {
  const dir = join(fixture.dir, '.heal', 'runs', runId);
  const schemas = { build_report: BuildReport, fix_report: FixReport, generated_tests: GeneratedTests } as const;
  return readdirSync(dir)
    .filter((name) => /^\d\d-/.test(name))
    .sort()
    .flatMap((name) => {
      const kind = (Object.keys(schemas) as (keyof typeof schemas)[]).find((key) => name.endsWith(`${key}.json`));
      if (!kind) return [];
      const artefact = schemas[kind].parse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      return [`${name.replace(/\.json$/, '')}: ${artefact.sandbox?.status ?? 'unknown'}`];
    });
}

describe('the sandbox setting, end to end', () => {
  it('leaves the builtin engine unsandboxed by default (sandbox: auto), and every report says why', () => {
    const fixture = repo('js-node-test-bug-and-missing-tests');
    const run = runHeal(['loop', '--json', '--no-wait'], { cwd: fixture.dir, env: { NO_COLOR: '1' } });
    const report = parseLoopReport(run);
    expect(report.status).toBe('DONE');
    expect(report.sandbox).toEqual({ status: 'off', reason: 'not needed: no model-written code runs (builtin engine)' });
    expect(stageSandboxes(fixture, report.run_id).every((line) => line.endsWith(': off'))).toBe(true);
  });

  it.skipIf(detection.kind !== 'bwrap')('heals the demo with every command in the sandbox under HEAL_SANDBOX=bwrap: same stages, same result', () => {
    const fixture = repo('js-node-test-bug-and-missing-tests');
    const before = userState(fixture);
    const run = runHeal(['loop', '--json', '--no-wait'], { cwd: fixture.dir, env: { NO_COLOR: '1', HEAL_SANDBOX: 'bwrap' } });
    const report = parseLoopReport(run);
    expect(run.code, run.stderr).toBe(0);
    expect(stagesOf(report)).toEqual(['build-1 FAILED', 'fix FIXED', 'build-1 PASSED', 'plan-tests 2 target(s)', 'build-tests precheck PASSED', 'build-2 PASSED']);
    expect(report.coverage.after).toBe(100);
    expect(report.sandbox).toMatchObject({ status: 'on', reason: expect.stringMatching(/^bubblewrap \d/) });
    expect(stageSandboxes(fixture, report.run_id)).toEqual([
      '01-build-1-build_report: on',
      '02-fix-fix_report: on',
      '03-build-1-build_report: on',
      '05-build-tests-generated_tests: on',
      '06-build-2-build_report: on',
    ]);
    expect(userState(fixture)).toBe(before);
  });

  it.skipIf(detection.kind !== 'bwrap')("sandboxes heal build of a commit heal's model (or a patch file) wrote, and not of the user's own commits", () => {
    const fixture = repo('js-node-test-zero-deps');
    writeFileSync(join(fixture.dir, '..', `${fixture.dir.split('/').pop()}.diff`), '--- /dev/null\n+++ b/NOTES.md\n@@ -0,0 +1 @@\n+notes\n');
    const patch = join(fixture.dir, '..', `${fixture.dir.split('/').pop()}.diff`);
    const coded = runHeal(['code', '--patch', patch, '--json', 'Add notes'], { cwd: fixture.dir });
    const result = CommitResult.parse(JSON.parse(coded.stdout));
    expect(result.sandbox).toMatchObject({ status: 'on' });
    expect(fixture.git('log', '-1', '--format=%B', result.branch_name ?? '')).toMatch(/\nHeal-Engine: patch-file\n/);
    const build = (commit: string) => BuildReport.parse(JSON.parse(runHeal(['build', '--commit', commit, '--json'], { cwd: fixture.dir }).stdout));
    expect(build(result.branch_name ?? '').sandbox).toMatchObject({ status: 'on' });
    expect(build('main').sandbox).toEqual({ status: 'off', reason: 'not needed: no model-written code runs (builtin engine)' });
  });

  it('turns the sandbox off with --no-sandbox, says so on stderr and in the report, and refuses a bad HEAL_SANDBOX', () => {
    const fixture = repo('js-node-test-zero-deps');
    const patch = join(fixture.dir, '..', `${fixture.dir.split('/').pop()}-off.diff`);
    writeFileSync(patch, '--- /dev/null\n+++ b/NOTES.md\n@@ -0,0 +1 @@\n+notes\n');
    const run = runHeal(['code', '--patch', patch, '--json', '--no-sandbox', 'Add notes'], { cwd: fixture.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(CommitResult.parse(JSON.parse(run.stdout)).sandbox).toEqual({ status: 'off', reason: 'turned off by --no-sandbox' });
    expect(run.stderr).toContain('heal: warning: model-written code runs unsandboxed (turned off by --no-sandbox)');
    const bad = runHeal(['build', '--json'], { cwd: fixture.dir, env: { HEAL_SANDBOX: 'maybe' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('heal: HEAL_SANDBOX must be one of auto, bwrap, none (got "maybe")');
  });
});
