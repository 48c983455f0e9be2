import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { ProcessRunner } from '../../../src/adapters/process-runner.js';
import { findNamedSymbols, mentionsAny, namesSymbol } from '../../../src/context/index-symbols.js';
import { indexPythonSymbols, parsePySymbols } from '../../../src/context/py-symbols.js';
import { listPySymbolsByRegex } from '../../../src/context/py-symbols-regex.js';
import { listTsSymbols } from '../../../src/context/ts-symbols.js';

const TS_SOURCE = `// Licence header.
import { x } from './x.js';
// A stray comment.


/** Clamps a value. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export class UserService {
  constructor(private db: string) {}

  create(name: string) {
    return name;
  }

  private helper = () => 1;
}

export const parseArgs = (argv: string[]) => argv;
const tools = {
  lint() {
    return 0;
  },
};
export interface Options {
  verbose: boolean;
}
export default function () {}
exports.legacy = function () {};
`;

describe('TypeScript symbols', () => {
  it('lists top-level declarations and class and object members with their line ranges', () => {
    const symbols = listTsSymbols(ts, 'src/x.ts', TS_SOURCE);
    expect(symbols.map((symbol) => [symbol.name, symbol.kind, symbol.startLine, symbol.endLine])).toEqual([
      ['clamp', 'function', 6, 9],
      ['UserService', 'class', 11, 19],
      ['UserService.constructor', 'method', 12, 12],
      ['UserService.create', 'method', 14, 16],
      ['UserService.helper', 'method', 18, 18],
      ['parseArgs', 'function', 21, 21],
      ['tools', 'variable', 22, 26],
      ['tools.lint', 'method', 23, 25],
      ['Options', 'type', 27, 29],
      ['default', 'function', 30, 30],
      ['legacy', 'function', 31, 31],
    ]);
  });
});

const PY_SOURCE = `import os

LIMIT = 3


@decorator
def slugify(
    text,
):
    def inner():
        return 1
    return text


class UserService:
    """Users."""

    async def create(self, name):
        return name

    class Meta:
        def describe(self):
            return "meta"

# trailing comment
def last():
    pass
`;

describe('Python symbols by regex', () => {
  it('finds top-level defs, classes and methods with decorator-first ranges, skipping nested functions', () => {
    const symbols = listPySymbolsByRegex(PY_SOURCE);
    expect(symbols.map((symbol) => [symbol.name, symbol.kind, symbol.startLine, symbol.endLine])).toEqual([
      ['LIMIT', 'variable', 3, 3],
      ['slugify', 'function', 6, 12],
      ['UserService', 'class', 15, 23],
      ['UserService.create', 'method', 18, 19],
      ['UserService.Meta', 'class', 21, 23],
      ['UserService.Meta.describe', 'method', 22, 23],
      ['last', 'function', 26, 27],
    ]);
  });
});

describe('the Python ast indexer', () => {
  it('parses the script output and rejects anything else', () => {
    const output = JSON.stringify({ version: 1, files: { 'a.py': [{ name: 'f', kind: 'function', start_line: 1, end_line: 2 }] } });
    expect(parsePySymbols(output)?.get('a.py')).toEqual([{ name: 'f', kind: 'function', startLine: 1, endLine: 2 }]);
    expect(parsePySymbols('{"version": 2, "files": {}}')).toBeNull();
    expect(parsePySymbols('Traceback (most recent call last)')).toBeNull();
  });

  it('falls back to the regex when the interpreter is missing, and for files it could not parse', async () => {
    const missing: ProcessRunner = {
      run: async () => ({ outcome: 'not-found', exitCode: null, stdout: '', stderr: '', durationMs: 0 }),
    };
    const files = [{ path: 'a.py', text: 'def f():\n    pass\n' }];
    const viaRegex = await indexPythonSymbols(files, { runner: missing, root: '/repo' });
    expect(viaRegex.get('a.py')).toEqual([{ name: 'f', kind: 'function', startLine: 1, endLine: 2 }]);

    const partial: ProcessRunner = {
      run: async (request) => {
        expect('argv' in request.command && request.command.argv[0]).toBe('py3');
        return { outcome: 'exited', exitCode: 0, stdout: '{"version": 1, "files": {}}', stderr: '', durationMs: 1 };
      },
    };
    const fallback = await indexPythonSymbols(files, { runner: partial, root: '/repo', python: 'py3' });
    expect(fallback.get('a.py')?.[0]?.name).toBe('f');
  });
});

describe('named symbols', () => {
  it('matches exact names, dotted tails and code-like member names, not plain words to members', () => {
    expect(namesSymbol('clamp', 'clamp')).toBe(true);
    expect(namesSymbol('UserService.create', 'UserService.create')).toBe(true);
    expect(namesSymbol('UserService.create', 'Admin.UserService.create')).toBe(true);
    expect(namesSymbol('Service.create', 'UserService.create')).toBe(false);
    expect(namesSymbol('create', 'UserService.create')).toBe(false);
    expect(namesSymbol('createUser', 'UserService.createUser')).toBe(true);
    expect(namesSymbol('clamp', 'clampAll')).toBe(false);
  });

  it('finds declarations in goal order and says which files are worth indexing', () => {
    const index = new Map([
      ['b.ts', [{ name: 'clamp', kind: 'function' as const, startLine: 1, endLine: 3 }]],
      ['a.py', [{ name: 'slugify', kind: 'function' as const, startLine: 5, endLine: 9 }]],
    ]);
    expect(findNamedSymbols(index, ['slugify', 'clamp', 'missing']).map((found) => found.path)).toEqual(['a.py', 'b.ts']);
    expect(mentionsAny('return clamp(x)', ['clamp'])).toBe(true);
    expect(mentionsAny('return clampAll(x)', ['clamp'])).toBe(false);
    expect(mentionsAny('obj.create()', ['UserService.create'])).toBe(true);
  });
});
