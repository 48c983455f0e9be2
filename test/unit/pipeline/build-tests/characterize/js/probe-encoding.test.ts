import { runInNewContext, runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../../../../src/pipeline/build-tests/characterize/js/js-values.js';
import { PROBE_RUNTIME } from '../../../../../../src/pipeline/build-tests/characterize/js/probe-runtime.js';
import { decodeOutcome, decodeValue } from '../../../../../../src/pipeline/build-tests/characterize/js/read-observations.js';
import { renderValue } from '../../../../../../src/pipeline/build-tests/characterize/js/render-value.js';

interface Runtime {
  healValue(value: unknown): unknown;
  healSettle(run: () => unknown): Promise<unknown>;
}

/** The probe's helpers, evaluated as the probe file would evaluate them. */
function loadRuntime(): Runtime {
  const runtime: Runtime = runInThisContext(`(() => {\n${PROBE_RUNTIME}\nreturn { healValue, healSettle };\n})()`);
  return runtime;
}

/** Probe encoding -> JSON -> heal's decoder -> rendered source -> evaluated again. */
function roundTrip(value: unknown): unknown {
  const decoded = decodeValue(JSON.parse(JSON.stringify(loadRuntime().healValue(value))));
  if (decoded === null) throw new Error('not decodable');
  return runInThisContext(`(${renderValue(decoded, "'")})`);
}

describe('the probe encoding', () => {
  it('round-trips numbers JSON cannot hold, undefined inside objects, bigints, Maps, Sets, Dates and RegExps', () => {
    expect(Object.is(roundTrip(Number.NaN), Number.NaN)).toBe(true);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(roundTrip(-Infinity)).toBe(-Infinity);
    expect(roundTrip(12345678901234567890n)).toBe(12345678901234567890n);
    const object = roundTrip({ a: undefined, 'b-c': [1, 'two\n"3"'], __proto__x: null });
    expect(Object.keys(object as object)).toEqual(['a', 'b-c', '__proto__x']);
    expect(object).toStrictEqual({ a: undefined, 'b-c': [1, 'two\n"3"'], __proto__x: null });
    const map = roundTrip(new Map<unknown, unknown>([[1, { x: Number.NaN }], ['k', new Set([-0])]]));
    expect(map).toEqual(new Map<unknown, unknown>([[1, { x: Number.NaN }], ['k', new Set([-0])]]));
    expect(roundTrip(new Date('2024-01-02T03:04:05.000Z'))).toEqual(new Date('2024-01-02T03:04:05.000Z'));
    expect(String(roundTrip(/a\/b+/gi))).toBe('/a\\/b+/gi');
    expect(renderValue(decodeValue(loadRuntime().healValue(Object.create(null))) ?? { kind: 'null' }, '"')).toBe('Object.assign(Object.create(null), {})');
  });

  it('encodes plain objects from another realm (jest runs tests in vm contexts) and refuses class instances, functions and cycles', () => {
    const { healValue } = loadRuntime();
    expect(healValue(runInNewContext('({ list: [1], when: new Date(0) })'))).toEqual(['o', [['list', ['a', [['n', 1]]]], ['when', ['d', '1970-01-01T00:00:00.000Z']]], false]);
    class Money {
      cents = 1;
    }
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(healValue(new Money())).toEqual(['x', 'a Money']);
    expect(healValue({ run: () => 1 })).toEqual(['x', 'a function']);
    expect(healValue(cyclic)).toEqual(['x', 'cyclic']);
    expect(healValue('x'.repeat(3000))).toEqual(['x', 'larger than 2 KB']);
    expect(healValue([[[[[[[[1]]]]]]]])).toEqual(['x', 'nested deeper than 6']);
  });

  it('settles calls: returned values, thrown errors by constructor name, rejections and thrown non-errors', async () => {
    const { healSettle } = loadRuntime();
    const outcome = async (run: () => unknown): Promise<Outcome | null> => decodeOutcome(JSON.parse(JSON.stringify(await healSettle(run))));
    expect(await outcome(() => 'ok')).toEqual({ kind: 'returned', value: { kind: 'string', value: 'ok' } });
    expect(await outcome(() => Promise.resolve(undefined))).toEqual({ kind: 'resolved', value: { kind: 'undefined' } });
    expect(
      await outcome(() => {
        throw new RangeError('too big');
      }),
    ).toEqual({ kind: 'threw', thrown: { isError: true, name: 'RangeError', message: 'too big' } });
    expect(await outcome(() => Promise.reject(new TypeError('bad')))).toEqual({ kind: 'rejected', thrown: { isError: true, name: 'TypeError', message: 'bad' } });
    expect(
      await outcome(() => {
        throw 42;
      }),
    ).toEqual({ kind: 'threw', thrown: { isError: false, value: { kind: 'number', value: 42 } } });
  });
});
