import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../../../src/artefacts/testspec.js';
import { matchCase } from '../../../../src/pipeline/build-tests/model/model-tests.js';
import { excerptLines, writeTestPrompt } from '../../../../src/pipeline/build-tests/model/test-prompt.js';
import type { TestStyle } from '../../../../src/pipeline/build-tests/types.js';

const testCase: TestCase = { name: 'test_quote_failure', goal: 'Reach the raise.', kind: 'failure', priority: 'high', target_path: 'shipping/rates.py', target_symbol: 'quote', line_range: [6, 12], uncovered_lines: [9] };
const style: TestStyle = { framework: 'pytest', language: 'py', moduleStyle: 'esm', importsFramework: false, layout: { kind: 'folder', dir: 'tests' }, suffix: 'test_', importExtension: '', quote: '"', semicolons: false, example: 'tests/test_rates.py' };

describe('writeTestPrompt', () => {
  it('holds the cases, the code, the house style, the fixtures, where tests go, and earlier failures', () => {
    const [system, user] = writeTestPrompt({
      cases: [testCase],
      sources: [{ path: 'shipping/rates.py:6', text: ' 6 def quote(method, weight_kg):' }],
      style,
      example: { path: 'tests/test_rates.py', text: 'def test_standard_parcel():\n    assert quote("standard", 1.5) == 500' },
      helpers: [{ path: 'tests/conftest.py', text: '@pytest.fixture\ndef parcel(): ...' }],
      testFiles: new Map([['shipping/rates.py', 'tests/test_rates_heal.py']]),
      format: 'diff',
      feedback: [{ file: 'tests/test_rates_heal.py', name: 'test_quote_edge', status: 'dropped-failing', reason: 'fails every run: TypeError' }],
    });
    expect(system?.content).toContain('"diff"');
    const text = user?.content ?? '';
    expect(text).toContain('- test_quote_failure (failure, high): Reach the raise. [shipping/rates.py quote, lines 6-12; lines never run yet: 9]');
    expect(text).toContain('tests for shipping/rates.py go in tests/test_rates_heal.py');
    expect(text).toContain('<repository-file path="tests/test_rates.py">');
    expect(text).toContain('<repository-file path="tests/conftest.py">');
    expect(text).toContain('"test_quote_edge": dropped-failing: fails every run: TypeError');
    expect(text).toContain('Name each test function exactly after its case');
  });

  it('numbers the target with its context lines', () => {
    const source = Array.from({ length: 100 }, (_, index) => `line ${index + 1}`).join('\n');
    const excerpt = excerptLines(source, [50, 52], 2).split('\n');
    expect(excerpt).toEqual(['48 line 48', '49 line 49', '50 line 50', '51 line 51', '52 line 52', '53 line 53', '54 line 54']);
  });
});

describe('matchCase', () => {
  it('maps a test to the case it is named after', () => {
    expect(matchCase('test_quote_failure', [testCase])?.name).toBe('test_quote_failure');
    expect(matchCase('quote > test_quote_failure', [testCase])?.name).toBe('test_quote_failure');
    expect(matchCase('TestQuote::test_quote_failure_unknown_method', [testCase])?.name).toBe('test_quote_failure');
    expect(matchCase('test_other', [testCase])).toBeNull();
  });
});
