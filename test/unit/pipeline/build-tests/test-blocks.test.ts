import { describe, expect, it } from 'vitest';
import { extractTestBlock, listTestBlocks, removeTestBlocks } from '../../../../src/pipeline/build-tests/test-blocks.js';

const js = [
  'import { describe, expect, it } from "vitest";', // 1
  'import { formatCents } from "../src/money.js";', // 2
  '', // 3
  'const cents = 5;', // 4
  '', // 5
  'describe("formatCents", () => {', // 6
  '  it("formats dollars", () => {', // 7
  '    expect(formatCents(1999)).toBe("$19.99");', // 8
  '  });', // 9
  '', // 10
  '  describe(`refunds`, () => {', // 11
  '    it.only("keeps the sign", () => {', // 12
  '      expect(formatCents(-250)).toBe("-$2.50");', // 13
  '    });', // 14
  '  });', // 15
  '', // 16
  '  it.each([1, 2])("table %i", (value) => {', // 17
  '    expect(value).toBeGreaterThan(0);', // 18
  '  });', // 19
  '  it(`pads ${cents}`, () => {});', // 20
  '});', // 21
  '', // 22
  'test("top level", async () => {', // 23
  '  expect(formatCents(0)).toBe("$0.00");', // 24
  '});', // 25
  '', // 26
  'test.todo("later");', // 27
  '',
].join('\n');

describe('listTestBlocks (JS/TS)', () => {
  it('names tests by their describe titles and spans the whole call statement', async () => {
    expect(await listTestBlocks(js, 'ts')).toEqual([
      { name: 'formatCents > formats dollars', startLine: 7, endLine: 9 },
      { name: 'formatCents > refunds > keeps the sign', startLine: 12, endLine: 14 },
      { name: 'top level', startLine: 23, endLine: 25 },
      { name: 'later', startLine: 27, endLine: 27 },
    ]);
  });

  it('parses TSX and JavaScript test files', async () => {
    const tsx = 'it("renders", () => {\n  const node = <Button label="x" />;\n  expect(node).toBeTruthy();\n});\n';
    expect(await listTestBlocks(tsx, 'ts')).toEqual([{ name: 'renders', startLine: 1, endLine: 4 }]);
    const cjs = "const assert = require('assert');\nsuite('cart', function () {\n  specify('is empty', function () {});\n});\n";
    expect(await listTestBlocks(cjs, 'js')).toEqual([{ name: 'cart > is empty', startLine: 3, endLine: 3 }]);
  });
});

describe('removeTestBlocks (JS/TS)', () => {
  it('removes a test and collapses the blank lines it leaves', async () => {
    const result = await removeTestBlocks(js, new Set(['formatCents > formats dollars', 'later']), 'ts');
    const expected = js.split('\n');
    expected.splice(26, 2); // "test.todo" and the blank line before it
    expected.splice(6, 4); // lines 7-10
    expect(result).toBe(expected.join('\n'));
  });

  it('removes a describe whose tests are all removed, but keeps one holding unnamed tests', async () => {
    const result = await removeTestBlocks(js, new Set(['formatCents > refunds > keeps the sign', 'formatCents > formats dollars']), 'ts');
    expect(result).toContain('describe("formatCents", () => {\n  it.each([1, 2])');
    expect(result).not.toContain('refunds');
    const plain = 'describe("a", () => {\n  beforeEach(() => {});\n  it("b", () => {});\n});\n\nit("c", () => {});\n';
    expect(await removeTestBlocks(plain, new Set(['a > b']), 'js')).toBe('it("c", () => {});\n');
  });

  it('leaves text untouched when no name matches and extracts a block', async () => {
    expect(await removeTestBlocks(js, new Set(['nope']), 'ts')).toBe(js);
    expect(await extractTestBlock(js, 'top level', 'ts')).toBe('test("top level", async () => {\n  expect(formatCents(0)).toBe("$0.00");\n});');
    expect(await extractTestBlock(js, 'nope', 'ts')).toBeNull();
  });

  it('cuts only the statement when it shares a line with other code', async () => {
    expect(await removeTestBlocks('it("a", () => {}); it("b", () => {});\n', new Set(['b']), 'js')).toBe('it("a", () => {}); \n');
  });
});

const py = [
  'import pytest', // 1
  '', // 2
  '', // 3
  '@pytest.fixture', // 4
  'def rates():', // 5
  '    return {"standard": 500}', // 6
  '', // 7
  '', // 8
  '@pytest.mark.parametrize(', // 9
  '    "kind, cents",', // 10
  '    [("standard", 500)],', // 11
  ')', // 12
  'def test_quote(', // 13
  '    kind, cents', // 14
  '):', // 15
  '    """A docstring that mentions', // 16
  'def test_fake(): at column 0', // 17
  '    """', // 18
  '', // 19
  '    assert cents == 500', // 20
  '# trailing comment', // 21
  '', // 22
  '', // 23
  'class TestLabels:', // 24
  '    def helper(self):', // 25
  '        return 1', // 26
  '', // 27
  '    async def test_label(self):', // 28
  '        assert self.helper() == 1', // 29
  '', // 30
  '    class TestNested:', // 31
  '        def test_inner(self):', // 32
  '            pass', // 33
  '', // 34
  '', // 35
  'def test_last(rates): assert rates', // 36
  '',
].join('\n');

describe('Python test blocks', () => {
  it('lists test functions and Test* class methods with their decorators', async () => {
    expect(await listTestBlocks(py, 'py')).toEqual([
      { name: 'test_quote', startLine: 9, endLine: 20 },
      { name: 'TestLabels::test_label', startLine: 28, endLine: 29 },
      { name: 'TestLabels::TestNested::test_inner', startLine: 32, endLine: 33 },
      { name: 'test_last', startLine: 36, endLine: 36 },
    ]);
  });

  it('removes tests keeping two blank lines at top level', async () => {
    const result = await removeTestBlocks(py, new Set(['test_quote']), 'py');
    expect(result.split('\n').slice(0, 10)).toEqual(['import pytest', '', '', '@pytest.fixture', 'def rates():', '    return {"standard": 500}', '', '', '# trailing comment', '']);
    expect(result).toContain('\n# trailing comment\n\n\nclass TestLabels:\n');
  });

  it('removes a Test* class once all its tests are gone', async () => {
    const result = await removeTestBlocks(py, new Set(['TestLabels::test_label', 'TestLabels::TestNested::test_inner']), 'py');
    expect(result).toBe([...py.split('\n').slice(0, 23), 'def test_last(rates): assert rates', ''].join('\n'));
    const keptClass = await removeTestBlocks(py, new Set(['TestLabels::TestNested::test_inner']), 'py');
    expect(keptClass).toContain('        assert self.helper() == 1\n\n\ndef test_last');
  });

  it('removes the last test of a file without leaving blank lines behind', async () => {
    const result = await removeTestBlocks(py, new Set(['test_last']), 'py');
    expect(result.endsWith('            pass\n')).toBe(true);
    expect(await extractTestBlock(py, 'TestLabels::test_label', 'py')).toBe('    async def test_label(self):\n        assert self.helper() == 1');
  });
});
