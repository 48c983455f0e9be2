import { describe, expect, it } from 'vitest';
import {
  findNondeterminism,
  findUndefinedFixtures,
  listPytestFixtures,
  PYTEST_BUILTIN_FIXTURES,
} from '../../../../src/pipeline/build-tests/static-checks.js';

const conftest = [
  'import pytest',
  'from pytest import fixture',
  '',
  '@pytest.fixture',
  'def rates():',
  '    return {}',
  '',
  '@pytest.fixture(',
  '    scope="module",',
  '    name="client",',
  ')',
  'def make_client():',
  '    return object()',
  '',
  '@fixture',
  '@other.decorator',
  'async def database():',
  '    yield None',
  '',
  'class TestX:',
  '    @pytest.fixture(autouse=True)',
  '    def reset(self):',
  '        pass',
  '',
  'def helper():',
  '    pass',
  '',
  'session = pytest.fixture(scope="session")(make_session)',
  'other_rates = rates',
  'plain = helper',
].join('\n');

describe('listPytestFixtures', () => {
  it('finds decorated fixtures, honouring name= overrides', () => {
    expect(listPytestFixtures(conftest)).toEqual(['client', 'database', 'other_rates', 'rates', 'reset', 'session']);
    expect(PYTEST_BUILTIN_FIXTURES.has('tmp_path')).toBe(true);
    expect(PYTEST_BUILTIN_FIXTURES.has('rates')).toBe(false);
  });
});

describe('findUndefinedFixtures', () => {
  const tests = [
    'import pytest',
    '',
    '@pytest.fixture',
    'def basket():',
    '    return []',
    '',
    '@pytest.mark.parametrize("kind, cents", [("a", 1)])',
    '@pytest.mark.parametrize(argnames=("weight",), argvalues=[(1,)])',
    'def test_quote(kind, cents, weight, basket, tmp_path, rates, missing_one, *args, limit=3, **kwargs):',
    '    pass',
    '',
    '@pytest.mark.parametrize(["zone"], [("eu",)])',
    'class TestZones:',
    '    def test_zone(self, zone, db, api):',
    '        pass',
    '',
    '    @patch("shipping.rates.clock")',
    '    def test_patched(self, clock_mock, other):',
    '        pass',
    '',
    'ARGS = "a"',
    '@pytest.mark.parametrize(ARGS, [1])',
    'def test_computed(a, unknown):',
    '    pass',
    '',
    'def test_multiline(',
    '    basket: list,',
    '    extra: "dict[str, int]",',
    ') -> None:',
    '    pass',
  ].join('\n');

  it('reports parameters no fixture or parametrize provides, per test', () => {
    expect(findUndefinedFixtures(tests, new Set(['rates', 'api']))).toEqual([
      { test: 'test_quote', fixtures: ['missing_one'] },
      { test: 'TestZones::test_zone', fixtures: ['db'] },
      { test: 'TestZones::test_patched', fixtures: ['other'] },
      { test: 'test_multiline', fixtures: ['extra'] },
    ]);
  });

  it('gives up on files that generate parameters themselves', () => {
    expect(findUndefinedFixtures('def pytest_generate_tests(metafunc):\n    pass\n\ndef test_a(x):\n    pass\n', new Set())).toEqual([]);
    expect(findUndefinedFixtures('@given(st.integers())\ndef test_a(x):\n    pass\n', new Set())).toEqual([]);
  });
});

describe('findNondeterminism', () => {
  it('reports the first unseeded JS source of nondeterminism', () => {
    expect(findNondeterminism('it("a", () => { const id = crypto.randomUUID(); expect(Math.random()).toBe(1); });', '', 'ts')).toBe('crypto.randomUUID()');
    expect(findNondeterminism('const d = new Date();', '', 'js')).toBe('new Date() without arguments');
    expect(findNondeterminism('const d = new Date(2020, 0, 1); const e = new Date("2020-01-01");', '', 'js')).toBeNull();
    expect(findNondeterminism('expect(Date.now()).toBeGreaterThan(0);', '', 'js')).toBe('Date.now()');
    expect(findNondeterminism('performance.now()', '', 'js')).toBe('performance.now()');
  });

  it('ignores JS strings and comments, and clocks or generators the file controls', () => {
    expect(findNondeterminism('// Math.random() is mocked\nit("uses Date.now()", () => { const s = `Math.random()`; });', '', 'js')).toBeNull();
    expect(findNondeterminism('expect(Date.now()).toBe(0);', 'vi.useFakeTimers();\nvi.setSystemTime(0);', 'ts')).toBeNull();
    expect(findNondeterminism('expect(Date.now()).toBe(0); Math.random();', 'vi.useFakeTimers();', 'ts')).toBe('Math.random()');
    expect(findNondeterminism('Math.random();', "vi.spyOn(Math, 'random').mockReturnValue(0.5);", 'ts')).toBeNull();
    expect(findNondeterminism('new Date()', 'mock.timers.enable({ apis: ["Date"] });', 'js')).toBeNull();
  });

  it('reports the first unseeded Python source of nondeterminism', () => {
    expect(findNondeterminism('def test_a():\n    x = random.randint(1, 6)\n    t = time.time()\n', 'import random', 'py')).toBe('random.randint()');
    expect(findNondeterminism('def test_a():\n    assert datetime.datetime.now()\n', '', 'py')).toBe('datetime.now()');
    expect(findNondeterminism('def test_a():\n    assert uuid.uuid4()\n    os.urandom(4)\n', '', 'py')).toBe('uuid4()');
    expect(findNondeterminism('def test_a():\n    token = secrets.token_hex()\n', '', 'py')).toBe('secrets.token_hex()');
    expect(findNondeterminism('def test_a():\n    n = np.random.rand(3)\n', '', 'py')).toBe('np.random.rand()');
    expect(findNondeterminism('def test_a():\n    x = choice([1, 2])\n', 'from random import choice, seed as reseed\n', 'py')).toBe('random.choice()');
  });

  it('ignores Python strings, comments, seeded generators and frozen clocks', () => {
    expect(findNondeterminism('def test_a():\n    """Uses random.random() somewhere."""\n    # time.time()\n    assert "datetime.now()"\n', '', 'py')).toBeNull();
    expect(findNondeterminism('def test_a():\n    x = random.random()\n', 'random.seed(42)\n', 'py')).toBeNull();
    expect(findNondeterminism('@freeze_time("2024-01-01")\ndef test_a():\n    datetime.now()\n', 'from freezegun import freeze_time\n', 'py')).toBeNull();
    expect(findNondeterminism('def test_a(monkeypatch):\n    time.time()\n', 'monkeypatch.setattr(time, "time", lambda: 0)', 'py')).toBeNull();
    expect(findNondeterminism('def test_a():\n    rng = random.Random(3)\n    rng.random()\n', 'import random', 'py')).toBeNull();
    expect(findNondeterminism('def test_a():\n    state = random.RandomState(5)\n    random.integers(3)\n', 'from numpy import random', 'py')).toBeNull();
    expect(findNondeterminism('def test_a():\n    g = np.random.Generator(np.random.PCG64(1))\n', 'import numpy as np', 'py')).toBeNull();
  });
});
