import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../../src/adapters/process-runner.js';
import { indexPythonSymbols } from '../../../src/context/py-symbols.js';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import ast; assert ast.parse("x = 1").body[0].end_lineno == 1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// A dedented line inside a triple-quoted string fools the regex fallback but not `ast`.
const SOURCE = `def report():
    text = """
header
"""
    return text


class Shape:
    @property
    def area(self):
        return 0
`;

describe.skipIf(!hasPython())('the Python ast indexer on a real interpreter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heal-py-symbols-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives exact ranges from ast, and the regex ranges for a file that does not parse', async () => {
    writeFileSync(join(dir, 'shapes.py'), SOURCE);
    writeFileSync(join(dir, 'broken.py'), 'def broken(:\n    pass\n');
    const index = await indexPythonSymbols(
      [
        { path: 'shapes.py', text: SOURCE },
        { path: 'broken.py', text: 'def broken(:\n    pass\n' },
      ],
      { runner: createProcessRunner(), root: dir },
    );
    expect(index.get('shapes.py')).toEqual([
      { name: 'report', kind: 'function', startLine: 1, endLine: 5 },
      { name: 'Shape', kind: 'class', startLine: 8, endLine: 11 },
      { name: 'Shape.area', kind: 'method', startLine: 9, endLine: 11 },
    ]);
    expect(index.get('broken.py')).toEqual([{ name: 'broken', kind: 'function', startLine: 1, endLine: 2 }]);
  });
});
