import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../../../src/pipeline/plan-tests/parse-diff.js';
import { findErrorLines, findSinks, readHeader, readParameters } from '../../../../src/pipeline/plan-tests/source-traits.js';

describe('readHeader and readParameters', () => {
  it('reads typed, optional, defaulted and rest parameters across lines', () => {
    const lines = ['export async function fetchAll(', '  urls: string[],', '  limit = 4,', '  opts?: Options,', '  ...rest: number[]', '): Promise<void> {', '  await go();', '}'];
    const header = readHeader(lines, 1);
    expect(header.split('\n')).toHaveLength(6);
    expect(readParameters(header)).toEqual([
      { name: 'urls', type: 'string[]', isOptional: false },
      { name: 'limit', type: 'number', isOptional: true },
      { name: 'opts', type: 'Options', isOptional: true },
      { name: 'rest', type: 'number[]', isOptional: true },
    ]);
  });

  it('drops self and keeps Python annotations and defaults', () => {
    expect(readParameters(readHeader(['    def ship(self, sku: str, qty: int = 1) -> None:', '        pass'], 1))).toEqual([
      { name: 'sku', type: 'str', isOptional: false },
      { name: 'qty', type: 'int', isOptional: true },
    ]);
  });
});

describe('findSinks and findErrorLines', () => {
  it('names the sensitive sinks a body reaches', () => {
    expect(findSinks('subprocess.run(["lp", printer])', 'print_label')).toEqual(['shell-command']);
    expect(findSinks('db.query(`SELECT * FROM users WHERE id = ${id}`)', 'findUser')).toEqual(['sql']);
    expect(findSinks('return JSON.parse(text)', 'load')).toEqual(['untrusted-input']);
    expect(findSinks('return cents * 2', 'parseCents')).toEqual(['untrusted-input']);
    expect(findSinks('return normalize(join(dir, name))', 'reportPath', "import { join } from 'node:path';")).toEqual(['file-path']);
    expect(findSinks('return names.join(", ")', 'list', "import { join } from 'node:path';")).toEqual([]);
  });

  it('finds throw, raise, reject and handlers', () => {
    const lines = ['if (!x) {', '  throw new Error("no");', '}', 'try { a(); } catch (e) {', '  reject(e);', '}'];
    expect(findErrorLines(lines, 1, 6)).toEqual([2, 4, 5]);
  });
});

describe('parseDiff', () => {
  it('reads added lines by new line number and removed text, per file', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3 +3,2 @@ export function a() {',
      '-  return 1;',
      '+  if (x) throw new Error("x");',
      '+  return 2;',
      'diff --git a/new.py b/new.py',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.py',
      '@@ -0,0 +1 @@',
      '+def f(): pass',
      'diff --git a/gone.ts b/gone.ts',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
    ].join('\n');
    const files = parseDiff(diff);
    expect(files.map((file) => [file.path, file.oldPath])).toEqual([['src/a.ts', 'src/a.ts'], ['new.py', null]]);
    expect([...(files[0]?.added.entries() ?? [])]).toEqual([[3, '  if (x) throw new Error("x");'], [4, '  return 2;']]);
    expect(files[0]?.removed).toEqual(['  return 1;']);
  });
});
