import type { FileChange } from '../../../patch/types.js';
import type { FailureAnalysis, FixCandidate, ReadFile } from '../types.js';
import { findIndentMismatch } from './validate-content.js';
import { scanAddedLines } from '../../../patch/secret-scan.js';
import { countLines, diffFileLines, type FileLineDiff } from './validate-diff.js';
import { findUnresolvedImport } from './validate-imports.js';
import { findIntroducedSyntaxError, type ParsePython } from './validate-syntax.js';
import { checkTestEdit, type TestEditRule } from './validate-tests.js';
import { isTestFile } from '../test-files.js';


/**
 * The seeds' FixValidator: every candidate of every rung passes here before it touches the
 * worktree. Checks run in order and the first that fails names the rejection: the change is a real
 * modification of existing files, it parses, it is small, its new imports resolve, it adds no
 * secret, it indents like its file, and it does not edit tests to pass.
 */

/** Why a candidate was rejected. */
export type FixRejectionRule =
  | 'no-change'
  | 'create-or-delete'
  | 'syntax'
  | 'too-many-lines'
  | 'file-growth'
  | 'unresolved-import'
  | 'secret'
  | 'indentation'
  | TestEditRule;

/**
 * How much a kept fix should be trusted, for ordering and review:
 * - `high`: it touches a test file, changes more than 10 lines, or is a `guard-none` pattern;
 * - `low`: one file, at most one non-blank line added and one removed, from a TypeScript code fix,
 *   a linter's autofix, or an import-only/comparison pattern;
 * - `medium`: everything else (mutations, missing `await`, model edits, multi-line changes).
 */
export type FixRisk = 'low' | 'medium' | 'high';

/** The validator's verdict: accepted with a risk and its size (added + removed lines), or rejected with a reason. */
export type FixValidation =
  | { ok: true; risk: FixRisk; changedLines: number }
  | { ok: false; rule: FixRejectionRule; message: string };

/** What validation reads besides the candidate. */
export interface ValidateFixContext {
  /** The analyses of the current failures; those the candidate targets decide whether a test file may change. */
  analyses: readonly FailureAnalysis[];
  /** Reads a worktree file (the checks need only `fileExists` today). */
  readFile: ReadFile;
  fileExists(path: string): Promise<boolean>;
  /** Parses Python source: a syntax error message, or null (the caller runs `ast.parse`). */
  parsePython: ParsePython;
  /** Which paths are tests; {@link isTestFile} by default. */
  isTestFile?: (path: string) => boolean;
}

/** At most this many lines added plus removed per fix. */
export const MAX_CHANGED_LINES = 20;
/** A file of at least `SMALL_FILE_LINES` lines may grow by half; a smaller one by `SMALL_FILE_GROWTH` lines. */
const MAX_GROWTH = 0.5;
const SMALL_FILE_LINES = 10;
const SMALL_FILE_GROWTH = 5;
const HIGH_RISK_LINES = 10;
const LOW_RISK_PATTERNS = new Set(['missing-import', 'none-comparison']);

type Modified = FileChange & { before: string; after: string };

function reject(rule: FixRejectionRule, message: string): FixValidation {
  return { ok: false, rule, message };
}

function checkGrowth(file: Modified): string | null {
  const before = countLines(file.before);
  const growth = countLines(file.after) - before;
  const limit = before >= SMALL_FILE_LINES ? before * MAX_GROWTH : SMALL_FILE_GROWTH;
  return growth > limit ? `${file.path} grows by ${growth} lines (at most ${Math.floor(limit)})` : null;
}

function assessRisk(candidate: FixCandidate, diffs: readonly FileLineDiff[], changedLines: number, touchesTest: boolean): FixRisk {
  if (touchesTest || changedLines > HIGH_RISK_LINES || candidate.rule === 'guard-none') return 'high';
  const nonBlank = (lines: readonly string[]): number => lines.filter((line) => line.trim() !== '').length;
  const isSingleLine = diffs.length === 1 && diffs.every((diff) => nonBlank(diff.added) <= 1 && nonBlank(diff.removed) <= 1);
  const isSafeKind =
    candidate.strategy === 'ts-code-fix' || candidate.strategy === 'lint-autofix' || (candidate.strategy === 'pattern' && LOW_RISK_PATTERNS.has(candidate.rule));
  return isSingleLine && isSafeKind ? 'low' : 'medium';
}

async function checkStructure(candidate: FixCandidate, context: ValidateFixContext): Promise<FixValidation | Modified[]> {
  const files: Modified[] = [];
  for (const file of candidate.files) {
    if (file.kind !== 'modify' || file.before === null || file.after === null || !(await context.fileExists(file.path))) {
      return reject('create-or-delete', `${file.path}: a fix may only modify existing files (${file.kind})`);
    }
    if (file.before !== file.after) files.push({ ...file, before: file.before, after: file.after });
  }
  return files.length === 0 ? reject('no-change', 'the candidate changes nothing') : files;
}

/** Validates one candidate; pure apart from the injected file checks and Python parser. */
export async function validateFix(candidate: FixCandidate, context: ValidateFixContext): Promise<FixValidation> {
  const isTest = context.isTestFile ?? isTestFile;
  const structure = await checkStructure(candidate, context);
  if (!Array.isArray(structure)) return structure;
  const files = structure;
  for (const file of files) {
    const error = await findIntroducedSyntaxError(file.path, file.before, file.after, context.parsePython);
    if (error !== null) return reject('syntax', `${file.path} does not parse after the fix: ${error}`);
  }
  const diffs = files.map((file) => diffFileLines(file.before, file.after));
  const changedLines = diffs.reduce((sum, diff) => sum + diff.added.length + diff.removed.length, 0);
  if (changedLines > MAX_CHANGED_LINES) return reject('too-many-lines', `the fix changes ${changedLines} lines (at most ${MAX_CHANGED_LINES})`);
  for (const file of files) {
    const growth = checkGrowth(file);
    if (growth !== null) return reject('file-growth', growth);
  }
  for (const file of files) {
    const unresolved = await findUnresolvedImport(file.path, file.before, file.after, context.fileExists);
    if (unresolved !== null) return reject('unresolved-import', `the fix imports ${unresolved}, which is not a repository file`);
  }
  const [secret] = scanAddedLines(files);
  if (secret) return reject('secret', `${secret.path}${secret.line === null ? '' : `:${secret.line}`}: ${secret.rule} (${secret.masked})`);
  for (const [index, file] of files.entries()) {
    const mismatch = findIndentMismatch(file.before, diffs[index]?.added ?? []);
    if (mismatch !== null) return reject('indentation', `${file.path}: \`${mismatch.trim()}\` is indented unlike the rest of the file`);
  }
  const targeted = context.analyses.filter((analysis) => candidate.targets.includes(analysis.failureId));
  for (const [index, file] of files.entries()) {
    const diff = diffs[index];
    if (!isTest(file.path) || diff === undefined) continue;
    const problem = checkTestEdit(file.path, file.before, file.after, diff, targeted);
    if (problem !== null) return reject(problem.rule, problem.message);
  }
  return { ok: true, risk: assessRisk(candidate, diffs, changedLines, files.some((file) => isTest(file.path))), changedLines };
}
