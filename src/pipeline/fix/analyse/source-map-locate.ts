import { posix } from 'node:path';
import { z } from 'zod';
import type { FixLocation, ReadFile } from '../types.js';
import { decodeMappings, findMapping, readDataUrl, readSourceMappingUrl, type Mapping } from './source-map.js';

/** The fields of a Source Map v3 heal reads; index maps (`sections`) are not supported. */
const SourceMapJson = z.object({
  version: z.literal(3),
  sourceRoot: z.string().nullish(),
  sources: z.array(z.string().nullable()),
  mappings: z.string(),
});

interface LoadedMap {
  /** The map's own path (repo-relative), against which `sources` resolve. */
  path: string;
  sourceRoot: string;
  sources: Array<string | null>;
  lines: Mapping[][];
}

/** Turns an absolute path or `file://` URL into a repository path; null when it lies outside. */
export type ToRepoPath = (path: string) => string | null;

/** Maps positions in compiled scripts back to their sources, reading each script and map once. */
export interface SourceMapper {
  mapLocation: (location: FixLocation) => Promise<FixLocation>;
}

const SCRIPT = /\.[cm]?js$/;

function parseMap(text: string, path: string): LoadedMap | null {
  try {
    const parsed = SourceMapJson.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const { sourceRoot, sources, mappings } = parsed.data;
    return { path, sourceRoot: sourceRoot ?? '', sources, lines: decodeMappings(mappings) };
  } catch {
    return null;
  }
}

async function loadMap(script: string, readFile: ReadFile): Promise<LoadedMap | null> {
  const code = await readFile(script);
  const url = code === null ? null : readSourceMappingUrl(code);
  if (url === null) return null;
  const inline = readDataUrl(url);
  if (inline !== null) return parseMap(inline, script);
  if (/^[a-z]+:/i.test(url)) return null;
  const mapPath = posix.normalize(posix.join(posix.dirname(script), decodeURIComponent(url)));
  const text = mapPath.startsWith('../') ? null : await readFile(mapPath);
  return text === null ? null : parseMap(text, mapPath);
}

/** The repository path of a map's source: `sourceRoot` + source, relative to the map's folder. */
function resolveSource(map: LoadedMap, source: string, toRepoPath: ToRepoPath): string | null {
  const joined = map.sourceRoot === '' ? source : `${map.sourceRoot.replace(/\/?$/, '/')}${source}`;
  if (joined.startsWith('file://') || joined.startsWith('/')) return toRepoPath(joined);
  if (/^[a-z][\w+.-]*:/i.test(joined)) return null;
  const path = posix.normalize(posix.join(posix.dirname(map.path), joined));
  return path.startsWith('../') ? null : path;
}

/**
 * A mapper over the worktree: a location in a `.js`/`.mjs`/`.cjs` file whose last lines carry a
 * `sourceMappingURL` (a file next to it or an inline `data:` URL) moves to the original source,
 * when that source is a repository file that exists; any other location is returned unchanged.
 */
export function createSourceMapper(readFile: ReadFile, toRepoPath: ToRepoPath): SourceMapper {
  const maps = new Map<string, Promise<LoadedMap | null>>();
  const mapLocation = async (location: FixLocation): Promise<FixLocation> => {
    if (!SCRIPT.test(location.file)) return location;
    const pending = maps.get(location.file) ?? loadMap(location.file, readFile).catch(() => null);
    maps.set(location.file, pending);
    const map = await pending;
    const mapping = map ? findMapping(map.lines, location.line - 1, Math.max(0, location.column - 1)) : null;
    const source = mapping && map ? map.sources[mapping.source] : null;
    const file = source && map ? resolveSource(map, source, toRepoPath) : null;
    if (!mapping || file === null || (await readFile(file)) === null) return location;
    return { file, line: mapping.originalLine + 1, column: mapping.originalColumn + 1 };
  };
  return { mapLocation };
}
