import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/patch/apply-edits.js';
import { parseEdits } from '../../../src/patch/parse-edits.js';
import type { ApplyOutcome, FileChange } from '../../../src/patch/types.js';

function repo(files: Record<string, string>) {
  const reads: string[] = [];
  const read = async (path: string) => {
    reads.push(path);
    return files[path] ?? null;
  };
  return { read, reads };
}

async function applyDiff(diff: string, files: Record<string, string>): Promise<ApplyOutcome> {
  return applyEdits(parseEdits(diff, 'diff'), repo(files).read);
}

function expectFiles(outcome: ApplyOutcome): FileChange[] {
  if (!outcome.ok) throw new Error(outcome.failures.map((failure) => failure.message).join('\n'));
  return outcome.files;
}

const numbered = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('applyEdits on unified diffs', () => {
  it('ignores wrong hunk line numbers and locates the hunk by its content', async () => {
    const diff = ['--- a/n.txt', '+++ b/n.txt', '@@ -200,3 +200,4 @@', ' line 10', ' line 11', '+inserted', ' line 12', ''].join('\n');
    const [file] = expectFiles(await applyDiff(diff, { 'n.txt': numbered }));
    expect(file?.after?.split('\n').slice(9, 13)).toEqual(['line 10', 'line 11', 'inserted', 'line 12']);
    expect(file?.kind).toBe('modify');
  });

  it('uses the header line only to choose between identical places', async () => {
    const content = ['a', 'x', 'b', 'a', 'x', 'b', ''].join('\n');
    const diff = ['--- a/f', '+++ b/f', '@@ -4,3 +4,3 @@', ' a', '-x', '+y', ' b', ''].join('\n');
    const [file] = expectFiles(await applyDiff(diff, { f: content }));
    expect(file?.after).toBe(['a', 'x', 'b', 'a', 'y', 'b', ''].join('\n'));
  });

  it('tolerates trailing whitespace and re-indents added lines to the file', async () => {
    const content = ['class A {', '    run() {', '        return 1;', '    }', '}', ''].join('\n');
    const diff = ['--- a/a.ts', '+++ b/a.ts', '@@ -2,3 +2,4 @@', ' run() {   ', '     return 1;', '-}', '+    log();', '+}', ''].join('\n');
    const [file] = expectFiles(await applyDiff(diff, { 'a.ts': content }));
    expect(file?.after).toBe(['class A {', '    run() {', '        return 1;', '        log();', '    }', '}', ''].join('\n'));
  });

  it('tolerates blank lines the model dropped or added in the context', async () => {
    const content = ['def f():', '', '    return 1', '', '', 'def g():', '    return 2', ''].join('\n');
    const diff = ['--- a/m.py', '+++ b/m.py', '@@ -1,6 +1,6 @@', ' def f():', '     return 1', ' ', ' def g():', '-    return 2', '+    return 3', ''].join('\n');
    const [file] = expectFiles(await applyDiff(diff, { 'm.py': content }));
    expect(file?.after).toBe(['def f():', '', '    return 1', '', '', 'def g():', '    return 3', ''].join('\n'));
  });

  it('clips a very long line it quotes in a failure, so it cannot flood the report or the next prompt', async () => {
    const long = 'x'.repeat(100_000);
    const diff = ['--- a/n.txt', '+++ b/n.txt', '@@ -1,1 +1,1 @@', `-${long}`, '+short', ''].join('\n');
    const outcome = await applyDiff(diff, { 'n.txt': `${long.slice(0, 99_990)}y\n` });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const message = outcome.failures[0]?.message ?? '';
    expect(message).toContain(`| ${'x'.repeat(240)}… [99760 more characters]`);
    expect(message.length).toBeLessThan(2_000);
  });

  it('reports a hunk it cannot locate by index, first lines and the nearest real lines, and still locates the others', async () => {
    const diff = [
      'diff --git a/n.txt b/n.txt',
      '--- a/n.txt',
      '+++ b/n.txt',
      '@@ -5,2 +5,2 @@',
      ' line 5',
      '-line six',
      '+line 6!',
      '@@ -20,2 +20,2 @@',
      ' line 20',
      '-line 21',
      '+line 21!',
      '',
    ].join('\n');
    const outcome = await applyDiff(diff, { 'n.txt': numbered });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.wellFormed).toBe(true);
    expect(outcome.failures).toHaveLength(1);
    const [failure] = outcome.failures;
    expect(failure).toMatchObject({ reason: 'not-found', path: 'n.txt', hunkIndex: 1, hunkHead: ['line 5', 'line six'] });
    expect(failure?.nearest).toMatchObject({ startLine: 5, endLine: 6, lines: ['line 5', 'line 6'] });
    expect(failure?.message).toContain('hunk 1 of n.txt');
    expect(failure?.message).toMatch(/5 \| line 5\n\s+6 \| line 6/);
  });

  it('creates and deletes files', async () => {
    const diff = [
      'diff --git a/src/new.ts b/src/new.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/src/new.ts',
      '@@ -0,0 +1,2 @@',
      '+export const a = 1;',
      '+export const b = 2;',
      'diff --git a/old.ts b/old.ts',
      'deleted file mode 100644',
      '--- a/old.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone',
      '',
    ].join('\n');
    const outcome = await applyDiff(diff, { 'old.ts': 'gone\n' });
    expect(expectFiles(outcome)).toEqual([
      { path: 'src/new.ts', kind: 'create', before: null, after: 'export const a = 1;\nexport const b = 2;\n' },
      { path: 'old.ts', kind: 'delete', before: 'gone\n', after: null },
    ]);
    expect(outcome.ok && outcome.stats).toEqual({ files: 2, added: 2, removed: 1 });
  });

  it('refuses to create a file that exists and to modify one that does not', async () => {
    const diff = ['--- /dev/null', '+++ b/a', '@@ -0,0 +1 @@', '+x', '--- a/missing', '+++ b/missing', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    const outcome = await applyDiff(diff, { a: 'y\n' });
    expect(outcome.ok ? [] : outcome.failures.map((failure) => [failure.reason, failure.path])).toEqual([
      ['file-exists', 'a'],
      ['file-missing', 'missing'],
    ]);
  });

  it('keeps CRLF line endings, for untouched and added lines alike', async () => {
    const content = 'one\r\ntwo\r\nthree\r\n';
    const diff = ['--- a/w.txt', '+++ b/w.txt', '@@ -1,3 +1,3 @@', ' one', '-two', '+TWO', ' three', ''].join('\n');
    const [file] = expectFiles(await applyDiff(diff, { 'w.txt': content }));
    expect(file?.after).toBe('one\r\nTWO\r\nthree\r\n');
  });

  it('reads a CRLF diff against an LF file', async () => {
    const diff = ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', ''].join('\r\n');
    const [file] = expectFiles(await applyDiff(diff, { f: 'a\nb\n' }));
    expect(file?.after).toBe('a\nc\n');
  });

  it('honours "no newline at end of file" markers', async () => {
    const diff = ['--- a/f', '+++ b/f', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+c', ''].join('\n');
    const [file] = expectFiles(await applyDiff(diff, { f: 'a\nb' }));
    expect(file?.after).toBe('a\nc\n');
  });

  it('applies a rename with edits', async () => {
    const diff = [
      'diff --git a/old.ts b/new.ts',
      'similarity index 90%',
      'rename from old.ts',
      'rename to new.ts',
      '--- a/old.ts',
      '+++ b/new.ts',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '',
    ].join('\n');
    const files = expectFiles(await applyDiff(diff, { 'old.ts': 'a\n' }));
    expect(files.map((file) => [file.path, file.kind, file.after])).toEqual([
      ['old.ts', 'delete', null],
      ['new.ts', 'create', 'b\n'],
    ]);
  });

  it('never reads a path that escapes the repository, and says why', async () => {
    const { read, reads } = repo({});
    const diff = ['--- a/../../etc/passwd', '+++ b/../../etc/passwd', '@@ -1 +1 @@', '-root', '+evil', ''].join('\n');
    const outcome = await applyEdits(parseEdits(diff, 'diff'), read);
    expect(reads).toEqual([]);
    expect(outcome.ok ? null : outcome.failures[0]).toMatchObject({ reason: 'unsafe-path', path: '../../etc/passwd' });
  });

  it('applies sloppy but readable diffs and marks them not well-formed', async () => {
    const diff = ['Here is the fix:', '```diff', '--- a/f', '+++ b/f', '@@ ... @@', ' a', '-b', '+c', '```', 'Done.'].join('\n');
    const outcome = await applyDiff(diff, { f: 'a\nb\n' });
    expect(expectFiles(outcome)[0]?.after).toBe('a\nc\n');
    expect(outcome.wellFormed).toBe(false);
  });

  it('fails on a malformed diff with wellFormed false', async () => {
    const outcome = await applyDiff('@@ -1 +1 @@\n-a\n+b\n', { f: 'a\n' });
    expect(outcome).toMatchObject({ ok: false, wellFormed: false });
    expect(outcome.ok ? [] : outcome.failures.map((failure) => failure.reason)).toEqual(['malformed']);
  });

  it('reports hunks that overlap', async () => {
    const diff = ['--- a/n.txt', '+++ b/n.txt', '@@ -3,2 +3,2 @@', ' line 3', '-line 4', '+four', '@@ -4,2 +4,2 @@', '-line 4', '+4', ' line 5', ''].join('\n');
    const outcome = await applyDiff(diff, { 'n.txt': numbered });
    expect(outcome.ok ? null : outcome.failures[0]).toMatchObject({ reason: 'overlap', hunkIndex: 2 });
  });
});
