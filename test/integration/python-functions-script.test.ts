import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTIONS_SCRIPT, readFunctionsReport } from '../../src/toolchains/python/functions-script.js';
import { parseProbe, PROBE_SCRIPT } from '../../src/toolchains/python/interpreter.js';

/** The first interpreter whose `ast` has `end_lineno` (Python 3.8+), or null. */
function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3', 'python']) {
    try {
      execFileSync(candidate, ['-c', 'import ast; assert ast.parse("x = 1").body[0].end_lineno == 1'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // Not there, or too old: try the next one.
    }
  }
  return null;
}

const python = findPython();
const SOURCE = `"""A module."""
import functools


def plain(a):
    return a


@functools.lru_cache
@staticmethod
def decorated(x):
    def inner(y):
        return y

    return inner(x)


class Shape:
    """A shape."""

    sides = 0

    async def area(self):
        return 0

    class Meta:
        def describe(self):
            return "meta"
`;

describe.skipIf(python === null)('the ast functions script on a real interpreter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heal-functions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists functions, methods and classes with decorator-first start lines and end_lineno', () => {
    writeFileSync(join(dir, 'shapes.py'), SOURCE);
    writeFileSync(join(dir, 'broken.py'), 'def broken(:\n');
    writeFileSync(join(dir, 'coverage.json'), JSON.stringify({ files: { 'shapes.py': {}, 'broken.py': {}, 'gone.py': {} } }));
    execFileSync(python ?? 'python3', ['-c', FUNCTIONS_SCRIPT, 'coverage.json', 'out/functions.json'], { cwd: dir });
    const regions = readFunctionsReport(readFileSync(join(dir, 'out', 'functions.json'), 'utf8'));
    expect(regions && Object.fromEntries(regions)).toEqual({
      'shapes.py': [
        { name: 'plain', kind: 'function', start_line: 5, body_start_line: 6, end_line: 6 },
        { name: 'decorated', kind: 'function', start_line: 9, body_start_line: 12, end_line: 15 },
        { name: 'decorated.inner', kind: 'function', start_line: 12, body_start_line: 13, end_line: 13 },
        { name: 'Shape', kind: 'class', start_line: 18, body_start_line: 19, end_line: 28 },
        { name: 'Shape.area', kind: 'function', start_line: 23, body_start_line: 24, end_line: 24 },
        { name: 'Shape.Meta', kind: 'class', start_line: 26, body_start_line: 27, end_line: 28 },
        { name: 'Shape.Meta.describe', kind: 'function', start_line: 27, body_start_line: 28, end_line: 28 },
      ],
    });
  });
});

describe.skipIf(python === null)('the interpreter probe script on a real interpreter', () => {
  it('prints JSON naming the interpreter and only heal modules', () => {
    const probe = parseProbe(execFileSync(python ?? 'python3', ['-c', PROBE_SCRIPT], { cwd: tmpdir(), encoding: 'utf8' }));
    expect(probe?.version).toMatch(/^3\.\d+\.\d+$/);
    expect(probe?.modules.every((name) => ['pytest', 'pytest_cov', 'coverage', 'black', 'ruff', 'flake8', 'mypy', 'xdist'].includes(name))).toBe(true);
  });
});
