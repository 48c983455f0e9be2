/**
 * Which dependency-bearing parts of a manifest a change touches: what heal would install, and what
 * npm runs. Pure text reading; content that does not parse counts as changed when it did before.
 */

/** package.json fields that decide what is installed or run. */
const PACKAGE_JSON_KEYS = [
  'scripts', 'dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies',
  'bundleDependencies', 'bundledDependencies', 'overrides', 'resolutions', 'pnpm', 'workspaces', 'packageManager',
] as const;

/** pyproject.toml tables that are wholly about dependencies or the build backend. */
const PYPROJECT_TABLE = /^(build-system|project\.optional-dependencies|dependency-groups|tool\.poetry\.(dev-)?dependencies|tool\.poetry\.group\.[^.\]]+\.dependencies|tool\.uv|tool\.pdm\.dev-dependencies)$/;

function packageJsonParts(content: string | null): Map<string, string> {
  const parts = new Map<string, string>();
  if (content === null) return parts;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return new Map(PACKAGE_JSON_KEYS.map((key) => [key, 'unparseable']));
  }
  if (typeof parsed !== 'object' || parsed === null) return parts;
  for (const key of PACKAGE_JSON_KEYS) {
    if (key in parsed) parts.set(key, JSON.stringify(sortKeys((parsed as Record<string, unknown>)[key])));
  }
  return parts;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
}

/** The dependency tables of a pyproject.toml, and `[project]`'s `dependencies = [...]`, by name. */
function pyprojectParts(content: string | null): Map<string, string> {
  const parts = new Map<string, string>();
  if (content === null) return parts;
  let table = '';
  let inProjectDeps = false;
  const add = (name: string, line: string) => parts.set(name, `${parts.get(name) ?? ''}${line.replace(/\s+/g, '')}\n`);
  for (const line of content.split(/\r?\n/)) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header?.[1]) {
      table = header[1];
      inProjectDeps = false;
      continue;
    }
    if (PYPROJECT_TABLE.test(table)) add(table, line);
    else if (table === 'project') {
      if (/^\s*dependencies\s*=/.test(line)) inProjectDeps = true;
      if (inProjectDeps) add('project.dependencies', line);
      if (inProjectDeps && /\]\s*(#.*)?$/.test(line)) inProjectDeps = false;
    }
  }
  return parts;
}

function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.filter((key) => before.get(key) !== after.get(key)).sort();
}

/**
 * The protected parts of a manifest a change alters, as `<file>#<part>` names (`package.json#scripts`,
 * `pyproject.toml#project.dependencies`); empty for other files or untouched parts.
 */
export function changedManifestParts(path: string, before: string | null, after: string | null): string[] {
  const name = path.split('/').pop() ?? path;
  const read = name === 'package.json' ? packageJsonParts : name === 'pyproject.toml' ? pyprojectParts : null;
  if (!read) return [];
  return changedKeys(read(before), read(after)).map((part) => `${path}#${part}`);
}
