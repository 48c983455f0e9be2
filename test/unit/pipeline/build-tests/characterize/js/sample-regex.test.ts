import { describe, expect, it } from 'vitest';
import { sampleRegex } from '../../../../../../src/pipeline/build-tests/characterize/js/sample-regex.js';

describe('sampleRegex', () => {
  it('builds a string the pattern matches', () => {
    const cases = ['^([A-Z]{3})-(\\d{4})$', '^\\d+(\\.\\d{1,2})?$', '^\\$', '^(?:GET|POST)\\s/api/(?<id>[a-f0-9]+)$', '[\\w.-]+@[\\w-]+\\.com', 'colou?r'];
    const samples = cases.map(sampleRegex);
    expect(samples).toEqual(['AAA-1111', '1.1', '$', 'GET /api/a', 'a@a.com', 'colour']);
    cases.forEach((source, index) => expect(new RegExp(source).test(samples[index] ?? '')).toBe(true));
  });

  it('gives up on what it cannot follow', () => {
    expect(['^(?!admin)\\w+$', '[^a-z]', '(a)\\1', '\\p{L}+', 'a{100}'].map(sampleRegex)).toEqual([null, null, null, null, null]);
  });
});
