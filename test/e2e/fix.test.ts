import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FixReport } from '../../src/artefacts/fix-report.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { userState } from '../helpers/user-state.js';
import { runHeal, runHealAsync } from '../helpers/run-heal.js';
import { ScriptedModelServer, type ScriptStep } from '../helpers/scripted-model-server.js';

const repos: FixtureRepo[] = [];
const servers: ScriptedModelServer[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function repo(fixture: string): FixtureRepo {
  const created = createFixtureRepo(fixture);
  repos.push(created);
  return created;
}

function readReport(stdout: string): FixReport {
  return FixReport.parse(JSON.parse(stdout));
}

function changedLines(diff: string): string[] {
  return diff.split('\n').filter((line) => /^[+-](?![+-]{2} )/.test(line));
}

interface KnownBug {
  fixture: string;
  strategy: string;
  file: string;
  /** The fixed line, as it reads after the fix. */
  fixed: RegExp;
  /** Most diff lines (+ and -) the fix may take. */
  maxLines: number;
}

const BUGS: KnownBug[] = [
  { fixture: 'ts-vitest-bug-missing-import', strategy: 'ts-code-fix', file: 'src/post.ts', fixed: /^import \{ slugify \} from "\.\/slug";$/m, maxLines: 2 },
  { fixture: 'ts-vitest-bug-missing-await', strategy: 'ts-code-fix', file: 'src/greet.ts', fixed: /const user = await loadUser\(id\);/, maxLines: 2 },
  { fixture: 'ts-vitest-bug-misspelled-identifier', strategy: 'ts-code-fix', file: 'src/invoice.ts', fixed: /Math\.round\(subtotal \* vatRate\)/, maxLines: 2 },
  { fixture: 'ts-vitest-bug-off-by-one', strategy: 'fault-localised', file: 'src/cart.ts', fixed: /for \(let i = 0; i (<= items\.length - 1|< items\.length( - 0)?); i\+\+\)/, maxLines: 2 },
  { fixture: 'js-node-test-bug-and-missing-tests', strategy: 'fault-localised', file: 'src/shipping.js', fixed: /if \(weightKg >= HEAVY_FROM_KG\) \{/, maxLines: 2 },
  { fixture: 'ts-vitest-bug-and-or-swap', strategy: 'fault-localised', file: 'src/checkout.ts', fixed: /return cart\.items > 0 && cart\.addressConfirmed;/, maxLines: 2 },
  { fixture: 'ts-vitest-lint-only', strategy: 'lint-autofix', file: 'src/units.ts', fixed: /const ounces = grams \/ GRAMS_PER_OUNCE;[\s\S]*(const|let) label =/, maxLines: 4 },
  { fixture: 'py-pytest-bug-name-error', strategy: 'pattern', file: 'shipping/rates.py', fixed: /^import math$/m, maxLines: 2 },
  { fixture: 'py-pytest-bug-wrong-comparison', strategy: 'fault-localised', file: 'loyalty/tiers.py', fixed: /if points >= GOLD_POINTS:/, maxLines: 2 },
  { fixture: 'py-pytest-lint-only', strategy: 'lint-autofix', file: 'inventory/stock.py', fixed: /def reorder_needed\(level, minimum=5\):[\s\S]*if level is None:/, maxLines: 4 },
];

describe('heal fix with the builtin engine (no model)', () => {
  it.each(BUGS)('fixes $fixture with a minimal $strategy fix on agt/fix/<id>', (bug) => {
    const fixture = repo(bug.fixture);
    const before = userState(fixture);
    const run = runHeal(['fix', '--json'], { cwd: fixture.dir });
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(run.stdout);
    expect(report).toMatchObject({ status: 'FIXED', stop_reason: 'green', engine: 'builtin', failures_after: [] });
    expect(report.failures_before.length).toBeGreaterThan(0);
    const applied = report.iterations.flatMap((iteration) => iteration.fixes).filter((fix) => fix.result === 'applied');
    expect(applied.map((fix) => fix.strategy)).toContain(bug.strategy);
    expect(changedLines(report.diff).length).toBeLessThanOrEqual(bug.maxLines);
    expect(report.branch_name).toMatch(/^agt\/fix\//);
    const branch = report.branch_name ?? '';
    expect(fixture.git('rev-list', '--count', `main..${branch}`).trim()).toBe('1');
    expect(fixture.git('show', `${branch}:${bug.file}`)).toMatch(bug.fixed);
    expect(fixture.git('diff', '--name-only', `main..${branch}`).trim()).toBe(bug.file);
    expect(userState(fixture)).toBe(before);
    expect(fixture.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(fixture.dir, '.heal', 'fix_report.md'), 'utf8')).toContain('# heal fix: FIXED (green)');
  });

  it('stops UNFIXED when no small edit repairs the bug, leaving no branch and the tree intact', () => {
    const fixture = repo('py-pytest-bug-unfixable');
    const before = userState(fixture);
    const run = runHeal(['fix', '--json'], { cwd: fixture.dir });
    expect(run.code, run.stderr).toBe(1);
    const report = readReport(run.stdout);
    expect(report).toMatchObject({ status: 'UNFIXED', stop_reason: 'no-progress', commit_sha: null, branch_name: null, diff: '' });
    expect(report.failures_after.map((failure) => failure.id).sort()).toEqual(report.failures_before.map((failure) => failure.id).sort());
    const tried = report.iterations[0]?.fixes ?? [];
    expect(tried.length).toBeGreaterThanOrEqual(3);
    expect(tried.every((fix) => fix.result !== 'applied')).toBe(true);
    expect(fixture.git('branch', '--list', 'agt/*').trim()).toBe('');
    expect(userState(fixture)).toBe(before);
  });

  it('reports FIXED without a branch when the build is already green', () => {
    const fixture = repo('py-pytest-fully-covered');
    const run = runHeal(['fix', '--json'], { cwd: fixture.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readReport(run.stdout)).toMatchObject({ status: 'FIXED', stop_reason: 'green', branch_name: null, iterations: [] });
  });

  it('--apply puts the fix into a clean working tree and refuses a dirty one', () => {
    const fixture = repo('py-pytest-bug-name-error');
    const clean = runHeal(['fix', '--apply'], { cwd: fixture.dir });
    expect(clean.code, clean.stderr).toBe(0);
    expect(readFileSync(join(fixture.dir, 'shipping', 'rates.py'), 'utf8')).toMatch(/^import math$/m);
    expect(fixture.git('status', '--porcelain').trim()).toBe('M shipping/rates.py');
    const refused = runHeal(['fix', '--apply'], { cwd: fixture.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--apply needs a clean working tree');
  });
});

const WRONG_MEDIAN = `--- a/stats/summary.py
+++ b/stats/summary.py
@@ -6,3 +6,3 @@
     if not readings:
         raise ValueError("no readings")
-    return sum(readings) / len(readings)
+    return sorted(readings)[0]
`;

const RIGHT_MEDIAN = `--- a/stats/summary.py
+++ b/stats/summary.py
@@ -6,3 +6,6 @@
     if not readings:
         raise ValueError("no readings")
-    return sum(readings) / len(readings)
+    ordered = sorted(readings)
+    middle = len(ordered) // 2
+    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
`;

function reply(diff: string, reasoning: string): ScriptStep {
  return { reply: JSON.stringify({ reasoning, diff }), usage: { prompt_tokens: 700, completion_tokens: 90 } };
}

async function serve(steps: ScriptStep[]): Promise<{ server: ScriptedModelServer; env: Record<string, string> }> {
  const server = new ScriptedModelServer(steps);
  servers.push(server);
  return { server, env: { HEAL_BASE_URL: await server.start(), HEAL_MODEL: 'scripted-fixer' } };
}

describe('heal fix with a scripted model (real openai SDK over loopback HTTP)', () => {
  it('climbs to the model rung, feeds a failed fix back, and commits the working one', async () => {
    const fixture = repo('py-pytest-bug-unfixable');
    const { server, env } = await serve([reply(WRONG_MEDIAN, 'Take the smallest.'), reply(RIGHT_MEDIAN, 'Sort and take the middle.')]);
    const run = await runHealAsync(['fix', '--json'], { cwd: fixture.dir, env });
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(run.stdout);
    expect(report).toMatchObject({ status: 'FIXED', engine: 'model', model: 'scripted-fixer' });
    const model = report.iterations.flatMap((iteration) => iteration.fixes).filter((fix) => fix.engine === 'model');
    expect(model.map((fix) => fix.result)).toEqual(['no-effect', 'applied']);
    expect(report.usage.calls).toBe(2);
    const second = JSON.stringify(server.requests[1]?.body ?? null);
    expect(second).toContain('Earlier attempt 1 did not work');
    expect(second).toContain('sorted(readings)[0]');
    expect(JSON.stringify(server.requests[0]?.body ?? null)).toContain('stats/summary.py');
  });

  it('stops with no-progress when the model keeps sending the same fix', async () => {
    const fixture = repo('py-pytest-bug-unfixable');
    const before = userState(fixture);
    const { server, env } = await serve([reply(WRONG_MEDIAN, 'Take the smallest.'), reply(WRONG_MEDIAN, 'Take the smallest.'), reply(WRONG_MEDIAN, 'Again.')]);
    const run = await runHealAsync(['fix', '--json'], { cwd: fixture.dir, env });
    expect(run.code).toBe(1);
    expect(readReport(run.stdout)).toMatchObject({ status: 'UNFIXED', stop_reason: 'no-progress', branch_name: null });
    expect(server.requests).toHaveLength(2);
    expect(userState(fixture)).toBe(before);
  });
});
