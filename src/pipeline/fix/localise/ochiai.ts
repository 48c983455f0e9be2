import { isTestFile } from '../test-files.js';

/**
 * Spectrum-based fault localisation with the Ochiai coefficient: a line is suspicious when failing
 * tests run it and passing tests do not. score = ef / sqrt(totalFailed × (ef + ep)), where ef and ep
 * count the failing and passing tests that executed the line.
 */

/** One test's outcome and the lines it executed (file relative to the repo root → 1-based lines). */
export interface TestSpectrum {
  id: string;
  failed: boolean;
  lines: ReadonlyMap<string, ReadonlySet<number>>;
}

/** The coverage spectra of one test run: every test that ran, passing and failing. */
export interface Spectra {
  tests: readonly TestSpectrum[];
}

/** A source line ranked by how likely it holds the fault. */
export interface SuspiciousLine {
  /** Relative to the repository root, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  /** Ochiai coefficient, 0..1 (1: run by every failing test and by no passing test). */
  score: number;
  /** How many failing tests executed the line (ef). */
  failedCovering: number;
  /** How many passing tests executed the line (ep). */
  passedCovering: number;
}

/** How to rank suspicious lines. */
export interface RankOptions {
  /** Keep at most this many lines (all when absent). */
  limit?: number;
  /** Which files may hold the fault; by default every file that `isTestFile` does not match. */
  files?: (path: string) => boolean;
}


interface Counts {
  file: string;
  line: number;
  ef: number;
  ep: number;
}

function countCoverage(spectra: Spectra, isCandidate: (path: string) => boolean): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const test of spectra.tests) {
    for (const [file, lines] of test.lines) {
      if (!isCandidate(file)) continue;
      for (const line of lines) {
        const key = `${file}\u0000${line}`;
        const entry = counts.get(key) ?? { file, line, ef: 0, ep: 0 };
        if (test.failed) entry.ef += 1;
        else entry.ep += 1;
        counts.set(key, entry);
      }
    }
  }
  return counts;
}

function compareLines(a: SuspiciousLine, b: SuspiciousLine): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.failedCovering !== b.failedCovering) return b.failedCovering - a.failedCovering;
  if (a.passedCovering !== b.passedCovering) return a.passedCovering - b.passedCovering;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

/**
 * Ranks the lines failing tests executed, most suspicious first; ties go to more failing tests, then
 * fewer passing ones, then file and line. Lines no failing test ran are dropped.
 */
export function rankSuspiciousLines(spectra: Spectra, options: RankOptions = {}): SuspiciousLine[] {
  const totalFailed = spectra.tests.filter((test) => test.failed).length;
  if (totalFailed === 0) return [];
  const isCandidate = options.files ?? ((path: string) => !isTestFile(path));
  const ranked = [...countCoverage(spectra, isCandidate).values()]
    .filter((entry) => entry.ef > 0)
    .map(
      (entry): SuspiciousLine => ({
        file: entry.file,
        line: entry.line,
        score: entry.ef / Math.sqrt(totalFailed * (entry.ef + entry.ep)),
        failedCovering: entry.ef,
        passedCovering: entry.ep,
      }),
    )
    .sort(compareLines);
  return options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, options.limit));
}
