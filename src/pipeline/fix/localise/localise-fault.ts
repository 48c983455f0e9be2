import { isAbsolute, relative } from 'node:path';
import { CoverageJson } from '../../../toolchains/python/coverage-py.js';
import type { FocusedRunner } from './run-focused.js';
import type { TestRef } from './focus-tests.js';
import { isLcovText, readIstanbulLines, readLcovLines } from './read-spectra.js';
import { rankSuspiciousLines, type SuspiciousLine, type TestSpectrum } from './ochiai.js';

export interface SpectraLimits {
  /** Failing tests traced one by one. */
  maxFailing: number;
  /** Passing tests (from the failing tests' files first) traced one by one. */
  maxPassing: number;
}

export const DEFAULT_SPECTRA_LIMITS: SpectraLimits = { maxFailing: 4, maxPassing: 10 };

/** Executed lines per file of a coverage.py JSON report, keyed relative to the repo root. */
function readCoveragePyLines(json: string, projectDir: string, repoRoot: string): Map<string, Set<number>> {
  const parsed = CoverageJson.safeParse(JSON.parse(json));
  const lines = new Map<string, Set<number>>();
  if (!parsed.success) return lines;
  for (const [path, file] of Object.entries(parsed.data.files)) {
    const absolute = isAbsolute(path) ? path : `${projectDir}/${path}`;
    lines.set(relative(repoRoot, absolute).replaceAll('\\', '/'), new Set(file.executed_lines));
  }
  return lines;
}

/** Executed lines from istanbul's JSON (vitest, jest, c8), coverage.py's JSON or lcov (node:test's own coverage). */
function readLines(report: string, projectDir: string, repoRoot: string): Map<string, Set<number>> {
  if (isLcovText(report)) return readLcovLines(report, projectDir, repoRoot);
  try {
    return report.includes('"statementMap"') ? readIstanbulLines(report, projectDir, repoRoot) : readCoveragePyLines(report, projectDir, repoRoot);
  } catch {
    return new Map();
  }
}

const keyOf = (ref: TestRef) => `${ref.file}::${ref.name}`;

/**
 * Traces tests one at a time with coverage: the failing ones, then passing ones from the same
 * files (they share the failing tests' set-up, so they sharpen the ranking most). Null when the
 * runner cannot run single tests or no failing test reproduces.
 */
export async function collectSpectra(focused: FocusedRunner, failing: readonly TestRef[], options: { projectDir: string; repoRoot: string; limits?: SpectraLimits }): Promise<TestSpectrum[] | null> {
  const limits = options.limits ?? DEFAULT_SPECTRA_LIMITS;
  if (!focused.canNameTests || failing.length === 0) return null;
  const listing = await focused.run(failing, { names: false, coverage: false });
  if (listing.error !== null) return null;
  const failingKeys = new Set(failing.map(keyOf));
  const stillFailing = listing.results.filter((result) => !result.passed && failingKeys.has(keyOf(result.ref))).slice(0, limits.maxFailing);
  if (stillFailing.length === 0) return null;
  const passing = listing.results.filter((result) => result.passed).slice(0, limits.maxPassing);
  const spectra: TestSpectrum[] = [];
  for (const { ref } of [...stillFailing, ...passing]) {
    const run = await focused.run([ref], { names: true, coverage: true });
    const [result] = run.results;
    if (run.error !== null || run.coverage === null || result === undefined || run.results.length !== 1) continue;
    spectra.push({ id: keyOf(ref), failed: !result.passed, lines: readLines(run.coverage, options.projectDir, options.repoRoot) });
  }
  return spectra.some((spectrum) => spectrum.failed) ? spectra : null;
}

/** The most suspicious source lines by Ochiai, test files left out. */
export function rankFaults(spectra: readonly TestSpectrum[], isTestFile: (path: string) => boolean, limit: number): SuspiciousLine[] {
  return rankSuspiciousLines({ tests: spectra }, { limit, files: (path: string) => !isTestFile(path) });
}
