import { applyHunks } from './apply-hunks.js';
import { describeFailure } from './hunk-failure.js';
import { checkRepoPath, normalizeRepoPath } from './path-rules.js';
import { measureFileChanges } from './render-diff.js';
import type { ApplyOutcome, EditFormat, FileChange, FileEdit, HunkFailure, ParsedEdits, ReadRepoFile } from './types.js';

const SPECIAL_MODES: Record<string, string> = { '120000': 'a symlink', '160000': 'a submodule' };

/** The files as the edits so far leave them, read from the repository on first use. */
interface Overlay {
  read(path: string): Promise<string | null>;
  write(path: string, content: string | null): void;
  /** Every file whose content now differs from the repository's. */
  changes(): FileChange[];
}

/**
 * Computes the files the edits produce, without touching disk: pure given `readFile`. Edits apply
 * in order, so several edits of one file compose. Paths that would escape the repository are never
 * read (their content could end up in a report sent to the model); safe ones are normalized
 * (`./a//b` → `a/b`) in the changes, while `validatePatch` still sees the edits as written.
 */
export async function applyEdits(parsed: ParsedEdits, readFile: ReadRepoFile): Promise<ApplyOutcome> {
  const failures: HunkFailure[] = parsed.problems
    .filter((problem) => problem.isFatal)
    .map((problem) => describeFailure('malformed', null, `line ${problem.line}: ${problem.message}`));
  const overlay = createOverlay(readFile);
  for (const edit of parsed.edits) {
    const unsafe = [edit.path, edit.fromPath].flatMap((path) => (path === null ? [] : [checkRepoPath(path)]));
    const rejection = unsafe.find((found) => found !== null);
    if (rejection) {
      failures.push(describeFailure('unsafe-path', rejection.path, `${rejection.path}: ${rejection.message}`));
      continue;
    }
    const fromPath = edit.fromPath === null ? null : normalizeRepoPath(edit.fromPath);
    failures.push(...(await applyEdit(parsed.format, { ...edit, path: normalizeRepoPath(edit.path), fromPath }, overlay)));
  }
  if (failures.length > 0) return { ok: false, failures, wellFormed: parsed.wellFormed };
  const files = overlay.changes();
  return { ok: true, files, stats: measureFileChanges(files), wellFormed: parsed.wellFormed };
}

/** Applies one edit to the overlay; returns its failures (none when it applied). */
async function applyEdit(format: EditFormat, edit: FileEdit, overlay: Overlay): Promise<HunkFailure[]> {
  const { path } = edit;
  const fail = (reason: HunkFailure['reason'], message: string) => [describeFailure(reason, path, message)];
  if (edit.isBinary) return fail('unsupported', `${path}: binary patches are not supported; edit text files only`);
  const special = edit.mode === null ? undefined : SPECIAL_MODES[edit.mode];
  if (special) return fail('unsupported', `${path}: the edit makes or changes ${special} (mode ${edit.mode}), which patches may not do`);
  const source = edit.kind === 'rename' ? (edit.fromPath ?? path) : path;
  const current = await overlay.read(source);
  if (edit.kind === 'rename' && (await overlay.read(path)) !== null) return fail('file-exists', `${path}: cannot rename onto an existing file`);
  if (edit.kind === 'create') {
    if (current !== null) {
      const hint = format === 'diff' ? 'use a diff against the current content' : 'put the lines to replace in SEARCH';
      return fail('file-exists', `${path} already exists, but the edit creates it; ${hint}`);
    }
    const outcome = applyHunks(format, path, '', edit.hunks);
    if (!outcome.ok) return outcome.failures;
    overlay.write(path, outcome.content);
    return [];
  }
  if (current === null) {
    const hint = format === 'diff' ? 'to create it, use `--- /dev/null`' : 'to create it, leave SEARCH empty';
    return fail('file-missing', `${source} does not exist; ${hint}`);
  }
  if (edit.kind === 'delete') {
    overlay.write(path, null);
    return [];
  }
  const outcome = applyHunks(format, path, current, edit.hunks);
  if (!outcome.ok) return outcome.failures;
  if (edit.kind === 'rename') overlay.write(source, null);
  overlay.write(path, outcome.content);
  return [];
}

function createOverlay(readFile: ReadRepoFile): Overlay {
  const files = new Map<string, { before: string | null; current: string | null }>();
  return {
    async read(path) {
      const known = files.get(path);
      if (known) return known.current;
      const content = await readFile(path);
      files.set(path, { before: content, current: content });
      return content;
    },
    write(path, content) {
      const known = files.get(path);
      files.set(path, { before: known ? known.before : null, current: content });
    },
    changes() {
      return [...files].flatMap(([path, { before, current }]): FileChange[] => {
        if (before === current) return [];
        const kind = before === null ? 'create' : current === null ? 'delete' : 'modify';
        return [{ path, kind, before, after: current }];
      });
    },
  };
}
