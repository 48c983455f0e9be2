import { describe, expect, it } from 'vitest';
import { shouldSpin } from '../../../src/report/style.js';

describe('shouldSpin', () => {
  it('spins only on a terminal that knows its width, outside CI', () => {
    expect(shouldSpin({ write: () => true, isTTY: true, columns: 120 }, {})).toBe(true);
    // A pty reporting 0 columns (script, some CI runners) made ora redraw forever.
    expect(shouldSpin({ write: () => true, isTTY: true, columns: 0 }, {})).toBe(false);
    expect(shouldSpin({ write: () => true, isTTY: true }, {})).toBe(false);
    expect(shouldSpin({ write: () => true, isTTY: false, columns: 120 }, {})).toBe(false);
    expect(shouldSpin({ write: () => true, isTTY: true, columns: 120 }, { CI: 'true' })).toBe(false);
  });
});
