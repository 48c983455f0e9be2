import { describe, expect, it } from 'vitest';
import type { BuildReport } from '../../../src/artefacts/build-report.js';
import { renderBuildMetrics } from '../../../src/report/metrics.js';

const report: BuildReport = {
  version: 1, kind: 'build_report', status: 'FAILED', reason: 'x', fail_reason: 'tests', commit_sha: 'abc',
  branch_name: 'main', source: 'working-tree', is_dirty: false, started_at: '2026-01-01T00:00:00.000Z', duration_ms: 1500,
  toolchains: [], steps: [], tests: { total: 3, passed: 2, failed: 1, skipped: 0 }, failed_tests: [], lint_errors: [],
  type_errors: [], coverage: null, artefact_path: null,
};

describe('renderBuildMetrics', () => {
  it('writes the ci_* metrics in Prometheus text format', () => {
    const text = renderBuildMetrics(report);
    expect(text).toContain('# TYPE ci_build_duration_seconds gauge\nci_build_duration_seconds{commit="abc",status="FAILED"} 1.5\n');
    expect(text).toContain('ci_tests_passed_total{commit="abc"} 2\n');
    expect(text).toContain('ci_tests_failed_total{commit="abc"} 1\n');
    expect(text).toContain('ci_coverage_line_pct{commit="abc"} NaN\n');
    expect(text).toContain('ci_fail_reason{commit="abc",reason="tests"} 1\n');
  });
});
