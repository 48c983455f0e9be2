import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate-config.js';

describe('validateConfig', () => {
  it('fills defaults for an empty file', () => {
    const result = validateConfig(null);
    expect(result).toEqual({ ok: true, config: { build: { timeout_sec: 900, install: 'auto', steps: {} }, plan_tests: { min_coverage: 80, max_targets: 5 }, patch: { max_diff_bytes: 200_000, max_files: 30, max_changed_lines: 2_000, allow_protected: [], allow_test_removal: false }, loop: { backoff: [0, 90, 300], timeout_sec: 3600, max_coverage_drop: 5, max_self_check_failures: 3, max_fix_rounds: 2, max_code_cycles: 2 }, sandbox: 'auto' } });
  });

  it('keeps overrides and fills step defaults', () => {
    const result = validateConfig({ python: '/usr/bin/python3', build: { steps: { test: { args: ['-m', 'unit'] } } } });
    expect(result.ok && result.config.build.steps.test).toEqual({ enabled: true, args: ['-m', 'unit'] });
    expect(result.ok && result.config.python).toBe('/usr/bin/python3');
  });

  it('returns every bad field with its path, as data', () => {
    const result = validateConfig({ build: { timeout_sec: -1, install: 'sometimes', steps: { lint: { enabled: 'no' } } } });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toEqual(['build.timeout_sec', 'build.install', 'build.steps.lint.enabled']);
  });

  it('names unknown keys', () => {
    const result = validateConfig({ build: { timeout: 10 } });
    expect(result).toEqual({ ok: false, issues: [{ path: 'build.timeout', message: 'unknown key' }] });
  });
});
