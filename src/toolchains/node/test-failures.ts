import type { FailedTest, SourceLocation } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';

/** Helpers the JS test-runner parsers share to turn a runner's failure into a `FailedTest`. */

/** Name used for a test file that failed before any of its tests ran (import or syntax error). */
export const FILE_FAILURE_NAME = '(test file failed to run)';

const MAX_MESSAGE_LINES = 20;
const MAX_MESSAGE_CHARS = 2000;

// "    at fn (/abs/file.ts:12:5)", "    at /abs/file.ts:12:5", "    at async file:///abs/file.js:3:1"
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;
// Colour codes (ESC [ ... letter) that a runner may embed when it believed it wrote to a terminal.
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Removes terminal colour codes a runner may leave in its JSON. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Is this stack-frame line (`    at ...`)? */
function isFrameLine(line: string): boolean {
  return /^\s*at /.test(line);
}

/** The message part of an error as printed: everything before the first stack frame, trimmed. */
export function messageOf(text: string): string {
  const lines = stripAnsi(text).split('\n');
  const end = lines.findIndex(isFrameLine);
  const message = (end === -1 ? lines : lines.slice(0, end)).join('\n').trim();
  return firstLines(message);
}

/** The first lines of a long message, so that one huge diff does not swamp a report. */
export function firstLines(text: string): string {
  const lines = text.split('\n');
  const kept = lines.slice(0, MAX_MESSAGE_LINES).join('\n');
  const cut = kept.length > MAX_MESSAGE_CHARS ? `${kept.slice(0, MAX_MESSAGE_CHARS)}…` : kept;
  return lines.length > MAX_MESSAGE_LINES ? `${cut}\n…` : cut;
}

/** Is this project-relative path a repository file (not a dependency, not outside the project)? */
function isRepoFile(path: string): boolean {
  return !path.startsWith('..') && !path.startsWith('/') && !path.includes('node_modules/') && !/^[a-z]+:/.test(path);
}

/** The first stack frame in a repository file: where the failure was raised. */
export function firstRepoFrame(stack: string, projectDir: string): SourceLocation | null {
  for (const line of stripAnsi(stack).split('\n')) {
    const match = FRAME.exec(line);
    if (!match?.[1] || match[1].startsWith('node:')) continue;
    const file = toProjectPath(projectDir, match[1]);
    if (isRepoFile(file)) return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return null;
}

/** Joins suites and test title the way vitest prints them: "suite > inner > test". */
export function fullName(suites: readonly string[], title: string): string {
  return [...suites, title].join(' > ');
}

export interface FailureInput {
  /** Test file, relative to the project. */
  file: string;
  suites: readonly string[];
  title: string;
  /** The runner's failure text: message followed by the stack. */
  failure: string;
  projectDir: string;
}

/** A `FailedTest` with the id "<file>::<suites> > <name>". */
export function toFailedTest(input: FailureInput): FailedTest {
  const name = fullName(input.suites, input.title);
  const stack = stripAnsi(input.failure).trimEnd();
  return {
    id: `${input.file}::${name}`,
    file: input.file,
    name,
    message: messageOf(stack),
    stack,
    location: firstRepoFrame(stack, input.projectDir),
  };
}
