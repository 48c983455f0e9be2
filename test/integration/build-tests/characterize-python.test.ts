import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../../src/adapters/process-runner.js';
import { characterizePython, type CharacterizePythonInput } from '../../../src/pipeline/build-tests/characterize/python/characterize-python.js';
import type { CharacterizeTarget, TestStyle } from '../../../src/pipeline/build-tests/types.js';
import { createFixtureRepo } from '../../helpers/fixture-repo.js';

const PYTHON = '/usr/bin/python3';

function hasPytest(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import pytest'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const STYLE: TestStyle = {
  framework: 'pytest',
  language: 'py',
  moduleStyle: 'esm',
  importsFramework: false,
  layout: { kind: 'folder', dir: 'tests' },
  suffix: 'test_',
  importExtension: '',
  quote: '"',
  semicolons: false,
  example: 'tests/test_rates.py',
};

function target(path: string, symbol: string, lineRange: [number, number]): CharacterizeTarget {
  return { id: `${path}::${symbol}`, path, symbol, lineRange, uncoveredLines: [] };
}

function inputFor(repoRoot: string, scratchDir: string, targets: CharacterizeTarget[]): CharacterizePythonInput {
  return {
    repoRoot,
    project: '.',
    targets,
    style: STYLE,
    testFileFor: (source) => `tests/test_${source.split('/').at(-1)?.replace(/\.py$/, '')}_heal.py`,
    moduleFor: (source) => source.replace(/\.py$/, '').replaceAll('/', '.'),
    importRoots: [repoRoot],
    python: PYTHON,
    scratchDir,
  };
}

describe.skipIf(!hasPytest())('characterizePython on py-pytest-risky-coverage-gaps with a real interpreter', () => {
  const repo = createFixtureRepo('py-pytest-risky-coverage-gaps', { withDeps: false });
  const scratch = mkdtempSync(join(tmpdir(), 'heal-characterize-py-'));
  afterAll(() => {
    repo.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes passing pytest files for the pure functions and skips the one that shells out', async () => {
    const targets = [
      target('shipping/rates.py', 'quote', [6, 13]),
      target('shipping/tracking.py', 'tracking_code', [9, 11]),
      target('shipping/labels.py', 'print_label', [6, 9]),
      target('shipping/rates.py', '_round_up', [16, 20]),
    ];
    const outcome = await characterizePython(inputFor(repo.dir, scratch, targets), { runner: createProcessRunner() });

    expect(outcome.skipped).toEqual([
      { targetId: 'shipping/labels.py::print_label', reason: 'calls subprocess.run, which has side effects' },
    ]);
    expect(outcome.files.map((file) => file.path)).toEqual(['tests/test_rates_heal.py', 'tests/test_tracking_heal.py']);
    const [rates, tracking] = outcome.files;
    // Mined constants: RATES' keys for the method, 19/20/21 around `weight_kg > 20` for the weight.
    expect(rates?.text).toContain(
      [
        'def test_quote_returns_1():\n    assert quote("standard", 19.0) == 500\n',
        'def test_quote_returns_2():\n    assert quote("express", 19.0) == 1500\n',
        'def test_quote_raises_value_error_1():\n    with pytest.raises(ValueError, match=r"^unknown shipping method: $"):\n        quote("", 19.0)\n',
        'def test_quote_returns_3():\n    assert quote("standard", 21.0) == 1000\n',
      ].join('\n\n'),
    );
    expect(rates?.text).toContain('from shipping.rates import _round_up, quote\n');
    expect(rates?.tests.filter((test) => test.targetId === 'shipping/rates.py::_round_up').length).toBeGreaterThan(1);
    expect(tracking?.tests[0]).toEqual({ name: 'test_tracking_code_returns_1', targetId: 'shipping/tracking.py::tracking_code', caseName: null });
    expect(tracking?.text).toContain('def test_tracking_code_returns_1():\n    assert tracking_code(8) == "SH00000008"\n');

    for (const file of outcome.files) {
      mkdirSync(dirname(join(repo.dir, file.path)), { recursive: true });
      writeFileSync(join(repo.dir, file.path), file.text);
    }
    const testCount = outcome.files.reduce((sum, file) => sum + file.tests.length, 0);
    const output = execFileSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...outcome.files.map((file) => file.path)], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(output).toContain(`${testCount} passed`);
  });
});

const CORE = `"""A grab bag of behaviours the characterization engine must pin down."""
import asyncio
import enum
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Optional


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


@dataclass
class Box:
    width: int
    height: int = 1


class PricingError(Exception):
    pass


def area(box: Box) -> int:
    return box.width * box.height


def grow(box: Box, by: int) -> Box:
    return Box(box.width + by, box.height)


def label(level: Level, loud: bool = False) -> str:
    """The label of a level.

    >>> label(Level.LOW)
    'low'
    >>> label("high")
    """
    text = level.value
    return text.upper() if loud else text


def price(amount: Decimal) -> Decimal:
    if amount < 0:
        raise PricingError(f"negative amount (got {amount}) [check input]")
    return amount * 2


def spread(x: float) -> float:
    return x * math.inf - x * math.inf if x else math.inf


def is_even(n: int) -> bool:
    return n % 2 == 0


def find(items: List[str], wanted: str) -> Optional[int]:
    return items.index(wanted) if wanted in items else None


async def double(n: int) -> int:
    await asyncio.sleep(0)
    return n * 2


def countdown(n: int):
    while n:
        yield n
        n -= 1


def test_connection(host: str) -> str:
    return "ok:" + host


def hang(n: int) -> int:
    while True:
        n += 1


def die(n: int) -> int:
    getattr(__import__("o" + "s"), "_exit")(3)


def pick(options: List[str]) -> str:
    import random as chance

    return chance.choice(options)


def save(path, text: str) -> None:
    path.write_text(text)


class Shape:
    def area(self) -> int:
        return 0
`;

describe.skipIf(!hasPytest())('characterizePython on a module full of edge cases', () => {
  const root = mkdtempSync(join(tmpdir(), 'heal-characterize-py-edge-'));
  const files: Record<string, string> = {
    'calc/__init__.py': '',
    'calc/core.py': CORE,
    'calc/more.py': 'def triple(n: int) -> int:\n    return n * 3\n',
    'calc/broken.py': 'import not_installed_anywhere\n\n\ndef f(x: int) -> int:\n    return x\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('pins enums, dataclasses, Decimal, nan, async and booleans, and skips what it cannot run', async () => {
    const symbols: Array<[string, string, number]> = [
      ['calc/core.py', 'area', 26], ['calc/core.py', 'grow', 30], ['calc/core.py', 'label', 34], ['calc/core.py', 'price', 45],
      ['calc/core.py', 'spread', 51], ['calc/core.py', 'is_even', 55], ['calc/core.py', 'find', 59], ['calc/core.py', 'double', 63],
      ['calc/core.py', 'countdown', 68], ['calc/core.py', 'test_connection', 74], ['calc/core.py', 'hang', 78],
      ['calc/core.py', 'die', 83], ['calc/core.py', 'pick', 87], ['calc/core.py', 'save', 93], ['calc/core.py', 'Shape.area', 98],
      ['calc/more.py', 'triple', 1], ['calc/broken.py', 'f', 4],
    ];
    const targets = symbols.map(([path, symbol, line]) => target(path, symbol, [line, line + 2]));
    const outcome = await characterizePython(inputFor(root, join(root, '.scratch'), targets), { runner: createProcessRunner() });

    expect(outcome.skipped).toEqual([
      { targetId: 'calc/broken.py::f', reason: "cannot import calc.broken: ModuleNotFoundError: No module named 'not_installed_anywhere'" },
      { targetId: 'calc/core.py::countdown', reason: 'generators are not characterized yet' },
      { targetId: 'calc/core.py::hang', reason: 'its calls ran longer than 2 s' },
      { targetId: 'calc/core.py::die', reason: 'the characterization script exited with code 3' },
      { targetId: 'calc/core.py::pick', reason: 'calls random.choice, which is nondeterministic' },
      { targetId: 'calc/core.py::save', reason: 'calls .write_text(), which touches files' },
      { targetId: 'calc/core.py::Shape.area', reason: 'class methods are not characterized' },
    ]);
    expect(outcome.files.map((file) => file.path)).toEqual(['tests/test_core_heal.py', 'tests/test_more_heal.py']);
    const core = outcome.files[0]?.text ?? '';
    expect(core).toContain(
      [
        'import asyncio\nimport math\nfrom decimal import Decimal\n\nimport pytest\n\nfrom calc.core import (\n    Box,\n    Level,\n    PricingError,',
        '    test_connection as _test_connection,\n)\n',
      ].join('\n    area,\n    double,\n    find,\n    grow,\n    is_even,\n    label,\n    price,\n    spread,\n'),
    );
    for (const block of [
      'def test_area_returns_1():\n    assert area(Box(width=0, height=1)) == 0\n',
      'def test_grow_returns_2():\n    assert grow(Box(width=0, height=1), 1) == Box(width=1, height=1)\n',
      'def test_label_returns_3():\n    assert label(Level.LOW, loud=True) == "LOW"\n',
      'def test_price_raises_pricing_error_1():\n    with pytest.raises(\n        PricingError, match=r"^negative amount \\(got -1\\) \\[check input\\]$"\n    ):\n        price(Decimal("-1"))\n',
      'def test_price_returns_4():\n    assert price(Decimal("1.50")) == Decimal("3.00")\n',
      'def test_spread_returns_1():\n    assert spread(0.0) == math.inf\n',
      'def test_spread_returns_2():\n    assert math.isnan(spread(1.5))\n',
      'def test_is_even_returns_1():\n    assert is_even(2) is True\n',
      'def test_find_returns_1():\n    assert find([], "") is None\n',
      'def test_double_returns_3():\n    assert asyncio.run(double(1)) == 2\n',
      'def test_test_connection_returns_3():\n    assert _test_connection("a") == "ok:a"\n',
    ]) {
      expect(core).toContain(block);
    }
    // The run died on die(); a second run characterized the file after it.
    expect(outcome.files[1]?.text).toContain('def test_triple_returns_1():\n    assert triple(3) == 9\n');

    mkdirSync(join(root, 'tests'), { recursive: true });
    for (const file of outcome.files) writeFileSync(join(root, file.path), file.text);
    const testCount = outcome.files.reduce((sum, file) => sum + file.tests.length, 0);
    const output = execFileSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...outcome.files.map((file) => file.path)], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: root },
    });
    expect(output).toContain(`${testCount} passed`);
  });
});
