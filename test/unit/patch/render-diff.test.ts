import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/patch/apply-edits.js';
import { parseEdits } from '../../../src/patch/parse-edits.js';
import { measureFileChanges, renderUnifiedDiff } from '../../../src/patch/render-diff.js';

describe('renderUnifiedDiff', () => {
  it('renders git-style headers for modified, created and deleted files', () => {
    const diff = renderUnifiedDiff([
      { path: 'a.txt', kind: 'modify', before: 'a\nb\n', after: 'a\nc\n' },
      { path: 'new.txt', kind: 'create', before: null, after: 'x\n' },
      { path: 'gone.txt', kind: 'delete', before: 'y', after: null },
    ]);
    expect(diff).toBe(
      [
        'diff --git a/a.txt b/a.txt',
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '+c',
        'diff --git a/new.txt b/new.txt',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/new.txt',
        '@@ -0,0 +1,1 @@',
        '+x',
        'diff --git a/gone.txt b/gone.txt',
        'deleted file mode 100644',
        '--- a/gone.txt',
        '+++ /dev/null',
        '@@ -1,1 +0,0 @@',
        '-y',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
  });

  it('round-trips: the canonical diff of a sloppy patch parses back to the same changes', async () => {
    const files = { 'f.ts': 'one\r\n  two\r\nthree\r\n' };
    const read = async (path: string) => files[path as keyof typeof files] ?? null;
    const sloppy = ['--- f.ts', '+++ f.ts', '@@ -10 +10 @@', 'two', '+2', ''].join('\n');
    const first = await applyEdits(parseEdits(sloppy, 'diff'), read);
    if (!first.ok) throw new Error(first.failures[0]?.message);
    const canonical = renderUnifiedDiff(first.files);
    const again = await applyEdits(parseEdits(canonical, 'diff'), read);
    expect(again).toMatchObject({ ok: true, wellFormed: true, files: first.files });
    expect(measureFileChanges(first.files)).toEqual({ files: 1, added: 1, removed: 0 });
  });

  it('quotes paths git would quote', () => {
    const diff = renderUnifiedDiff([{ path: 'we"ird\tname', kind: 'create', before: null, after: 'x\n' }]);
    expect(diff.split('\n')[0]).toBe('diff --git "a/we\\"ird\\tname" "b/we\\"ird\\tname"');
  });
});
