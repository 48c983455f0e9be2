import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proposePatternFixes } from '../../../../src/pipeline/fix/patterns/pattern-fixes.js';
import { toSpecifier } from '../../../../src/pipeline/fix/patterns/pattern-imports-js.js';
import { toFromModule, toModuleParts } from '../../../../src/pipeline/fix/patterns/pattern-py-modules.js';
import type { FailureAnalysis, FailureCategory, FixCandidate } from '../../../../src/pipeline/fix/types.js';
import { validateFix } from '../../../../src/pipeline/fix/validate/validate-fix.js';
import { FIXTURES_DIR } from '../../../helpers/fixture-deps.js';

type Files = Record<string, string>;

function analysis(fields: { id?: string; category: FailureCategory; message: string; file: string; line: number; column?: number; symbol?: string | null; errorType?: string | null; testFile?: string }): FailureAnalysis {
  return {
    failureId: fields.id ?? 'f1',
    source: fields.category === 'lint' ? 'lint' : 'test',
    errorType: fields.errorType ?? null,
    message: fields.message,
    category: fields.category,
    location: { file: fields.file, line: fields.line, column: fields.column ?? 1 },
    testLocation: fields.testFile ? { file: fields.testFile, line: 1, column: 1 } : null,
    symbol: fields.symbol ?? null,
    rootCause: '',
    suggestedFix: '',
    confidence: 0.5,
  };
}

async function propose(files: Files, analyses: FailureAnalysis[]): Promise<FixCandidate[]> {
  const map = new Map(Object.entries(files));
  return proposePatternFixes({ analyses, readFile: async (path) => map.get(path) ?? null, listFiles: async () => [...map.keys()] });
}

/** The after-text of each candidate's only file. */
async function afters(files: Files, analyses: FailureAnalysis[]): Promise<string[]> {
  return (await propose(files, analyses)).map((candidate) => candidate.files[0]?.after ?? '');
}

function reference(file: string, line: number, name: string): FailureAnalysis {
  return analysis({ category: 'reference', message: `ReferenceError: ${name} is not defined`, file, line, symbol: name, errorType: 'ReferenceError' });
}

function nameError(file: string, line: number, name: string): FailureAnalysis {
  return analysis({ category: 'reference', message: `NameError: name '${name}' is not defined`, file, line, errorType: 'NameError' });
}

describe('missing import, JS/TS', () => {
  const slug = 'export function slugify(text: string): string {\n  return text;\n}\n';

  it.each([
    {
      name: 'NodeNext style: .js extension, single quotes, semicolons, after the last import',
      app: "import { a } from './a.js';\nimport b from 'b';\n\nexport const x = slugify(a + b);\n",
      expected: "import { a } from './a.js';\nimport b from 'b';\nimport { slugify } from './util/slug.js';\n\nexport const x = slugify(a + b);\n",
    },
    {
      name: 'bundler style: no extension, double quotes, no semicolons',
      app: 'import { a } from "./a"\n\nexport const x = slugify(a)\n',
      expected: 'import { a } from "./a"\nimport { slugify } from "./util/slug"\n\nexport const x = slugify(a)\n',
    },
    {
      name: 'a multi-line import is passed whole',
      app: "import {\n  a,\n  b,\n} from './a.js';\nexport const x = slugify(a);\n",
      expected: "import {\n  a,\n  b,\n} from './a.js';\nimport { slugify } from './util/slug.js';\nexport const x = slugify(a);\n",
    },
  ])('$name', async ({ app, expected }) => {
    const files = { 'src/app.ts': app, 'src/util/slug.ts': slug, 'src/a.ts': 'export const a = 1;\n' };
    const [candidate, ...rest] = await propose(files, [reference('src/app.ts', 4, 'slugify')]);
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ strategy: 'pattern', rule: 'missing-import', targets: ['f1'] });
    expect(candidate?.files).toEqual([{ path: 'src/app.ts', kind: 'modify', before: app, after: expected }]);
  });

  it('adds to a one-line import of the same module instead of a new line', async () => {
    const files = { 'src/app.ts': "import { kebab } from './util/slug.js';\nslugify(kebab);\n", 'src/util/slug.ts': `${slug}export const kebab = 1;\n` };
    expect(await afters(files, [reference('src/app.ts', 2, 'slugify')])).toEqual(["import { kebab, slugify } from './util/slug.js';\nslugify(kebab);\n"]);
  });

  it('writes require() in a CommonJS file, after the last require', async () => {
    const files = {
      'lib/app.js': "'use strict';\nconst fs = require('fs');\nconst lazy = () => require('./late');\n\nmodule.exports = () => slugify(fs, lazy);\n",
      'lib/slug.js': 'exports.slugify = (text) => text;\n',
      'package.json': '{ "name": "x" }',
    };
    expect(await afters(files, [reference('lib/app.js', 4, 'slugify')])).toEqual([
      "'use strict';\nconst fs = require('fs');\nconst { slugify } = require('./slug');\nconst lazy = () => require('./late');\n\nmodule.exports = () => slugify(fs, lazy);\n",
    ]);
  });

  it('uses `import type` for an interface and skips node_modules, dist and test files', async () => {
    const files = {
      'src/app.ts': "import { a } from './a.js';\nconst user: User = a;\n",
      'src/a.ts': 'export const a = 1;\n',
      'src/model/user.ts': 'export interface User {\n  id: number;\n}\n',
      'node_modules/x/user.ts': 'export interface User {}\n',
      'dist/user.ts': 'export interface User {}\n',
      'src/user.test.ts': 'export interface User {}\n',
    };
    const message = "Cannot find name 'User'.";
    expect(await afters(files, [analysis({ category: 'reference', message, file: 'src/app.ts', line: 2 })])).toEqual([
      "import { a } from './a.js';\nimport type { User } from './model/user.js';\nconst user: User = a;\n",
    ]);
  });

  it('prefers a declaration over a barrel re-export, and offers both', async () => {
    const files = {
      'src/app.ts': "import { a } from './a';\nslugify(a);\n",
      'src/a.ts': 'export const a = 1;\n',
      'src/index.ts': "export { slugify } from './deep/slug';\n",
      'src/deep/slug.ts': slug,
    };
    const result = await propose(files, [reference('src/app.ts', 2, 'slugify')]);
    expect(result.map((candidate) => candidate.description)).toEqual([
      "import { slugify } from './deep/slug' in src/app.ts",
      "import { slugify } from './index' in src/app.ts",
    ]);
  });

  it('imports Node built-ins from the known table, in the file prefix habit', async () => {
    const files = { 'src/io.mjs': "import os from 'os';\n\nexport const text = readFileSync(path.join(os.tmpdir(), 'x'));\n" };
    const result = await afters(files, [reference('src/io.mjs', 3, 'readFileSync'), reference('src/io.mjs', 3, 'path')]);
    expect(result).toEqual([
      "import os from 'os';\nimport { readFileSync } from 'fs';\n\nexport const text = readFileSync(path.join(os.tmpdir(), 'x'));\n",
      "import os from 'os';\nimport path from 'path';\n\nexport const text = readFileSync(path.join(os.tmpdir(), 'x'));\n",
    ]);
  });

  it("imports a vitest global into the test file's vitest import", async () => {
    const files = {
      'package.json': '{ "devDependencies": { "vitest": "^3.0.0" } }',
      'test/a.test.ts': "import { expect, it } from 'vitest';\n\ndescribe('a', () => {\n  it('b', () => expect(1).toBe(1));\n});\n",
    };
    expect(await afters(files, [reference('test/a.test.ts', 3, 'describe')])).toEqual([
      "import { expect, it, describe } from 'vitest';\n\ndescribe('a', () => {\n  it('b', () => expect(1).toBe(1));\n});\n",
    ]);
  });

  it('keeps CRLF endings, a licence header, and a file without imports tidy', async () => {
    const files = {
      'src/app.ts': '// Licence: MIT\r\n\r\nexport const x = slugify("a");\r\n',
      'src/util/slug.ts': slug,
    };
    expect(await afters(files, [reference('src/app.ts', 3, 'slugify')])).toEqual([
      '// Licence: MIT\r\n\r\nimport { slugify } from "./util/slug";\r\n\r\nexport const x = slugify("a");\r\n',
    ]);
  });

  it('proposes nothing when the name is already imported or nothing exports it', async () => {
    const files = { 'src/app.ts': "import { slugify } from './slug.js';\nslugify(unknownThing);\n", 'src/slug.ts': slug };
    expect(await propose(files, [reference('src/app.ts', 2, 'slugify'), reference('src/app.ts', 2, 'unknownThing')])).toEqual([]);
  });

  it.each([
    ['src/app.ts', 'src/util/slug.ts', 'js', './util/slug.js'],
    ['src/app.ts', 'src/util/slug.tsx', 'none', './util/slug'],
    ['src/a/app.ts', 'src/util/index.ts', 'none', '../util'],
    ['src/app.ts', 'src/index.ts', 'none', './index'],
    ['src/app.mts', 'src/x.mts', 'none', './x.mjs'],
    ['src/app.ts', 'src/x.ts', 'ts', './x.ts'],
  ] as const)('toSpecifier(%s, %s, %s) = %s', (from, target, extension, expected) => {
    expect(toSpecifier(from, target, extension)).toBe(expected);
  });
});

describe('missing import, Python', () => {
  it.each([
    {
      name: 'a stdlib module goes after the last stdlib import',
      source: 'import os\nimport requests\n\n\ndef area(r):\n    return math.pi * r\n',
      missing: 'math',
      expected: ['import os\nimport math\nimport requests\n\n\ndef area(r):\n    return math.pi * r\n'],
    },
    {
      name: 'a stdlib member joins a one-line from-import of its module',
      source: 'from collections import Counter  # counting\n\nd = defaultdict(list)\n',
      missing: 'defaultdict',
      expected: ['from collections import Counter, defaultdict  # counting\n\nd = defaultdict(list)\n'],
    },
    {
      name: 'after the docstring and __future__ import when there are no imports',
      source: '"""Shapes.\n\nMore.\n"""\nfrom __future__ import annotations\ndef area(r):\n    return sqrt(r)\n',
      missing: 'sqrt',
      expected: ['"""Shapes.\n\nMore.\n"""\nfrom __future__ import annotations\n\nfrom math import sqrt\n\ndef area(r):\n    return sqrt(r)\n'],
    },
    {
      name: 'datetime used as the class: the member import first, the module second',
      source: 'import os\n\nnow = datetime.now()\n',
      missing: 'datetime',
      expected: ['import os\nfrom datetime import datetime\n\nnow = datetime.now()\n', 'import os\nimport datetime\n\nnow = datetime.now()\n'],
    },
  ])('$name', async ({ source, missing, expected }) => {
    expect(await afters({ 'app/main.py': source }, [nameError('app/main.py', 3, missing)])).toEqual(expected);
  });

  it('imports a repository definition by its package path (src layout), relatively when the file does', async () => {
    const files = {
      'src/shop/__init__.py': '',
      'src/shop/pricing.py': 'def discount(price):\n    return price\n',
      'src/shop/cart.py': 'from .models import Item\n\n\ndef total(item):\n    return discount(item.price)\n',
      'src/shop/models.py': 'class Item:\n    pass\n',
      'tests/test_cart.py': 'import pytest\n\n\ndef test_total():\n    assert discount(1) == 1\n',
    };
    const result = await afters(files, [nameError('src/shop/cart.py', 5, 'discount'), nameError('tests/test_cart.py', 5, 'discount')]);
    expect(result).toEqual([
      'from .models import Item\nfrom .pricing import discount\n\n\ndef total(item):\n    return discount(item.price)\n',
      'import pytest\nfrom shop.pricing import discount\n\n\ndef test_total():\n    assert discount(1) == 1\n',
    ]);
  });

  it('reads flake8 F821 findings, and skips a name that is imported already', async () => {
    const lint = analysis({ id: 'a.py:F821', category: 'lint', message: "F821 undefined name 'json'", file: 'a.py', line: 2 });
    expect(await afters({ 'a.py': 'x = 1\ny = json.dumps(x)\n' }, [lint])).toEqual(['import json\n\nx = 1\ny = json.dumps(x)\n']);
    expect(await afters({ 'a.py': 'import json as json\ny = json.dumps(1)\n' }, [lint])).toEqual([]);
  });

  it.each([
    ['pkg/sub/mod.py', ['pkg', 'sub', 'mod']],
    ['src/pkg/mod.py', ['pkg', 'mod']],
    ['pkg/__init__.py', ['pkg']],
    ['tool.py', ['tool']],
  ])('toModuleParts(%s)', (path, expected) => {
    const files = new Set(['pkg/__init__.py', 'pkg/sub/__init__.py', 'src/pkg/__init__.py']);
    expect(toModuleParts(path, files)).toEqual(expected);
  });

  it.each([
    [['pkg', 'sub', 'mod'], false, ['pkg', 'util'], true, '..util'],
    [['pkg', 'sub', 'mod'], false, ['pkg', 'sub', 'other'], true, '.other'],
    [['pkg', 'sub'], true, ['pkg', 'sub', 'other'], true, '.other'],
    [['pkg', 'mod'], false, ['pkg'], true, '.'],
    [['pkg', 'mod'], false, ['other', 'x'], true, 'other.x'],
    [['pkg', 'mod'], false, ['pkg', 'x'], false, 'pkg.x'],
  ] as const)('toFromModule(%j, %s, %j, %s) = %s', (importer, isPackage, target, isRelative, expected) => {
    expect(toFromModule(importer, isPackage, target, isRelative)).toBe(expected);
  });
});

describe('missing await', () => {
  const api = 'export async function getUser(id: number) {\n  return { id, profile: { name: "a" } };\n}\n';

  it('awaits the call in a test callback and makes the callback async', async () => {
    const test = "import { getUser } from '../src/api.js';\n\nit('reads', () => {\n  const user = getUser(1);\n  expect(user.profile.name).toBe('a');\n});\n";
    const failure = analysis({ category: 'assertion', message: "TypeError: Cannot read properties of undefined (reading 'name')", file: 'test/api.test.ts', line: 5, column: 23 });
    const result = await propose({ 'src/api.ts': api, 'test/api.test.ts': test }, [failure]);
    expect(result.map((candidate) => [candidate.rule, candidate.files[0]?.after])).toEqual([
      ['missing-await', "import { getUser } from '../src/api.js';\n\nit('reads', async () => {\n  const user = await getUser(1);\n  expect(user.profile.name).toBe('a');\n});\n"],
    ]);
  });

  it('wraps a call used as an operand, inside an async function', async () => {
    const source = "import { getUser } from './api.js';\n\nexport async function nameOf(id: number) {\n  return getUser(id).profile.name;\n}\n";
    const failure = analysis({ category: 'async', message: "TypeError: Cannot read properties of undefined (reading 'name')", file: 'src/name.ts', line: 4 });
    const [candidate] = await propose({ 'src/api.ts': api, 'src/name.ts': source }, [failure]);
    expect(candidate?.files[0]?.after).toBe("import { getUser } from './api.js';\n\nexport async function nameOf(id: number) {\n  return (await getUser(id)).profile.name;\n}\n");
  });

  it.each([
    ['a plain function that is not a test callback', 'export function nameOf(id: number) {\n  const user = getUser(id);\n  return user.profile;\n}\n'],
    ['a call that is already awaited', 'export async function nameOf(id: number) {\n  const user = await getUser(id);\n  return user.profile;\n}\n'],
    ['a promise awaited later', 'export async function nameOf(id: number) {\n  const user = getUser(id);\n  return (await user).profile;\n}\n'],
    ['a call to a function that is not async', 'export async function nameOf(id: number) {\n  const user = other(id);\n  return user.profile;\n}\n'],
  ])('leaves alone %s', async (_, source) => {
    const failure = analysis({ category: 'async', message: 'expected Promise{…} to deeply equal', file: 'src/name.ts', line: 3 });
    expect(await propose({ 'src/api.ts': api, 'src/name.ts': source }, [failure])).toEqual([]);
  });

  it('awaits a never-awaited coroutine in an async def (Python)', async () => {
    const source = 'import asyncio\n\n\nasync def main(client):\n    data = client.fetch_data()\n    return data["x"]\n';
    const failure = analysis({ category: 'async', message: "RuntimeWarning: coroutine 'Client.fetch_data' was never awaited", file: 'app.py', line: 6 });
    expect(await afters({ 'app.py': source }, [failure])).toEqual([
      'import asyncio\n\n\nasync def main(client):\n    data = await client.fetch_data()\n    return data["x"]\n',
    ]);
    const plain = source.replace('async def', 'def');
    expect(await afters({ 'app.py': plain }, [failure])).toEqual([]);
  });
});

describe('comparison to None (E711/E712)', () => {
  it.each([
    ['E711', '    if x == None and y != None:', '    if x is None and y is not None:'],
    ['E711', '    assert None==x, "x == None"', '    assert None is x, "x == None"'],
    ['E712', '    ok = flag != False  # was == True', '    ok = flag is not False  # was == True'],
  ])('%s: `%s`', async (rule, line, fixed) => {
    const source = `def f(x, y, flag):\n${line}\n    return 1\n`;
    const lint = analysis({ id: `m.py:${rule}`, category: 'lint', errorType: rule, message: 'comparison', file: 'm.py', line: 2 });
    expect(await afters({ 'm.py': source }, [lint])).toEqual([`def f(x, y, flag):\n${fixed}\n    return 1\n`]);
  });

  it('fixes nothing that is not lint E711/E712', async () => {
    const failure = analysis({ category: 'assertion', errorType: 'AssertionError', message: 'assert x == None', file: 'm.py', line: 1 });
    expect(await propose({ 'm.py': 'assert x == None\n' }, [failure])).toEqual([]);
  });
});

describe('guard-none', () => {
  it('guards a JS property read with optional chaining, never an assignment target', async () => {
    const source = 'export function label(order) {\n  order.meta.seen = true;\n  return order.customer.name.trim();\n}\n';
    const failure = analysis({ category: 'type', message: "TypeError: Cannot read properties of undefined (reading 'name')", file: 'src/label.js', line: 3, column: 25 });
    const result = await propose({ 'src/label.js': source }, [failure]);
    expect(result.map((candidate) => [candidate.rule, candidate.files[0]?.after])).toEqual([
      ['guard-none', 'export function label(order) {\n  order.meta.seen = true;\n  return order.customer?.name.trim();\n}\n'],
    ]);
    const assignment = analysis({ category: 'type', message: "TypeError: Cannot read properties of undefined (reading 'seen')", file: 'src/label.js', line: 2 });
    expect(await propose({ 'src/label.js': source }, [assignment])).toEqual([]);
  });

  it('guards a Python return, and is offered after every other candidate', async () => {
    const source = 'def city(user):\n    return user.address.city.upper()  # shown\n';
    const guard = analysis({ id: 'g', category: 'attribute', message: "AttributeError: 'NoneType' object has no attribute 'city'", file: 'geo.py', line: 2 });
    const importFix = nameError('other.py', 1, 'json');
    const result = await propose({ 'geo.py': source, 'other.py': 'json.dumps(1)\n' }, [guard, importFix]);
    expect(result.map((candidate) => [candidate.rule, candidate.files[0]?.after])).toEqual([
      ['missing-import', 'import json\n\njson.dumps(1)\n'],
      ['guard-none', 'def city(user):\n    return user.address.city.upper() if user.address is not None else None  # shown\n'],
    ]);
  });

  it('merges the same edit proposed for several failures into one candidate', async () => {
    const files = { 'src/app.ts': 'slugify(1);\n', 'src/slug.ts': 'export const slugify = (x: number) => x;\n' };
    const result = await propose(files, [{ ...reference('src/app.ts', 1, 'slugify'), failureId: 'a' }, { ...reference('src/app.ts', 1, 'slugify'), failureId: 'b' }]);
    expect(result.map((candidate) => candidate.targets)).toEqual([['a', 'b']]);
  });
});

/** A fixture's files (no dependencies), as the worktree would serve them. */
function readFixture(name: string): Files {
  const root = join(FIXTURES_DIR, name);
  const files: Files = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && entry.name !== 'package-lock.json') files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('');
  return files;
}

describe('on the bug fixtures, through the validator', () => {
  it.each([
    {
      fixture: 'ts-vitest-bug-missing-import',
      failure: analysis({ category: 'reference', errorType: 'ReferenceError', message: 'ReferenceError: slugify is not defined', file: 'src/post.ts', line: 10, column: 45 }),
      path: 'src/post.ts',
      edit: (text: string) => `import { slugify } from "./slug";\n\n${text}`,
      risk: 'low',
    },
    {
      fixture: 'ts-vitest-bug-missing-await',
      failure: analysis({ category: 'type', errorType: 'TS2339', message: "Property 'name' does not exist on type 'Promise<User>'.", file: 'src/greet.ts', line: 5, column: 25 }),
      path: 'src/greet.ts',
      edit: (text: string) => text.replace('const user = loadUser(id);', 'const user = await loadUser(id);'),
      risk: 'medium',
    },
    {
      fixture: 'py-pytest-bug-name-error',
      failure: nameError('shipping/rates.py', 11, 'math'),
      path: 'shipping/rates.py',
      edit: (text: string) => text.replace('"""Shipping rates by parcel weight."""\n', '"""Shipping rates by parcel weight."""\n\nimport math\n'),
      risk: 'low',
    },
    {
      fixture: 'py-pytest-lint-only',
      failure: analysis({ id: 'inventory/stock.py:E711', category: 'lint', errorType: 'E711', message: "comparison to None should be 'if cond is None:'", file: 'inventory/stock.py', line: 6, column: 14 }),
      path: 'inventory/stock.py',
      edit: (text: string) => text.replace('if level == None:', 'if level is None:'),
      risk: 'low',
    },
  ])('$fixture', async ({ fixture, failure, path, edit, risk }) => {
    const files = readFixture(fixture);
    const before = files[path] ?? '';
    const [candidate, ...rest] = await propose(files, [failure]);
    expect(rest).toEqual([]);
    expect(candidate?.files).toEqual([{ path, kind: 'modify', before, after: edit(before) }]);
    if (!candidate) return;
    const verdict = await validateFix(candidate, {
      analyses: [failure],
      readFile: async (file) => files[file] ?? null,
      fileExists: async (file) => file in files,
      parsePython: async () => null,
    });
    expect(verdict).toMatchObject({ ok: true, risk });
  });
});
