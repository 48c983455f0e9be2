import { describe, expect, it } from 'vitest';
import { describeTestWeakening, isTestPath } from '../../../src/patch/test-weakening.js';

const NODE_TEST = "import { test } from 'node:test';\ntest('adds', () => {});\ntest('subtracts', () => {});\n";
const PYTEST = 'def test_adds():\n    assert 1\n\n\ndef test_subtracts():\n    assert 1\n';

describe('describeTestWeakening', () => {
  it.each([
    ['test/math.test.js', NODE_TEST, null, 'deletes the test file'],
    ['test/math.test.js', NODE_TEST, "import { test } from 'node:test';\ntest('adds', () => {});\n", 'removes 1 test'],
    ['test/math.test.js', NODE_TEST, NODE_TEST.replace("test('adds'", "test.skip('adds'"), 'skips or focuses 1 test'],
    ['test/math.test.js', NODE_TEST, NODE_TEST.replace("test('adds', ", "test('adds', { skip: true }, "), 'skips or focuses 1 test'],
    ['src/math.spec.ts', "describe('m', () => { it('a', () => {}); });\n", "describe('m', () => { it.only('a', () => {}); });\n", 'skips or focuses 1 test'],
    ['src/math.spec.ts', "it('a', () => {});\n", "xit('a', () => {});\n", 'skips or focuses 1 test'],
    ['tests/test_math.py', PYTEST, `import pytest\n\n\n@pytest.mark.skip\n${PYTEST}`, 'skips or focuses 1 test'],
    ['tests/test_math.py', PYTEST, PYTEST.replace('    assert 1\n\n\ndef test_subtracts():\n    assert 1\n', '    assert 1\n'), 'removes 1 test'],
  ])('%s: %s', (path, before, after, expected) => {
    expect(describeTestWeakening(path, before, after)).toBe(expected);
  });

  it('lets tests be added, edited and renamed, and ignores files that are not tests', () => {
    expect(describeTestWeakening('test/math.test.js', NODE_TEST, `${NODE_TEST}test('multiplies', () => {});\n`)).toBeNull();
    expect(describeTestWeakening('test/math.test.js', NODE_TEST, NODE_TEST.replace("'adds'", "'adds two numbers'"))).toBeNull();
    expect(describeTestWeakening('test/new.test.js', null, NODE_TEST)).toBeNull();
    expect(describeTestWeakening('src/math.js', 'export const it = 1;\nit(1);\n', null)).toBeNull();
  });

  it('knows test paths of every runner heal supports', () => {
    expect(['test/a.js', 'src/__tests__/a.ts', 'a.test.mjs', 'b.spec.tsx', 'tests/test_a.py', 'pkg/a_test.py', 'conftest.py'].every(isTestPath)).toBe(true);
    expect(['src/a.js', 'src/testing.js', 'latest/a.py'].some(isTestPath)).toBe(false);
  });
});
