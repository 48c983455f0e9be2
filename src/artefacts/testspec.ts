import { z } from 'zod';
import { Usage } from '../model/usage.js';

/** Current version of the testspec.json format. Bump on any breaking change. */
export const TESTSPEC_VERSION = 1;

/** What a case proves: the happy path, a boundary, an error path, concurrent use, or hostile input. */
export const CaseKind = z.enum(['success', 'edge', 'failure', 'concurrency', 'security']);
export type CaseKind = z.infer<typeof CaseKind>;

export const Priority = z.enum(['high', 'medium', 'low']);
export type Priority = z.infer<typeof Priority>;

/** Why a target matters beyond its missing coverage; any of these makes it high priority. */
export const RiskFactor = z.enum([
  'changed',
  'public-api',
  'signature-changed',
  'new-error-path',
  'uncovered-error-handling',
  'shell-command',
  'sql',
  'file-path',
  'untrusted-input',
  'in-plan',
]);
export type RiskFactor = z.infer<typeof RiskFactor>;

const Line = z.number().int().min(1);
const LineRange = z.tuple([Line, Line]).describe('Inclusive 1-based first and last line');

export const TestCase = z.object({
  name: z.string().describe('Suggested test name, e.g. "test_parse_cents_failure"'),
  goal: z.string().describe('One sentence a test writer can act on'),
  kind: CaseKind,
  priority: Priority,
  target_path: z.string().describe('File under test, relative to the repository root'),
  target_symbol: z.string().describe('Function, method ("Class.method") or class under test'),
  line_range: LineRange.describe("The target's lines"),
  uncovered_lines: z.array(Line).describe('Lines never run by the suite that this case should reach'),
});
export type TestCase = z.infer<typeof TestCase>;

export const CoverageTarget = z.object({
  id: z.string().describe('"<path>::<symbol>", e.g. "src/client.ts::fetchData"'),
  path: z.string(),
  symbol: z.string(),
  line_range: LineRange,
  line_pct: z.number().min(0).max(100).describe("Line coverage of the target before new tests"),
  uncovered_lines: z.array(Line),
  priority: Priority,
  risks: z.array(RiskFactor),
  measured: z.boolean().describe('False when the coverage tool never loaded the file (no test imports it)'),
});
export type CoverageTarget = z.infer<typeof CoverageTarget>;

export const TestSpec = z.object({
  version: z.literal(TESTSPEC_VERSION),
  kind: z.literal('testspec'),
  id: z.string().describe('Unique id of this spec'),
  parent_commit_sha: z.string().describe('Commit the build report was made on; tests are written on top of it'),
  base_commit_sha: z.string().nullable().describe('Commit the change was diffed against; null for a root commit'),
  engine: z.enum(['builtin', 'model']).describe('Who chose the cases: the deterministic planner, or a model refining it'),
  toolchain: z.object({
    id: z.enum(['node', 'python']),
    root: z.string().describe('Project directory relative to the repository root'),
    test_runner: z.string().nullable(),
  }),
  cases: z.array(TestCase),
  target: CoverageTarget.nullable().describe('The primary coverage target (the highest ranked); null when none'),
  targets: z.array(CoverageTarget).describe('Every chosen target, highest ranked first'),
  min_line_coverage: z.number().min(0).max(100),
  rationale_md: z.string().describe('Markdown for a reviewer: why these targets, in this order'),
  estimated_tokens: z.number().int().min(0).describe('cases x average steps x 60'),
  notes: z.array(z.string()).describe('What the planner skipped or fell back from, one line each'),
  usage: Usage.nullable().describe('Model tokens, calls and cost; null when the builtin engine planned alone'),
});
export type TestSpec = z.infer<typeof TestSpec>;

/** `--plan plan.json`: what the change set out to do (e.g. the goal `heal code` worked on). */
export const ChangePlan = z.object({
  goal: z.string().min(1),
  steps: z.array(z.string()).default([]),
  task_id: z.string().optional(),
  paths: z.array(z.string()).default([]).describe('Files the change meant to touch'),
});
export type ChangePlan = z.infer<typeof ChangePlan>;
