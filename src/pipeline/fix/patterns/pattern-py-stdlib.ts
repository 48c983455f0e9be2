/** Standard-library modules a `NameError` most often names, imported whole (`import json`). */
export const PY_STDLIB_MODULES: ReadonlySet<string> = new Set([
  'math', 'os', 're', 'json', 'sys', 'time', 'datetime', 'collections', 'itertools', 'functools', 'random',
  'decimal', 'pathlib', 'typing', 'dataclasses', 'enum', 'logging', 'subprocess', 'shutil', 'tempfile',
  'asyncio', 'statistics', 'string', 'uuid', 'hashlib', 'base64', 'copy', 'operator', 'fractions', 'textwrap',
  'csv', 'io', 'contextlib', 'abc', 'heapq', 'bisect', 'glob', 'pickle', 'struct', 'threading', 'traceback',
  'warnings', 'weakref', 'inspect', 'argparse', 'secrets', 'platform', 'socket', 'urllib', 'unittest', 'pprint',
  'zoneinfo', 'types', 'numbers', 'array', 'queue', 'signal', 'sqlite3', 'gzip', 'zipfile', 'tarfile', 'hmac',
]);

const MEMBERS: ReadonlyArray<[string, readonly string[]]> = [
  ['collections', ['defaultdict', 'Counter', 'OrderedDict', 'namedtuple', 'deque', 'ChainMap']],
  ['dataclasses', ['dataclass', 'field', 'asdict', 'astuple']],
  ['decimal', ['Decimal', 'ROUND_HALF_UP', 'InvalidOperation']],
  ['fractions', ['Fraction']],
  ['pathlib', ['Path', 'PurePath', 'PosixPath']],
  ['datetime', ['datetime', 'date', 'timedelta', 'timezone']],
  ['enum', ['Enum', 'IntEnum', 'StrEnum', 'Flag', 'auto']],
  [
    'typing',
    ['Optional', 'List', 'Dict', 'Any', 'Iterable', 'Iterator', 'Callable', 'Sequence', 'Mapping', 'Union', 'Tuple',
      'Set', 'FrozenSet', 'Type', 'TypeVar', 'Generic', 'Protocol', 'Literal', 'Final', 'ClassVar', 'cast',
      'overload', 'TYPE_CHECKING', 'NamedTuple', 'TypedDict', 'Generator', 'AsyncIterator', 'Awaitable'],
  ],
  ['functools', ['reduce', 'partial', 'lru_cache', 'wraps', 'cache', 'cached_property', 'total_ordering']],
  ['math', ['sqrt', 'floor', 'ceil', 'pi', 'isclose', 'gcd']],
  ['itertools', ['chain', 'groupby', 'islice', 'product', 'permutations', 'combinations', 'zip_longest']],
  ['contextlib', ['contextmanager', 'asynccontextmanager', 'suppress', 'ExitStack', 'nullcontext']],
  ['abc', ['ABC', 'abstractmethod']],
  ['copy', ['deepcopy']],
  ['random', ['randint', 'choice', 'shuffle']],
  ['time', ['sleep', 'perf_counter', 'monotonic']],
  ['os.path', ['basename', 'dirname', 'isfile', 'isdir']],
  ['uuid', ['uuid4', 'UUID']],
  ['statistics', ['mean', 'median', 'stdev']],
  ['io', ['StringIO', 'BytesIO']],
  ['unittest.mock', ['Mock', 'MagicMock', 'patch', 'AsyncMock', 'ANY']],
  ['textwrap', ['dedent']],
  ['pprint', ['pprint']],
  ['heapq', ['heappush', 'heappop']],
  ['operator', ['itemgetter', 'attrgetter']],
];

const MEMBER_MODULE = new Map(MEMBERS.flatMap(([module, names]) => names.map((name): [string, string] => [name, module])));

/** The standard-library module a well-known member name comes from (`Counter` → collections), or null. */
export function findStdlibMember(name: string): string | null {
  return MEMBER_MODULE.get(name) ?? null;
}

/** True when an import of `module` (dotted) is a standard-library import. */
export function isStdlibModule(module: string): boolean {
  const root = module.split('.')[0] ?? module;
  return root === '__future__' || PY_STDLIB_MODULES.has(root) || MEMBERS.some(([owner]) => owner.split('.')[0] === root);
}
