import { describe, expect, it } from 'vitest';
import type { ObservedCall } from '../../../../../../src/pipeline/build-tests/characterize/python/observations.js';
import { renderPytestFile } from '../../../../../../src/pipeline/build-tests/characterize/python/render-pytest.js';

const HEADER = '"""Characterization tests written by heal build-tests: they pin down what the code does today."""';

function returns(argsSrc: string, valueSrc: string, valueKind: 'value' | 'float' | 'none' | 'bool' | 'nan' | 'inf' = 'value'): ObservedCall {
  return { argsSrc, outcome: { kind: 'returns', valueSrc, valueKind }, imports: [] };
}

function raises(argsSrc: string, type: string, message: string, imports: ObservedCall['imports'] = []): ObservedCall {
  return { argsSrc, outcome: { kind: 'raises', type, message }, imports };
}

describe('renderPytestFile', () => {
  it('writes ==, pytest.approx, is None, is True and a raises block with an escaped, anchored message', () => {
    const rendered = renderPytestFile({
      module: 'shipping.rates',
      targets: [
        {
          targetId: 'shipping/rates.py::quote',
          symbol: 'quote',
          isAsync: false,
          calls: [
            returns('"standard", 19.0', '500'),
            returns('"express", 19.0', '1500'),
            returns('"standard", 2.0', '500'),
            raises('"", 19.0', 'ValueError', 'unknown method: "" (try [a|b].*) \\ $5\nnext\tline'),
          ],
        },
        {
          targetId: 'shipping/rates.py::ratio',
          symbol: '_ratio',
          isAsync: false,
          calls: [returns('1.0', '0.5', 'float'), returns('0.0', 'None', 'none'), returns('-1.0', 'True', 'bool')],
        },
      ],
    });

    expect(rendered?.text).toBe(
      `${HEADER}

import pytest

from shipping.rates import _ratio, quote


def test_quote_returns_1():
    assert quote("standard", 19.0) == 500


def test_quote_returns_2():
    assert quote("express", 19.0) == 1500


def test_quote_raises_value_error_1():
    with pytest.raises(
        ValueError,
        match=r"^unknown method: \\"\\" \\(try \\[a\\|b\\]\\.\\*\\) \\\\ \\$5\\nnext\\tline$",
    ):
        quote("", 19.0)


def test_ratio_returns_1():
    assert _ratio(1.0) == pytest.approx(0.5)


def test_ratio_returns_2():
    assert _ratio(0.0) is None


def test_ratio_returns_3():
    assert _ratio(-1.0) is True
`,
    );
    expect(rendered?.tests).toEqual([
      { name: 'test_quote_returns_1', targetId: 'shipping/rates.py::quote', caseName: null },
      { name: 'test_quote_returns_2', targetId: 'shipping/rates.py::quote', caseName: null },
      { name: 'test_quote_raises_value_error_1', targetId: 'shipping/rates.py::quote', caseName: null },
      { name: 'test_ratio_returns_1', targetId: 'shipping/rates.py::ratio', caseName: null },
      { name: 'test_ratio_returns_2', targetId: 'shipping/rates.py::ratio', caseName: null },
      { name: 'test_ratio_returns_3', targetId: 'shipping/rates.py::ratio', caseName: null },
    ]);
  });

  it('imports math for nan and inf, asyncio for async functions, and project exceptions from their module', () => {
    const rendered = renderPytestFile({
      module: 'calc.core',
      targets: [
        { targetId: 'calc/core.py::spread', symbol: 'spread', isAsync: false, calls: [returns('1.5', 'float("nan")', 'nan'), returns('0.0', '-math.inf', 'inf')] },
        {
          targetId: 'calc/core.py::fetch',
          symbol: 'fetch',
          isAsync: true,
          calls: [
            raises('-1', 'calc.errors.FetchError', 'bad id', [{ module: 'calc.errors', name: 'FetchError', isStdlib: false }]),
            raises('"x"', 'json.decoder.JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)', [
              { module: 'json.decoder', name: 'JSONDecodeError', isStdlib: true },
            ]),
          ],
        },
      ],
    });

    expect(rendered?.text).toBe(
      `${HEADER}

import asyncio
import math
from json.decoder import JSONDecodeError

import pytest

from calc.core import fetch, spread
from calc.errors import FetchError


def test_spread_returns_1():
    assert math.isnan(spread(1.5))


def test_spread_returns_2():
    assert spread(0.0) == -math.inf


def test_fetch_raises_fetch_error_1():
    with pytest.raises(FetchError, match=r"^bad id$"):
        asyncio.run(fetch(-1))


def test_fetch_raises_json_decode_error_1():
    with pytest.raises(
        JSONDecodeError, match=r"^Expecting value: line 1 column 1 \\(char 0\\)$"
    ):
        asyncio.run(fetch("x"))
`,
    );
  });

  it('keeps at most 6 distinct outcomes per function and aliases functions pytest would collect', () => {
    const calls = ['0', '1', '1', '2', '3', '4', '5', '6'].map((value, index) => returns(String(index), value));
    const rendered = renderPytestFile({
      module: 'app.checks',
      targets: [{ targetId: 'app/checks.py::test_connection', symbol: 'test_connection', isAsync: false, calls }],
    });

    expect(rendered?.text).toContain('from app.checks import test_connection as _test_connection\n');
    expect(rendered?.text).toContain('def test_test_connection_returns_1():\n    assert _test_connection(0) == 0\n');
    expect(rendered?.tests.map((test) => test.name)).toEqual([
      'test_test_connection_returns_1',
      'test_test_connection_returns_2',
      'test_test_connection_returns_3',
      'test_test_connection_returns_4',
      'test_test_connection_returns_5',
      'test_test_connection_returns_6',
    ]);
    expect(rendered?.text).toContain('_test_connection(3) == 2');
    expect(rendered?.text).not.toContain('_test_connection(2)');
  });

  it('puts the exception type and the pattern on lines of their own when one line is too long', () => {
    const message = 'x'.repeat(80);
    const rendered = renderPytestFile({
      module: 'm',
      targets: [{ targetId: 'm.py::f', symbol: 'f', isAsync: false, calls: [raises('1', 'ValueError', message)] }],
    });
    expect(rendered?.text).toContain(
      `def test_f_raises_value_error_1():\n    with pytest.raises(\n        ValueError,\n        match=r"^${message}$",\n    ):\n        f(1)\n`,
    );
  });

  it('drops calls whose imports clash, and returns null when nothing is left', () => {
    const clash = raises('1', 'other.Error', 'x', [{ module: 'other', name: 'quote', isStdlib: false }]);
    expect(
      renderPytestFile({ module: 'shipping.rates', targets: [{ targetId: 'shipping/rates.py::quote', symbol: 'quote', isAsync: false, calls: [clash] }] }),
    ).toBeNull();
    expect(renderPytestFile({ module: 'shipping.rates', targets: [] })).toBeNull();
  });

  it('wraps a from-import longer than 88 characters one name a line', () => {
    const symbols = ['compute_shipping_quote', 'compute_insurance_premium', 'estimate_delivery_window'];
    const rendered = renderPytestFile({
      module: 'shipping.calculations',
      targets: symbols.map((symbol) => ({ targetId: `shipping/calculations.py::${symbol}`, symbol, isAsync: false, calls: [returns('1', '2')] })),
    });
    expect(rendered?.text).toContain(
      'from shipping.calculations import (\n    compute_insurance_premium,\n    compute_shipping_quote,\n    estimate_delivery_window,\n)\n\n\ndef ',
    );
  });
});
