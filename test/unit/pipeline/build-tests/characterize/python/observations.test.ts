import { describe, expect, it } from 'vitest';
import { readCharacterizeResult } from '../../../../../../src/pipeline/build-tests/characterize/python/observations.js';

describe('readCharacterizeResult', () => {
  it('maps the script result to camelCase observations', () => {
    const text = JSON.stringify({
      version: 1,
      running: null,
      targets: [
        {
          id: 'a.py::f',
          status: 'ok',
          is_async: true,
          calls: [
            { args_src: '1', imports: [], outcome: { kind: 'returns', value_src: '2.5', value_kind: 'float' } },
            {
              args_src: 'Color.RED',
              imports: [{ module: 'a', name: 'Color', stdlib: false }],
              outcome: { kind: 'raises', type: 'a.Bad', message: 'no' },
            },
          ],
        },
        { id: 'a.py::g', status: 'skipped', reason: 'generators are not characterized yet' },
      ],
    });
    expect(readCharacterizeResult(text)).toEqual({
      running: null,
      targets: [
        {
          id: 'a.py::f',
          status: 'ok',
          isAsync: true,
          calls: [
            { argsSrc: '1', imports: [], outcome: { kind: 'returns', valueSrc: '2.5', valueKind: 'float' } },
            { argsSrc: 'Color.RED', imports: [{ module: 'a', name: 'Color', isStdlib: false }], outcome: { kind: 'raises', type: 'a.Bad', message: 'no' } },
          ],
        },
        { id: 'a.py::g', status: 'skipped', reason: 'generators are not characterized yet' },
      ],
    });
  });

  it('is null for a missing file, broken JSON or another shape', () => {
    expect(readCharacterizeResult(undefined)).toBeNull();
    expect(readCharacterizeResult('{"version": 1, "targets": [')).toBeNull();
    expect(readCharacterizeResult(JSON.stringify({ version: 2, targets: [], running: null }))).toBeNull();
    expect(readCharacterizeResult(JSON.stringify({ version: 1, targets: [{ id: 'x', status: 'ok' }], running: null }))).toBeNull();
  });
});
