import { describe, expect, it } from 'vitest';
import { readClassName, renderMatchPattern, toSnakeCase } from '../../../../../../src/pipeline/build-tests/characterize/python/pytest-literals.js';

describe('renderMatchPattern', () => {
  it('escapes regex syntax and quotes inside a raw string anchored ^…$', () => {
    expect(renderMatchPattern('unknown shipping method: ')).toBe('r"^unknown shipping method: $"');
    expect(renderMatchPattern('a.b*c+d?e^f$g|h(i)j[k]l{m}n\\o"p\'q')).toBe('r"^a\\.b\\*c\\+d\\?e\\^f\\$g\\|h\\(i\\)j\\[k\\]l\\{m\\}n\\\\o\\"p\'q$"');
  });

  it('writes invisible characters as escapes re understands, and keeps visible non-ASCII text', () => {
    expect(renderMatchPattern('a\nb\tc\rd\u0000e\u00a0f\u2028g😀 héllo ✓')).toBe('r"^a\\nb\\tc\\rd\\x00e\\xa0f\\u2028g😀 héllo ✓$"');
    expect(renderMatchPattern('lone \ud800')).toBe('r"^lone \\ud800$"');
  });

  it('matches a long message by its first 200 characters, without the end anchor', () => {
    expect(renderMatchPattern('x'.repeat(201))).toBe(`r"^${'x'.repeat(200)}"`);
    expect(renderMatchPattern('x'.repeat(200))).toBe(`r"^${'x'.repeat(200)}$"`);
  });
});

describe('toSnakeCase', () => {
  it('turns class and function names into test-name parts', () => {
    expect(toSnakeCase('ValueError')).toBe('value_error');
    expect(toSnakeCase('JSONDecodeError')).toBe('json_decode_error');
    expect(toSnakeCase('_round_up')).toBe('round_up');
    expect(toSnakeCase('parseHTTP2Response')).toBe('parse_http2_response');
    expect(toSnakeCase('__')).toBe('function');
  });
});

describe('readClassName', () => {
  it('keeps the last part of a qualified name', () => {
    expect(readClassName('shipping.errors.RateError')).toBe('RateError');
    expect(readClassName('KeyError')).toBe('KeyError');
  });
});
