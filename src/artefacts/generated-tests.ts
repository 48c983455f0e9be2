import { z } from 'zod';
import { SandboxNote } from './sandbox-note.js';
import { Usage } from '../model/usage.js';

/** Current version of the generated_tests.json format. Bump on any breaking change. */
export const GENERATED_TESTS_VERSION = 1;

/**
 * What became of one proposed test, each judged on its own:
 * - kept: collected, passed 3 runs in a row, covers a line of its target nothing covered before;
 * - dropped-not-collected: the runner did not list it (a syntax or import error, an undefined pytest fixture);
 * - dropped-failing: it never passed, and its failure is an error of the test itself, not an assertion;
 * - dropped-flaky: it passed some runs and failed others, or depends on an unseeded clock or randomness;
 * - dropped-no-coverage: it passes but covers nothing the suite (and the tests kept before it) did not;
 * - rejected-path: it was written outside the repository's test locations;
 * - quarantined-bug-revealing: well formed, deterministic, and its assertion fails every run: it may
 *   have found a bug, so it stays out of the suite and the report shows it.
 */
export const TestStatus = z.enum([
  'kept',
  'dropped-not-collected',
  'dropped-failing',
  'dropped-flaky',
  'dropped-no-coverage',
  'rejected-path',
  'quarantined-bug-revealing',
]);
export type TestStatus = z.infer<typeof TestStatus>;

/** PASSED: the whole fast suite, with the kept tests, is green. FAILED: it is not, or nothing could be kept. */
export const Precheck = z.enum(['PASSED', 'FAILED']);
export type Precheck = z.infer<typeof Precheck>;

export const GeneratedTestRecord = z.object({
  id: z.string().describe('"<file>::<name>", unique in the run'),
  file: z.string().describe('Test file, relative to the repository root'),
  name: z.string().describe('The name the runner reports ("suite > title", or the pytest node id after the file)'),
  case: z.string().nullable().describe('The testspec case it serves, when known'),
  target: z.string().nullable().describe('"<path>::<symbol>" of the target it exercises, when known'),
  engine: z.enum(['builtin', 'model']),
  attempt: z.number().int().min(1).describe('Which generation attempt wrote it'),
  status: TestStatus,
  reason: z.string().describe('Why it has this status, in one line'),
  runs: z.array(z.enum(['passed', 'failed', 'missing'])).describe('Its outcome in each stability run'),
  failure: z.string().nullable().describe('The failure message, for failing and quarantined tests'),
  coverage_gain: z.number().int().min(0).nullable().describe('Target lines it covers that nothing covered before it; null when not measured'),
  new_lines: z.record(z.string(), z.array(z.number().int().min(1))).describe('Those lines, by file'),
  code: z.string().describe('The test source'),
});
export type GeneratedTestRecord = z.infer<typeof GeneratedTestRecord>;

export const TargetCoverage = z.object({
  id: z.string().describe('"<path>::<symbol>", as in the testspec'),
  path: z.string(),
  symbol: z.string(),
  line_pct_before: z.number().min(0).max(100),
  line_pct_after: z.number().min(0).max(100).nullable().describe('From the precheck build; null when it measured no coverage'),
  uncovered_before: z.array(z.number().int().min(1)),
  uncovered_after: z.array(z.number().int().min(1)).nullable(),
});
export type TargetCoverage = z.infer<typeof TargetCoverage>;

export const GeneratedTests = z.object({
  version: z.literal(GENERATED_TESTS_VERSION),
  kind: z.literal('generated_tests'),
  spec_id: z.string(),
  engine: z.enum(['builtin', 'model']),
  model: z.string().nullable(),
  parent_commit_sha: z.string().describe('The testspec commit the tests were written on'),
  commit_sha: z.string().nullable().describe('The commit holding the kept tests; null when none were kept'),
  branch_name: z.string().nullable().describe('agt/testbuilder/<spec_id>; null without a commit'),
  precheck: Precheck,
  notes: z.array(z.string()),
  tests: z.array(GeneratedTestRecord),
  targets: z.array(TargetCoverage),
  counts: z.record(TestStatus, z.number().int().min(0)).describe('Tests per status'),
  files: z.array(z.string()).describe('Test files in the commit'),
  patch_loc: z.number().int().min(0).describe('Lines the commit adds'),
  attempts: z.number().int().min(0).describe('Generation attempts made'),
  model_error: z.string().nullable().describe('Why the model stopped answering (an API error, the budget); null otherwise'),
  usage: Usage.nullable().describe('Model tokens, calls and cost; null with the builtin engine'),
  duration_ms: z.number().int().min(0),
  sandbox: SandboxNote.optional(),
});
export type GeneratedTests = z.infer<typeof GeneratedTests>;

/** Pure: how many tests have each status (every status present, zero when none). */
export function countByStatus(records: readonly GeneratedTestRecord[]): Record<TestStatus, number> {
  const counts: Record<TestStatus, number> = {
    kept: 0,
    'dropped-not-collected': 0,
    'dropped-failing': 0,
    'dropped-flaky': 0,
    'dropped-no-coverage': 0,
    'rejected-path': 0,
    'quarantined-bug-revealing': 0,
  };
  for (const record of records) counts[record.status] += 1;
  return counts;
}
