/**
 * The data a model-written edit goes through: parsed edits (as written), then computed file changes
 * (what the files will contain), or precise failures to feed back to the model.
 */

/** A unified diff, or aider-style SEARCH/REPLACE blocks. */
export type EditFormat = 'diff' | 'search-replace';

/** One line of a hunk: kept as context, removed, or added. Text carries no line ending. */
export interface HunkLine {
  op: 'context' | 'remove' | 'add';
  text: string;
}

/** One change inside a file, located by its content rather than by its line numbers. */
export interface Hunk {
  /** 1-based position among the hunks of its file, as written. */
  index: number;
  lines: HunkLine[];
  /** 1-based old-side start line from the `@@` header: only a tie-breaker; null when absent. */
  oldStartHint: number | null;
  /** `\ No newline at end of file` followed the last old-side / new-side line. */
  hasNoNewlineBefore: boolean;
  hasNoNewlineAfter: boolean;
}

/** What an edit does to its file, as the input declares it. */
export type EditKind = 'modify' | 'create' | 'delete' | 'rename';

/** One file's edit exactly as written: paths are never normalized, so validation sees them raw. */
export interface FileEdit {
  kind: EditKind;
  /** The target path (the old path for a delete). */
  path: string;
  /** The source path of a rename; null otherwise. */
  fromPath: string | null;
  hunks: Hunk[];
  /** A git file mode the edit declares (`new file mode`, `new mode`, `index … <mode>`); null when none. */
  mode: string | null;
  /** The edit carries binary content (`GIT binary patch`, `Binary files … differ`). */
  isBinary: boolean;
}

/** Something the parser had to tolerate (`isFatal: false`) or could not make sense of. */
export interface ParseProblem {
  /** 1-based line of the input. */
  line: number;
  message: string;
  /** Fatal problems lose content, so the edits cannot be applied. */
  isFatal: boolean;
}

/** The result of parsing: edits plus whether the input was well-formed (for the well-formed-patch rate). */
export interface ParsedEdits {
  format: EditFormat;
  edits: FileEdit[];
  /** True when the input parsed without any problem, tolerated or not. */
  wellFormed: boolean;
  problems: ParseProblem[];
}

/** One file's computed change. `before` is null for a create, `after` null for a delete. */
export interface FileChange {
  path: string;
  kind: 'modify' | 'create' | 'delete';
  before: string | null;
  after: string | null;
}

/** Lines changed over all files, counted on the canonical diff. */
export interface PatchStats {
  files: number;
  added: number;
  removed: number;
}

/** The real lines that best resemble a hunk that could not be located. */
export interface NearestRegion {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  lines: string[];
  /** 0..1: how alike the region and the hunk's old side are. */
  similarity: number;
}

/** Why an edit or one of its hunks could not be applied. */
export type HunkFailureReason =
  | 'not-found'
  | 'overlap'
  | 'file-missing'
  | 'file-exists'
  | 'unsafe-path'
  | 'unsupported'
  | 'malformed';

/** A precise, model-ready account of one edit that did not apply. */
export interface HunkFailure {
  reason: HunkFailureReason;
  /** Null when the problem is not tied to a file (malformed input). */
  path: string | null;
  /** 1-based hunk (or SEARCH/REPLACE block) index within its file; null for a whole-file failure. */
  hunkIndex: number | null;
  /** The first lines of the hunk's old side, to name it. */
  hunkHead: string[];
  nearest: NearestRegion | null;
  /** The whole report as text, ready to send back to the model. */
  message: string;
}

/** Applying edits either yields every file's change, or every failure found. */
export type ApplyOutcome =
  | { ok: true; files: FileChange[]; stats: PatchStats; wellFormed: boolean }
  | { ok: false; failures: HunkFailure[]; wellFormed: boolean };

/** Reads a repository file by its relative path; null when it does not exist. */
export type ReadRepoFile = (path: string) => Promise<string | null>;
