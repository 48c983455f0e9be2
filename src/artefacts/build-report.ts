import { z } from 'zod';
import { SandboxNote } from './sandbox-note.js';

/** Current version of the build_report.json format. Bump on any breaking change. */
export const BUILD_REPORT_VERSION = 1;

/** Overall outcome: ERRORED means the build could not run (missing tool, timeout, crash). */
export const BuildStatus = z.enum(['PASSED', 'FAILED', 'ERRORED']);
export type BuildStatus = z.infer<typeof BuildStatus>;

export const StepKind = z.enum(['install', 'typecheck', 'lint', 'format', 'test']);
export type StepKind = z.infer<typeof StepKind>;

/** A step PASSED, FAILED (the tool found problems), ERRORED (could not run) or was SKIPPED. */
export const StepStatus = z.enum(['PASSED', 'FAILED', 'ERRORED', 'SKIPPED']);
export type StepStatus = z.infer<typeof StepStatus>;

const Line = z.number().int().min(0);

/** A position in a repository file; `file` is relative to the repository root, with `/`. */
export const SourceLocation = z.object({
  file: z.string().describe('Path relative to the repository root'),
  line: Line.describe('1-based line'),
  column: Line.describe('1-based column; 0 when the tool gives none'),
});
export type SourceLocation = z.infer<typeof SourceLocation>;

export const BuildStep = z.object({
  kind: StepKind,
  tool: z.string().describe('Tool id, e.g. "vitest", "tsc", "pytest"'),
  command: z.string().describe('The exact command line, shell-quoted'),
  exit_code: z.number().int().nullable().describe('Null when the process never ran or was killed'),
  duration_ms: z.number().int().min(0),
  status: StepStatus,
  log_file: z.string().nullable().describe('Combined stdout/stderr log, relative to the repository root'),
  message: z.string().nullable().describe('Why the step failed, errored or was skipped'),
});
export type BuildStep = z.infer<typeof BuildStep>;

export const FailedTest = z.object({
  id: z.string().describe('Stable test id: "<file>::<suite> > <name>" (JS) or the pytest node id'),
  file: z.string(),
  name: z.string().describe('Full test name including its suites'),
  message: z.string().describe('The failure message (first lines of the assertion or error)'),
  stack: z.string().describe('Stack trace or traceback as the runner printed it; may be empty'),
  location: SourceLocation.nullable().describe('Where the failure was raised in a repository file'),
});
export type FailedTest = z.infer<typeof FailedTest>;

export const Severity = z.enum(['error', 'warning']);

export const Diagnostic = z.object({
  tool: z.string(),
  file: z.string(),
  line: Line,
  column: Line,
  rule: z.string().describe('Rule or error code, e.g. "no-unused-vars", "TS2322", "E501"'),
  message: z.string(),
  severity: Severity,
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const Counts = z.object({
  covered: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type Counts = z.infer<typeof Counts>;

export const FunctionCoverage = z.object({
  name: z.string().describe('Function, method ("Class.method") or class name'),
  start_line: Line,
  end_line: Line,
  lines: Counts.describe('Executable lines inside the function'),
});
export type FunctionCoverage = z.infer<typeof FunctionCoverage>;

export const FileCoverage = z.object({
  file: z.string(),
  lines: Counts,
  branches: Counts,
  line_pct: z.number().min(0).max(100),
  missed_lines: z.array(z.tuple([Line, Line])).describe('Inclusive ranges of executable lines never run'),
  functions: z.array(FunctionCoverage),
});
export type FileCoverage = z.infer<typeof FileCoverage>;

export const Coverage = z.object({
  tool: z.string().describe('"istanbul" (vitest v8, jest, c8), "lcov" (node:test) or "coverage.py"'),
  line_pct: z.number().min(0).max(100),
  branch_pct: z.number().min(0).max(100).nullable().describe('Null when the tool measured no branches'),
  lines: Counts,
  branches: Counts,
  files: z.array(FileCoverage),
});
export type Coverage = z.infer<typeof Coverage>;

export const TestCounts = z.object({
  total: z.number().int().min(0),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
});
export type TestCounts = z.infer<typeof TestCounts>;

export const Toolchain = z.object({
  id: z.enum(['node', 'python']),
  root: z.string().describe('Project directory relative to the repository root ("." for the root)'),
  package_manager: z.string().nullable().describe('npm, pnpm, yarn, or null'),
  test_runner: z.string().nullable(),
  interpreter: z.string().nullable().describe('Python interpreter used, when Python'),
});
export type Toolchain = z.infer<typeof Toolchain>;

export const BuildReport = z.object({
  version: z.literal(BUILD_REPORT_VERSION),
  kind: z.literal('build_report'),
  status: BuildStatus,
  /** Why the build ERRORED or FAILED, in one line; null when PASSED. */
  reason: z.string().nullable().describe('One line: why the build FAILED or ERRORED; null when PASSED'),
  fail_reason: z
    .enum(['none', 'tests', 'typecheck', 'lint', 'format', 'install', 'timeout', 'tool-missing', 'crash', 'no-project'])
    .describe('Machine-readable reason, also the ci_fail_reason metric label'),
  commit_sha: z.string().describe('HEAD (or --commit) that was built'),
  branch_name: z.string().nullable().describe('Branch of the built checkout; null when detached'),
  source: z.enum(['working-tree', 'commit']).describe('Built the working tree as-is, or a commit in a worktree'),
  is_dirty: z.boolean().describe('The working tree had uncommitted changes (always false for commits)'),
  started_at: z.string().describe('ISO-8601 time the build started'),
  duration_ms: z.number().int().min(0),
  toolchains: z.array(Toolchain),
  steps: z.array(BuildStep),
  tests: TestCounts,
  failed_tests: z.array(FailedTest),
  lint_errors: z.array(Diagnostic).describe('Linter and formatter findings'),
  type_errors: z.array(Diagnostic),
  coverage: Coverage.nullable(),
  artefact_path: z.string().nullable().describe('The .tar.gz with report, logs and coverage, relative to the repo'),
  sandbox: SandboxNote.optional(),
});
export type BuildReport = z.infer<typeof BuildReport>;
