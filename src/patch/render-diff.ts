import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import type { FileChange, PatchStats } from './types.js';

const CONTEXT_LINES = 3;

/** Quotes a path the way git does when it holds characters a diff header cannot carry raw. */
function quotePath(prefix: string, path: string): string {
  if (!/["\\\u0000-\u001f\u007f]/.test(path)) return prefix + path;
  const escaped = (prefix + path).replace(/["\\\u0000-\u001f\u007f]/g, (ch) => {
    const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };
    return named[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
  return `"${escaped}"`;
}

function renderFileHunks(file: FileChange): string {
  const patch = structuredPatch(file.path, file.path, file.before ?? '', file.after ?? '', undefined, undefined, {
    context: CONTEXT_LINES,
  });
  return patch.hunks.length === 0 ? '' : formatPatch(patch, OMIT_HEADERS);
}

/**
 * Renders the computed changes as one canonical git-style diff (`diff --git`, mode lines for new and
 * deleted files, three lines of context): what git validates and what artefacts store.
 */
export function renderUnifiedDiff(files: readonly FileChange[]): string {
  return files
    .map((file) => {
      const a = quotePath('a/', file.path);
      const b = quotePath('b/', file.path);
      const header = [`diff --git ${a} ${b}`];
      if (file.kind === 'create') header.push('new file mode 100644');
      if (file.kind === 'delete') header.push('deleted file mode 100644');
      const hunks = renderFileHunks(file);
      if (hunks === '') return `${header.join('\n')}\n`;
      header.push(`--- ${file.kind === 'create' ? '/dev/null' : a}`, `+++ ${file.kind === 'delete' ? '/dev/null' : b}`);
      return `${header.join('\n')}\n${hunks}`;
    })
    .join('');
}

/** Files, added and removed lines of the changes, counted as the canonical diff shows them. */
export function measureFileChanges(files: readonly FileChange[]): PatchStats {
  let added = 0;
  let removed = 0;
  for (const file of files) {
    const patch = structuredPatch(file.path, file.path, file.before ?? '', file.after ?? '', undefined, undefined, { context: 0 });
    for (const line of patch.hunks.flatMap((hunk) => hunk.lines)) {
      if (line.startsWith('+')) added += 1;
      else if (line.startsWith('-')) removed += 1;
    }
  }
  return { files: files.length, added, removed };
}
