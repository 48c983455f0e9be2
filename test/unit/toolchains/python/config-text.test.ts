import { describe, expect, it } from 'vitest';
import {
  findSection,
  hasTable,
  readIniValue,
  readTomlValue,
  splitIniList,
  splitSections,
} from '../../../../src/toolchains/python/config-text.js';

const PYPROJECT = `
[project]
name = "my-pkg"  # trailing comment
dependencies = ["requests>=2"]

[tool.pytest.ini_options]
addopts = "-ra"
markers = [
  "fast: quick tests, no IO",   # comment with ] bracket
  'slow: literal string',
  ["nested", "array"],
]
strict = true

[ tool . ruff . lint ]
select = ["E"]

[[tool.poetry.source]]
name = "private"
`;

describe('splitSections', () => {
  it('splits on headers, normalizes dotted names and keeps arrays of tables apart', () => {
    expect(splitSections(PYPROJECT).map((section) => section.name)).toEqual([
      '',
      'project',
      'tool.pytest.ini_options',
      'tool.ruff.lint',
      '[tool.poetry.source]',
    ]);
  });

  it('does not take an array line for a header', () => {
    expect(splitSections('[a]\nx = [\n  ["b", "c"]\n]\n').map((section) => section.name)).toEqual(['', 'a']);
  });
});

describe('readTomlValue', () => {
  const pytest = findSection(PYPROJECT, 'tool.pytest.ini_options') ?? '';

  it('reads multi-line arrays of basic and literal strings, skipping nested arrays and comments', () => {
    expect(readTomlValue(pytest, 'markers')).toEqual(['fast: quick tests, no IO', 'slow: literal string']);
  });

  it('reads strings, booleans, and null for absent keys', () => {
    expect(readTomlValue(findSection(PYPROJECT, 'project') ?? '', 'name')).toBe('my-pkg');
    expect(readTomlValue(pytest, 'addopts')).toBe('-ra');
    expect(readTomlValue(pytest, 'strict')).toBe(true);
    expect(readTomlValue(pytest, 'missing')).toBeNull();
  });

  it('decodes escapes in basic strings', () => {
    expect(readTomlValue('k = "a\\"b\\\\c"', 'k')).toBe('a"b\\c');
  });
});

describe('hasTable', () => {
  it('finds a table or any of its sub-tables', () => {
    expect(hasTable(PYPROJECT, 'tool.ruff')).toBe(true);
    expect(hasTable(PYPROJECT, 'tool.ruff.lint')).toBe(true);
    expect(hasTable(PYPROJECT, 'tool.black')).toBe(false);
  });
});

describe('INI values', () => {
  const INI = [
    '[tool:pytest]',
    'Markers =',
    '    fast: quick tests',
    '    # a comment line',
    '    slow(reason): slow ones',
    'addopts = -q',
    '',
    '[mypy]',
    'files = pkg, tests',
  ].join('\n');

  it('joins indented continuation lines and matches keys case-insensitively', () => {
    expect(readIniValue(findSection(INI, 'tool:pytest') ?? '', 'markers')).toBe(
      'fast: quick tests\nslow(reason): slow ones',
    );
    expect(readIniValue(findSection(INI, 'tool:pytest') ?? '', 'addopts')).toBe('-q');
  });

  it('splits comma- or newline-separated lists', () => {
    expect(splitIniList(readIniValue(findSection(INI, 'mypy') ?? '', 'files') ?? '')).toEqual(['pkg', 'tests']);
  });
});
