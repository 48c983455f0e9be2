import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/patch/apply-edits.js';
import { parseEdits } from '../../../src/patch/parse-edits.js';

const read = (files: Record<string, string>) => async (path: string) => files[path] ?? null;

describe('SEARCH/REPLACE blocks', () => {
  it('applies blocks in order, creates files from an empty SEARCH, and reads fenced paths', async () => {
    const text = [
      'src/math.ts',
      '```ts',
      '<<<<<<< SEARCH',
      'export function add(a: number, b: number) {',
      '  return a - b;',
      '=======',
      'export function add(a: number, b: number) {',
      '  return a + b;',
      '>>>>>>> REPLACE',
      '```',
      '',
      '<<<<<<< SEARCH',
      '  return a + b;',
      '=======',
      '  return b + a;',
      '>>>>>>> REPLACE',
      '',
      '**src/new.ts**',
      '<<<<<<< SEARCH',
      '=======',
      'export const x = 1;',
      '>>>>>>> REPLACE',
    ].join('\n');
    const parsed = parseEdits(text, 'search-replace');
    expect(parsed.wellFormed).toBe(true);
    expect(parsed.edits.map((edit) => [edit.path, edit.kind, edit.hunks[0]?.index])).toEqual([
      ['src/math.ts', 'modify', 1],
      ['src/math.ts', 'modify', 2],
      ['src/new.ts', 'create', 1],
    ]);
    const outcome = await applyEdits(parsed, read({ 'src/math.ts': 'export function add(a: number, b: number) {\n    return a - b;\n}\n' }));
    expect(outcome.ok && outcome.files).toEqual([
      { path: 'src/math.ts', kind: 'modify', before: expect.any(String), after: 'export function add(a: number, b: number) {\n    return b + a;\n}\n' },
      { path: 'src/new.ts', kind: 'create', before: null, after: 'export const x = 1;\n' },
    ]);
  });

  it('reports a SEARCH that matches nothing with the nearest real lines', async () => {
    const text = ['app.py', '<<<<<<< SEARCH', 'def greet(name):', '    return "hi " + nam', '=======', 'def greet(name):', '    return f"hi {name}"', '>>>>>>> REPLACE'].join('\n');
    const content = ['import os', '', 'def greet(person):', '    return "hi " + person', ''].join('\n');
    const outcome = await applyEdits(parseEdits(text, 'search-replace'), read({ 'app.py': content }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const [failure] = outcome.failures;
    expect(failure).toMatchObject({ reason: 'not-found', path: 'app.py', hunkIndex: 1, nearest: { startLine: 3, endLine: 4 } });
    expect(failure?.message).toContain('SEARCH/REPLACE block 1 for app.py');
    expect(failure?.message).toContain('3 | def greet(person):');
  });

  it('marks an unterminated block as malformed', async () => {
    const parsed = parseEdits(['a.ts', '<<<<<<< SEARCH', 'x', '=======', 'y'].join('\n'), 'search-replace');
    expect(parsed.wellFormed).toBe(false);
    const outcome = await applyEdits(parsed, read({ 'a.ts': 'x\n' }));
    expect(outcome).toMatchObject({ ok: false, wellFormed: false, failures: [{ reason: 'malformed' }] });
  });

  it('refuses an empty SEARCH on a file that exists', async () => {
    const text = ['a.ts', '<<<<<<< SEARCH', '=======', 'y', '>>>>>>> REPLACE'].join('\n');
    const outcome = await applyEdits(parseEdits(text, 'search-replace'), read({ 'a.ts': 'x\n' }));
    expect(outcome).toMatchObject({ ok: false, failures: [{ reason: 'file-exists', path: 'a.ts' }] });
  });
});
