import type { FileChange } from '../../patch/types.js';

/**
 * What a failure is about, as the seeds' StackTraceAnalyzer names it (plus `lint` for linter and
 * formatter findings): the category picks the rungs of the repair ladder worth trying.
 */
export type FailureCategory =
  | 'assertion'
  | 'import'
  | 'type'
  | 'syntax'
  | 'reference'
  | 'attribute'
  | 'async'
  | 'timeout'
  | 'database'
  | 'api'
  | 'logic'
  | 'lint';

/** A place in a repository file; `file` is relative to the repository root, with `/`; 1-based. */
export interface FixLocation {
  file: string;
  line: number;
  column: number;
}

/** One failure of a build report, understood: what broke, where to fix it, and how sure we are. */
export interface FailureAnalysis {
  /** The failure's id as `listFailures` keys it: a test id, or "file:rule" for a diagnostic. */
  failureId: string;
  source: 'test' | 'type' | 'lint';
  /** The error's type: "AssertionError", "TypeError", "NameError", "TS2304", "no-unused-vars"… */
  errorType: string | null;
  /** The first line of the message. */
  message: string;
  category: FailureCategory;
  /** The source line to change: the deepest repository frame that is not test-framework or dependency code. */
  location: FixLocation | null;
  /** Where the failing test itself stands (its file and the frame inside it), when a test failed. */
  testLocation: FixLocation | null;
  /** The identifier the message is about (an undefined name, a missing attribute), when there is one. */
  symbol: string | null;
  /** One sentence each. */
  rootCause: string;
  suggestedFix: string;
  /** 0..1. */
  confidence: number;
}

/** The rung of the repair ladder a candidate comes from, cheapest and safest first. */
export type FixStrategy = 'ts-code-fix' | 'lint-autofix' | 'pattern' | 'fault-localised' | 'model';

/** One proposed fix: whole-file before/after contents, ready for the validator and the worktree. */
export interface FixCandidate {
  strategy: FixStrategy;
  /** The specific fix: a TypeScript fix name ("import", "fixSpelling"), a tool ("eslint --fix"), a pattern or mutation id. */
  rule: string;
  /** One line for people: "import { slugify } from './slug.js'", "`<` → `<=` at src/range.ts:7". */
  description: string;
  files: FileChange[];
  /** Ids of the failures this candidate means to fix. */
  targets: string[];
  /** Set when the rung itself refused the candidate (a model patch that does not apply or breaks the patch policy). */
  refused?: { rule: string; message: string };
}

/** Reads a file of the worktree by its path relative to the repository root; null when it does not exist. */
export type ReadFile = (path: string) => Promise<string | null>;
