import { isSecretPath } from './secret-rules.js';
import type { OmitReason } from './types.js';

/**
 * Which tracked files may be read into context at all, by path and then by content. Pure: the
 * reader does the IO.
 */

/** Directories of dependencies, build output and caches, at any depth. */
const EXCLUDED_DIRS = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'dist',
  'build',
  'coverage',
  '.nyc_output',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.yarn',
  '.pnpm-store',
  '.git',
  '.heal',
]);

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'Cargo.lock',
  'composer.lock',
  'Gemfile.lock',
  'go.sum',
  'flake.lock',
]);

const GENERATED_NAME = /(\.min\.(js|css|mjs)|\.map|\.bundle\.js|\.snap|_pb2(_grpc)?\.pyi?|\.pb\.go|\.generated\.\w+|\.g\.dart|\.lock)$/i;

const BINARY_EXTENSION =
  /\.(png|jpe?g|gif|bmp|webp|avif|ico|icns|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|zst|7z|rar|tar|jar|war|whl|egg|woff2?|ttf|otf|eot|mp3|mp4|m4a|ogg|wav|flac|webm|mov|avi|so|dylib|dll|exe|bin|o|a|class|pyc|pyo|wasm|sqlite3?|db|parquet|arrow|npy|npz|pkl|pt|onnx|h5)$/i;

/** Why a tracked path is never a candidate, or null when it may be read. */
export function rejectPath(path: string): OmitReason | null {
  if (isSecretPath(path)) return 'secret-path';
  const segments = path.split('/');
  const basename = segments.at(-1) ?? path;
  if (segments.slice(0, -1).some((dir) => EXCLUDED_DIRS.has(dir))) return 'excluded';
  if (LOCKFILES.has(basename)) return 'generated';
  if (GENERATED_NAME.test(basename)) return 'generated';
  if (BINARY_EXTENSION.test(basename)) return 'binary';
  return null;
}

/**
 * True for generated or minified text: a "generated" / "DO NOT EDIT" banner near the top, or
 * lines too long on average to be written by hand.
 */
export function isGeneratedText(text: string): boolean {
  const head = text.slice(0, 1000);
  if (/@generated\b|\bDO NOT EDIT\b|\b(file|code) (is |was )?(auto-?)?generated\b|\bauto-?generated (by|from)\b/i.test(head)) return true;
  if (text.length < 2000) return false;
  const lines = text.split('\n').length;
  return text.length / lines > 300;
}

/** True when the bytes look binary: a NUL in the first 8 KB. */
export function isBinaryContent(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
