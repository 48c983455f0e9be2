import { describe, expect, it } from 'vitest';
import { pruneUnusedImports } from '../../../../src/pipeline/build-tests/prune-imports.js';

describe('pruneUnusedImports', () => {
  it('drops JS names only removed tests used, and whole import lines left empty', () => {
    const text = ['import { describe, expect, it } from "vitest";', 'import { addTax, applyDiscount } from "../src/price.js";', "const { x } = require('./x');", '', 'describe("applyDiscount", () => {', '  it("a", () => expect(applyDiscount(1, 2)).toBe(1));', '});'].join('\n');
    expect(pruneUnusedImports(text, 'ts')).toBe(['import { describe, expect, it } from "vitest";', 'import { applyDiscount } from "../src/price.js";', '', 'describe("applyDiscount", () => {', '  it("a", () => expect(applyDiscount(1, 2)).toBe(1));', '});'].join('\n'));
  });

  it('drops unused Python imports and names, keeping used and aliased ones', () => {
    const text = ['import random', 'import pytest', 'from shipping import quote, labels as lb', 'from shipping.tracking import tracking_url', '', 'def test_a():', '    with pytest.raises(ValueError):', '        quote("x", lb)'].join('\n');
    expect(pruneUnusedImports(text, 'py')).toBe(['import pytest', 'from shipping import quote, labels as lb', '', 'def test_a():', '    with pytest.raises(ValueError):', '        quote("x", lb)'].join('\n'));
  });
});
