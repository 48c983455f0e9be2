import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildReport } from '../../src/artefacts/build-report.js';
import { FIXTURES_DIR } from '../helpers/fixture-deps.js';
import { runHeal } from '../helpers/run-heal.js';

// A repository whose Python service lives in services/billing, beside other folders.
const dir = mkdtempSync(join(tmpdir(), 'heal-subproject-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(FIXTURES_DIR, 'py-pytest-failing-test'), join(dir, 'services', 'billing'), { recursive: true });
writeFileSync(join(dir, 'README.md'), '# platform\n');
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-qm', 'platform']]) execFileSync('git', args, { cwd: dir, env });

describe('heal build on a project inside a repository', () => {
  it('builds the project --cwd points into and reports repository-relative paths', () => {
    const run = runHeal(['build', '--json', '--cwd', 'services/billing/billing'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = BuildReport.parse(JSON.parse(run.stdout));
    expect(report.toolchains).toEqual([expect.objectContaining({ id: 'python', root: 'services/billing' })]);
    expect(report.failed_tests.map((test) => [test.id, test.location?.file])).toEqual([
      ['services/billing/tests/test_due.py::test_invoice_is_not_overdue_on_its_due_date', 'services/billing/tests/test_due.py'],
    ]);
    expect(report.type_errors.map((error) => error.file)).toEqual(['services/billing/billing/invoice.py']);
    expect(report.coverage?.files.map((file) => file.file)).toContain('services/billing/billing/due.py');
  });

  it('ERRORS with no-project at a root that has no project file', () => {
    const run = runHeal(['build', '--json'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(BuildReport.parse(JSON.parse(run.stdout))).toMatchObject({ status: 'ERRORED', fail_reason: 'no-project' });
  });
});
