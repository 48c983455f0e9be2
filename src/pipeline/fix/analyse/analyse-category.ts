import type { TestError } from './analyse-error.js';
import type { FailureCategory } from '../types.js';

/**
 * The category of a failed test's error. The category names the kind of error, never where it
 * happened (that is the location's job; the confidence reflects both): the first rule that
 * matches wins, in this order —
 * - async: an un-awaited promise or coroutine, whatever error it then caused;
 * - database, then api: by the error's module or name, or a driver's or network error text (before
 *   timeout, so that a `requests` ReadTimeout or a pool timeout stays with its service);
 * - timeout; import; syntax; reference (undefined names); attribute (a missing attribute, or a
 *   property read on undefined/null); type (any other TypeError, and ts-jest's compile errors);
 * - assertion: any failed assertion or expectation, even one raised inside source code;
 * - logic: any other runtime error (RangeError, ValueError, ZeroDivisionError, KeyError, a custom
 *   error), whether source or test code raised it.
 */
export function categoriseTestError(error: TestError): FailureCategory {
  const { text } = error;
  const type = error.errorType ?? '';
  const name = type.split('.').at(-1) ?? '';
  if (isAsync(text)) return 'async';
  if (isDatabase(type, text)) return 'database';
  if (isApi(type, text)) return 'api';
  if (/Timeout|^Failed$/.test(name) && /timeout|timed out/i.test(`${name} ${error.message}`)) return 'timeout';
  if (/timed out|Exceeded timeout|Timeout of \d+ ?ms exceeded|Timeout >\d/i.test(error.message)) return 'timeout';
  if (isImport(name, error.code, text)) return 'import';
  // ts-jest reports compile errors as the suite's failure: "src/a.ts:3:5 - error TS1005: ';' expected."
  if (/\berror TS1\d{3}:/.test(text)) return 'syntax';
  if (/\berror TS\d+:/.test(text)) return 'type';
  if (/^(SyntaxError|IndentationError|TabError)$/.test(name)) return /\bJSON\b/.test(error.message) ? 'logic' : 'syntax';
  if (/Transform failed with \d+ error|Failed to parse source/.test(text)) return 'syntax';
  if (/^(ReferenceError|NameError|UnboundLocalError)$/.test(name)) return 'reference';
  if (name === 'AttributeError') return 'attribute';
  if (name === 'TypeError' && /Cannot (read|set) propert|Cannot destructure property/.test(error.message)) return 'attribute';
  if (name === 'TypeError') return 'type';
  if (isAssertion(name, error)) return 'assertion';
  return 'logic';
}

function isAsync(text: string): boolean {
  return (
    /was never awaited|\bPromise ?\{|\[object Promise\]/.test(text) ||
    /<coroutine object |'coroutine' object|type 'coroutine'|\(reading 'then'\)|\.then is not a function/.test(text) ||
    /await is only valid in async function|'await' outside (async )?function|can't be used in 'await' expression/.test(text) ||
    /no running event loop|[Ee]vent loop is closed/.test(text)
  );
}

const DB_MODULES = /^(sqlite3|psycopg2?|sqlalchemy|django\.db|pymysql|MySQLdb|mysql\.connector|pymongo|asyncpg|aiosqlite|peewee|redis)\./;
const DB_NAMES = /^(OperationalError|IntegrityError|ProgrammingError|DatabaseError|InterfaceError|DataError|Sequelize\w*Error|PrismaClient\w*Error|QueryFailedError|Mongo\w*Error|SqliteError)$/;
const DB_TEXT = /no such (table|column)|SQLITE_[A-Z]+|relation "[^"]+" does not exist|duplicate key value|UNIQUE constraint failed|NOT NULL constraint failed|database is locked|\bER_[A-Z_]+\b|ECONNREFUSED [\d.:[\]]+:(5432|3306|27017|6379)\b/;

function isDatabase(type: string, text: string): boolean {
  return DB_MODULES.test(type) || DB_NAMES.test(type.split('.').at(-1) ?? '') || DB_TEXT.test(text);
}

const API_MODULES = /^(requests|urllib3|httpx|aiohttp|urllib\.error|http\.client)\./;
const API_NAMES = /^(AxiosError|FetchError|HTTPError|ConnectionError|ConnectionRefusedError|ClientConnectorError)$/;
const API_TEXT = /ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|fetch failed|Request failed with status code|Nock: No match|HTTP Error [45]\d\d|Max retries exceeded with url|Failed to establish a new connection/;

function isApi(type: string, text: string): boolean {
  return API_MODULES.test(type) || API_NAMES.test(type.split('.').at(-1) ?? '') || API_TEXT.test(text);
}

const IMPORT_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'ERR_UNSUPPORTED_DIR_IMPORT']);
const IMPORT_TEXT = /Cannot find (module|package) '|Failed to load url |Failed to resolve import |does not provide an export named|No module named |cannot import name |is not exported by |\(0 , [\w$]+\.[\w$]+\) is not a (function|constructor)|partially initialized module/;

function isImport(name: string, code: string | null, text: string): boolean {
  return name === 'ModuleNotFoundError' || name === 'ImportError' || IMPORT_CODES.has(code ?? '') || IMPORT_TEXT.test(text);
}

function isAssertion(name: string, error: TestError): boolean {
  return (
    name === 'AssertionError' ||
    name === 'Failed' ||
    error.code === 'ERR_ASSERTION' ||
    /^assert\b|^expect\(|^expected .+ to |Expected values to be|^Expected:/.test(error.message) ||
    /^(Received )?promise (resolved|rejected) .*instead of/i.test(error.message)
  );
}
