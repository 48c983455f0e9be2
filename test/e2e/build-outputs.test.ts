import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildReport } from '../../src/artefacts/build-report.js';
import { createFixtureRepo } from '../helpers/fixture-repo.js';
import { runHeal } from '../helpers/run-heal.js';

const repo = createFixtureRepo('js-node-test-c8');
afterAll(() => repo.cleanup());

describe('heal build outputs', () => {
  it('--explain prints detection and exact commands and runs nothing', () => {
    const run = runHeal(['build', '--explain'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Detected node (npm, node-test) in .');
    expect(run.stdout).toMatch(/\$ node_modules\/\.bin\/c8 --reporter=json .* node --test /);
    expect(run.stdout).toContain('[skip: dependencies already installed]');
    const json = JSON.parse(runHeal(['build', '--explain', '--json'], { cwd: repo.dir }).stdout);
    expect(json.steps.map((step: { kind: string; action: string }) => `${step.kind}:${step.action}`)).toEqual(['install:skip', 'test:run']);
    expect(() => readFileSync(join(repo.dir, '.heal', 'build_report.json'))).toThrow();
  });

  it('prints a readable summary without colour when not on a TTY', () => {
    const run = runHeal(['build'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toMatch(/^heal build FAILED in \d+\.\d s · [0-9a-f]{8} \(main\)\n/);
    expect(run.stdout).toContain('Failed tests (1)\n  test/plural.test.js::pluralize > uses the plural for zero test/plural.test.js:15\n');
    expect(run.stdout).toContain('Coverage lines 74.35% (29/39) · branches 83.33% (10/12)\n');
    expect(run.stderr).toContain('heal: test (node-test) exit 1');
  });

  it('writes --out, --metrics and a .tar.gz artefact with report, logs and coverage, and keeps .heal out of git', () => {
    const run = runHeal(['build', '--json', '--out', 'reports/build.json', '--metrics', 'reports/metrics.prom'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const report = BuildReport.parse(JSON.parse(readFileSync(join(repo.dir, 'reports', 'build.json'), 'utf8')));
    const metrics = readFileSync(join(repo.dir, 'reports', 'metrics.prom'), 'utf8');
    expect(metrics).toContain(`ci_tests_failed_total{commit="${report.commit_sha}"} 1\n`);
    expect(metrics).toContain(`ci_coverage_line_pct{commit="${report.commit_sha}"} 74.35\n`);
    expect(metrics).toContain(`ci_fail_reason{commit="${report.commit_sha}",reason="tests"} 1\n`);
    const listing = execFileSync('tar', ['-tzf', join(repo.dir, report.artefact_path ?? '')], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('build_report.json');
    expect(listing).toContain('out/coverage/coverage-final.json');
    expect(listing.some((name) => /^logs\/\d+-test-node-test\.log$/.test(name))).toBe(true);
    expect(listing.some((name) => name.includes('node_modules'))).toBe(false);
    expect(readFileSync(join(repo.dir, report.steps[1]?.log_file ?? ''), 'utf8')).toContain('uses the plural for zero');
    expect(repo.git('status', '--porcelain')).toBe('?? reports/\n');
    expect(readFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'utf8')).toContain('/.heal/\n');
  });

  it('heal report re-reads a report and exits with its status', () => {
    const run = runHeal(['report'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^heal build FAILED/);
  });
});
