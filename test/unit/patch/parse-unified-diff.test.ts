import { describe, expect, it } from 'vitest';
import { parseEdits } from '../../../src/patch/parse-edits.js';

describe('parseEdits (diff)', () => {
  it('keeps raw paths as written, never normalizing them', () => {
    const diff = ['--- /etc/passwd', '+++ /etc/passwd', '@@ -1 +1 @@', '-a', '+b', '--- a/../x', '+++ b/../x', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    const parsed = parseEdits(diff, 'diff');
    expect(parsed.edits.map((edit) => edit.path)).toEqual(['/etc/passwd', '../x']);
    expect(parsed.wellFormed).toBe(true);
  });

  it('reads git extended headers: modes, binary content, quoted paths', () => {
    const diff = [
      'diff --git a/link b/link',
      'new file mode 120000',
      'index 0000000..1234567',
      '--- /dev/null',
      '+++ b/link',
      '@@ -0,0 +1 @@',
      '+/etc/passwd',
      '\\ No newline at end of file',
      'diff --git a/img.png b/img.png',
      'index 1234567..89abcde 100644',
      'GIT binary patch',
      'literal 5',
      'McmZQzU|?i`000310RR91',
      '',
      'diff --git "a/caf\\303\\251 x.txt" "b/caf\\303\\251 x.txt"',
      '--- "a/caf\\303\\251 x.txt"',
      '+++ "b/caf\\303\\251 x.txt"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '',
    ].join('\n');
    const parsed = parseEdits(diff, 'diff');
    expect(parsed.edits.map(({ kind, path, mode, isBinary }) => ({ kind, path, mode, isBinary }))).toEqual([
      { kind: 'create', path: 'link', mode: '120000', isBinary: false },
      { kind: 'modify', path: 'img.png', mode: '100644', isBinary: true },
      { kind: 'modify', path: 'café x.txt', mode: null, isBinary: false },
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('reads a removed line that looks like a file header while the counts still expect lines', () => {
    const diff = ['--- a/notes.md', '+++ b/notes.md', '@@ -1,3 +1 @@', ' top', '--- a/x', '-+++ b/x', '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-1', '+2', ''].join('\n');
    const parsed = parseEdits(diff, 'diff');
    expect(parsed.edits.map((edit) => edit.path)).toEqual(['notes.md', 'y']);
    expect(parsed.edits[0]?.hunks[0]?.lines).toEqual([
      { op: 'context', text: 'top' },
      { op: 'remove', text: '-- a/x' },
      { op: 'remove', text: '+++ b/x' },
    ]);
  });

  it('tolerates wrong counts and a context line without its leading space, but says the input was not well-formed', () => {
    const diff = ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', 'b', '-c', '+d', ''].join('\n');
    const parsed = parseEdits(diff, 'diff');
    expect(parsed.wellFormed).toBe(false);
    expect(parsed.problems.every((problem) => !problem.isFatal)).toBe(true);
    expect(parsed.edits[0]?.hunks[0]?.lines.map((line) => line.op)).toEqual(['context', 'context', 'remove', 'add']);
  });

  it('treats +/- lines outside any hunk as fatal: content would be lost', () => {
    const diff = ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', 'oops', '+lost', ''].join('\n');
    const parsed = parseEdits(diff, 'diff');
    expect(parsed.problems.some((problem) => problem.isFatal && problem.message.includes('stray'))).toBe(true);
  });

  it('reports text with no diff in it as malformed', () => {
    const parsed = parseEdits('I could not find the bug, sorry.', 'diff');
    expect(parsed).toMatchObject({ edits: [], wellFormed: false });
    expect(parsed.problems[0]?.isFatal).toBe(true);
  });
});
