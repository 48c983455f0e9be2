import { describe, expect, it } from 'vitest';
import { decodeOutcome, readObservations } from '../../../../../../src/pipeline/build-tests/characterize/js/read-observations.js';

const A = 'src/a.ts::f';
const B = 'src/a.ts::g';

function run(records: unknown[][]): string {
  return JSON.stringify(records);
}

describe('readObservations', () => {
  it('keeps the calls both runs saw alike and drops the one that changed', () => {
    const first = run([
      [A, 0, ['returned', ['n', 1]]],
      [A, 1, ['returned', ['n', 0.1234]]],
      [A, 2, ['threw', ['e', 'RangeError', 'too big']]],
    ]);
    const second = run([
      [A, 0, ['returned', ['n', 1]]],
      [A, 1, ['returned', ['n', 0.9876]]],
      [A, 2, ['threw', ['e', 'RangeError', 'too big']]],
    ]);
    expect(readObservations([{ targetId: A, callCount: 3 }], first, second)).toEqual(
      new Map([
        [
          A,
          {
            kind: 'kept',
            calls: [
              { index: 0, outcome: { kind: 'returned', value: { kind: 'number', value: 1 } } },
              { index: 2, outcome: { kind: 'threw', thrown: { isError: true, name: 'RangeError', message: 'too big' } } },
            ],
          },
        ],
      ]),
    );
  });

  it('says why a target has no call left: different every run, timed out, uncomparable, or never reported', () => {
    const C = 'src/a.ts::h';
    const D = 'src/a.ts::k';
    const first = run([
      [A, 0, ['returned', ['s', 'x1']]],
      [B, 0, ['timeout']],
      [B, 1, ['timeout']],
      [C, 0, ['returned', ['x', 'a Decimal']]],
    ]);
    const second = run([
      [A, 0, ['returned', ['s', 'x2']]],
      [B, 0, ['timeout']],
      [B, 1, ['timeout']],
      [C, 0, ['returned', ['x', 'a Decimal']]],
    ]);
    const targets = [A, B, C, D].map((targetId) => ({ targetId, callCount: targetId === B ? 2 : 1 }));
    expect([...readObservations(targets, first, second)]).toEqual([
      [A, { kind: 'skipped', reason: 'results differ between runs: not deterministic' }],
      [B, { kind: 'skipped', reason: 'every call timed out' }],
      [C, { kind: 'skipped', reason: 'returns values heal cannot compare (a Decimal)' }],
      [D, { kind: 'skipped', reason: 'the probe reported no calls' }],
    ]);
  });

  it('skips every target when a run is not the probe output', () => {
    expect(readObservations([{ targetId: A, callCount: 1 }], 'not json', run([]))).toEqual(
      new Map([[A, { kind: 'skipped', reason: 'the probe wrote unreadable results' }]]),
    );
  });
});

describe('decodeOutcome', () => {
  it('reads resolved values, rejections with non-Error values, and refuses malformed input', () => {
    expect(decodeOutcome(['resolved', ['a', [['n', '-0'], ['i', '-12']]]])).toEqual({
      kind: 'resolved',
      value: { kind: 'array', items: [{ kind: 'number', value: -0 }, { kind: 'bigint', digits: '-12' }] },
    });
    expect(decodeOutcome(['rejected', ['v', ['s', 'nope']]])).toEqual({ kind: 'rejected', thrown: { isError: false, value: { kind: 'string', value: 'nope' } } });
    expect(decodeOutcome(['returned', ['o', [['a', ['q']]], false]])).toBeNull();
    expect(decodeOutcome(['returned', ['i', '1.5']])).toBeNull();
    expect(decodeOutcome(['timeout'])).toBeNull();
  });
});
