import {
  readDiffGitPaths,
  readExtendedHeader,
  readHeaderPath,
  readHunkRange,
  type ExtendedHeader,
} from './diff-headers.js';
import { checkRepoPath } from './path-rules.js';
import { readHunkBody } from './read-hunk-body.js';
import { stripCr } from './text-lines.js';
import type { FileEdit, Hunk, ParsedEdits, ParseProblem } from './types.js';

/** One file's part of a diff while it is being read. */
interface Section {
  line: number;
  gitPaths: { from: string; to: string } | null;
  /** undefined until a `---` line is read; null for `/dev/null`. */
  oldPath: string | null | undefined;
  newPath: string | null | undefined;
  headers: ExtendedHeader[];
  hunks: Hunk[];
  isBinary: boolean;
}

/**
 * Parses a unified diff, git-style or plain, as sloppily as models write it: text around the diff,
 * code fences, missing or wrong line counts. Paths stay exactly as written.
 */
export function parseUnifiedDiff(text: string): ParsedEdits {
  const input = text.split('\n').map(stripCr);
  const edits: FileEdit[] = [];
  const problems: ParseProblem[] = [];
  const problem = (line: number, message: string, isFatal: boolean) => problems.push({ line, message, isFatal });
  let section: Section | null = null;
  let isAfterFence = false;
  const finish = () => {
    if (section) readFileEdit(section, edits, problem);
    section = null;
  };
  let at = 0;
  while (at < input.length) {
    const line = input[at] ?? '';
    const next = input[at + 1] ?? '';
    if (line.startsWith('diff --git ')) {
      finish();
      section = openSection(at, readDiffGitPaths(line.slice('diff --git '.length)));
      isAfterFence = false;
      at += 1;
    } else if (line.startsWith('--- ') && next.startsWith('+++ ')) {
      const current: Section =
        section && section.oldPath === undefined && section.hunks.length === 0 && !section.isBinary
          ? section
          : (finish(), openSection(at, null));
      current.oldPath = readHeaderPath(line.slice(4), 'a/');
      current.newPath = readHeaderPath(next.slice(4), 'b/');
      section = current;
      isAfterFence = false;
      at += 2;
    } else if (line.startsWith('@@')) {
      const range = readHunkRange(line);
      if (!range) problem(at + 1, `hunk header without line numbers: ${line}`, false);
      const body = readHunkBody(input, at + 1, range);
      for (const tolerated of body.problems) problem(tolerated.line, tolerated.message, false);
      const current: Section | null = section;
      if (!current || current.isBinary) {
        problem(at + 1, 'a hunk outside any file section (no ---/+++ header before it)', true);
      } else {
        const index = current.hunks.length + 1;
        const { lines, hasNoNewlineBefore, hasNoNewlineAfter } = body;
        current.hunks.push({ index, lines, oldStartHint: range?.oldStart ?? null, hasNoNewlineBefore, hasNoNewlineAfter });
      }
      isAfterFence = false;
      at = body.next;
    } else {
      const current: Section | null = section;
      const header = current && current.hunks.length === 0 && current.gitPaths ? readExtendedHeader(line) : null;
      if (current && header) {
        current.headers.push(header);
        if (header.kind === 'binary') current.isBinary = true;
      } else if (line.startsWith('```')) {
        isAfterFence = true;
      } else if (current && !current.isBinary && !isAfterFence && /^[-+]/.test(line)) {
        problem(at + 1, `stray line outside any hunk: ${line.slice(0, 80)}`, true);
      }
      at += 1;
    }
  }
  finish();
  if (edits.length === 0 && !problems.some((p) => p.isFatal)) problem(1, 'no file changes found in the diff', true);
  return { format: 'diff', edits, wellFormed: problems.length === 0, problems };
}

function openSection(line: number, gitPaths: Section['gitPaths']): Section {
  return { line, gitPaths, oldPath: undefined, newPath: undefined, headers: [], hunks: [], isBinary: false };
}

function readFileEdit(section: Section, edits: FileEdit[], problem: (line: number, message: string, isFatal: boolean) => void): void {
  const header = (kind: ExtendedHeader['kind']) => section.headers.find((h) => h.kind === kind);
  const modeOf = (kind: ExtendedHeader['kind']) => {
    const found = header(kind);
    return found && 'mode' in found ? found.mode : null;
  };
  const pathOf = (kind: ExtendedHeader['kind']) => {
    const found = header(kind);
    return found && 'path' in found ? found.path : undefined;
  };
  const line = section.line + 1;
  const oldPath = section.oldPath === undefined ? (section.gitPaths?.from ?? null) : section.oldPath;
  const newPath = section.newPath === undefined ? (section.gitPaths?.to ?? null) : section.newPath;
  const isCreate = section.oldPath === null || header('new-file') !== undefined;
  const isDelete = section.newPath === null || header('deleted-file') !== undefined;
  const renameFrom = pathOf('rename-from');
  const renameTo = pathOf('rename-to');
  if (header('copy-from')) {
    const unsafe = [pathOf('copy-from'), pathOf('copy-to')].flatMap((path) => (path === undefined ? [] : [checkRepoPath(path)])).find((violation) => violation !== null);
    return problem(line, unsafe ? `${unsafe.path}: ${unsafe.message} (${unsafe.rule})` : 'file copies are not supported; write the new file in full', true);
  }
  if (isCreate && isDelete) return problem(line, 'a file section both creates and deletes its file', true);
  const path = isDelete ? (oldPath ?? newPath) : (renameTo ?? newPath ?? oldPath);
  if (!path) return problem(line, 'cannot tell which file this section changes', true);
  const mode = modeOf('new-file') ?? modeOf('new-mode') ?? modeOf('deleted-file') ?? modeOf('index');
  const isRename = !isCreate && !isDelete && renameFrom !== undefined && renameFrom !== path;
  if (!isCreate && !isDelete && !isRename && oldPath !== null && oldPath !== path) {
    problem(line, `old path '${oldPath}' and new path '${path}' differ without a rename header; editing '${path}'`, false);
  }
  const kind = isCreate ? 'create' : isDelete ? 'delete' : isRename ? 'rename' : 'modify';
  const hasModeChange = header('new-mode') !== undefined;
  if (kind === 'modify' && section.hunks.length === 0 && !section.isBinary && !hasModeChange) {
    return problem(line, `the section for '${path}' has no hunks`, true);
  }
  edits.push({ kind, path, fromPath: isRename ? (renameFrom ?? null) : null, hunks: section.hunks, mode, isBinary: section.isBinary });
}
