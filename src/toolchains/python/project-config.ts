import type { ProjectFacts } from '../types.js';
import { findSection, hasTable, readIniValue, readTomlValue, splitIniList, splitSections } from './config-text.js';

/**
 * Root files whose text the facts gatherer should put in `facts.pythonConfigs` (besides
 * requirement files, see {@link isPythonConfigFile}). Detection falls back to file presence in
 * `rootEntries` when a text is missing, so reading fewer only makes detection coarser.
 */
export const PYTHON_CONFIG_FILES = [
  'pyproject.toml', 'setup.cfg', 'tox.ini', 'pytest.ini', '.pytest.ini', '.flake8', 'mypy.ini', '.mypy.ini',
  'ruff.toml', '.ruff.toml', '.coveragerc',
] as const;

const REQUIREMENTS_FILE = /^(?:.*[-_.])?requirements(?:[-_.].*)?\.(?:txt|in)$/i;

/** Whether heal reads this root file's text for Python detection (config files and requirements*.txt). */
export function isPythonConfigFile(name: string): boolean {
  return (PYTHON_CONFIG_FILES as readonly string[]).includes(name) || REQUIREMENTS_FILE.test(name);
}

/** What heal's Python planning needs to know from a project's config files. */
export interface PythonProject {
  /** The distribution name as an import name (`my-pkg` → `my_pkg`), from [project], poetry or setup.cfg. */
  packageName: string | null;
  /** Marker names registered in the config file pytest itself would use. */
  markers: string[];
  /** coverage.py's own config sets `[run] source` or `source_pkgs`, so heal passes no sources. */
  hasCoverageSource: boolean;
  /** coverage.py's config sets `[run] parallel`, so data files need combining before reporting. */
  isCoverageParallel: boolean;
  isBlackConfigured: boolean;
  isRuffConfigured: boolean;
  /** `[tool.ruff.format]` (or `[format]` in ruff.toml) exists: the project opted into ruff's formatter. */
  isRuffFormatConfigured: boolean;
  isFlake8Configured: boolean;
  isMypyConfigured: boolean;
  /** mypy's config names what to check (`files`, `packages` or `modules`), so heal passes no paths. */
  hasMypyTargets: boolean;
}

/** Reads the Python project's settings from `facts.pythonConfigs` and `facts.rootEntries`. Pure. */
export function readPythonProject(facts: ProjectFacts): PythonProject {
  const text = (name: string): string => facts.pythonConfigs.get(name) ?? '';
  const pyproject = text('pyproject.toml');
  const ruffToml = text('ruff.toml') || text('.ruff.toml');
  return {
    packageName: readPackageName(pyproject, text('setup.cfg')),
    markers: readMarkers(facts),
    hasCoverageSource: readCoverageRun(facts).some((run) => run.source),
    isCoverageParallel: readCoverageRun(facts).some((run) => run.parallel),
    isBlackConfigured: hasTable(pyproject, 'tool.black') || mentionsBlack(facts, pyproject),
    isRuffConfigured:
      hasTable(pyproject, 'tool.ruff') || facts.rootEntries.has('ruff.toml') || facts.rootEntries.has('.ruff.toml'),
    isRuffFormatConfigured: hasTable(pyproject, 'tool.ruff.format') || hasTable(ruffToml, 'format'),
    isFlake8Configured:
      facts.rootEntries.has('.flake8') ||
      findSection(text('setup.cfg'), 'flake8') !== null ||
      findSection(text('tox.ini'), 'flake8') !== null ||
      hasTable(pyproject, 'tool.flake8'),
    isMypyConfigured: readMypyConfig(facts) !== null,
    hasMypyTargets: readMypyConfig(facts)?.hasTargets ?? false,
  };
}

function readPackageName(pyproject: string, setupCfg: string): string | null {
  const fromToml = ['project', 'tool.poetry']
    .map((section) => readTomlValue(findSection(pyproject, section) ?? '', 'name'))
    .find((value) => typeof value === 'string');
  const name = typeof fromToml === 'string' ? fromToml : readIniValue(findSection(setupCfg, 'metadata') ?? '', 'name');
  return name ? name.toLowerCase().replace(/[-.]+/g, '_') : null;
}

/** pytest's config file precedence: pytest.ini, .pytest.ini, pyproject.toml, tox.ini, setup.cfg. */
function readMarkers(facts: ProjectFacts): string[] {
  const text = (name: string): string | undefined => facts.pythonConfigs.get(name);
  const lines = (value: string | null): string[] => (value ?? '').split('\n');
  let entries: string[] = [];
  const ini = text('pytest.ini') ?? text('.pytest.ini');
  const pyproject = text('pyproject.toml') ?? '';
  const pyprojectSection = findSection(pyproject, 'tool.pytest.ini_options') ?? findSection(pyproject, 'tool.pytest');
  if (ini !== undefined) entries = lines(readIniValue(findSection(ini, 'pytest') ?? '', 'markers'));
  else if (pyprojectSection !== null) {
    const value = readTomlValue(pyprojectSection, 'markers');
    entries = Array.isArray(value) ? value : typeof value === 'string' ? lines(value) : [];
  } else {
    const section = findSection(text('tox.ini') ?? '', 'pytest') ?? findSection(text('setup.cfg') ?? '', 'tool:pytest');
    entries = lines(readIniValue(section ?? '', 'markers'));
  }
  return entries.map((entry) => /^\s*(\w+)/.exec(entry)?.[1]).filter((name) => name !== undefined);
}

function readCoverageRun(facts: ProjectFacts): Array<{ source: boolean; parallel: boolean }> {
  const iniRuns = [
    findSection(facts.pythonConfigs.get('.coveragerc') ?? '', 'run'),
    findSection(facts.pythonConfigs.get('setup.cfg') ?? '', 'coverage:run'),
    findSection(facts.pythonConfigs.get('tox.ini') ?? '', 'coverage:run'),
  ].filter((body) => body !== null);
  const tomlRun = findSection(facts.pythonConfigs.get('pyproject.toml') ?? '', 'tool.coverage.run');
  const runs = iniRuns.map((body) => ({
    source: readIniValue(body, 'source') !== null || readIniValue(body, 'source_pkgs') !== null,
    parallel: /^(true|1|yes|on)$/i.test(readIniValue(body, 'parallel') ?? ''),
  }));
  if (tomlRun !== null) {
    runs.push({
      source: readTomlValue(tomlRun, 'source') !== null || readTomlValue(tomlRun, 'source_pkgs') !== null,
      parallel: readTomlValue(tomlRun, 'parallel') === true,
    });
  }
  return runs;
}

/** mypy's precedence: mypy.ini, .mypy.ini, pyproject.toml, setup.cfg. Null when none configures it. */
function readMypyConfig(facts: ProjectFacts): { hasTargets: boolean } | null {
  const targets = ['files', 'packages', 'modules'];
  for (const name of ['mypy.ini', '.mypy.ini']) {
    if (!facts.rootEntries.has(name) && !facts.pythonConfigs.has(name)) continue;
    const body = findSection(facts.pythonConfigs.get(name) ?? '', 'mypy') ?? '';
    return { hasTargets: targets.some((key) => readIniValue(body, key) !== null) };
  }
  const toml = findSection(facts.pythonConfigs.get('pyproject.toml') ?? '', 'tool.mypy');
  if (toml !== null) return { hasTargets: targets.some((key) => readTomlValue(toml, key) !== null) };
  const cfg = findSection(facts.pythonConfigs.get('setup.cfg') ?? '', 'mypy');
  if (cfg !== null) return { hasTargets: targets.some((key) => splitIniList(readIniValue(cfg, key) ?? '').length > 0) };
  return null;
}

const BLACK_REQUIREMENT = /^\s*black\s*(?:[=<>~!;[#]|$)/im;
const BLACK_IN_TOML = /["']black\s*(?:[=<>~!;[]|["'])|^\s*black\s*=/im;

/** black named as a dependency: in a requirements file, or a pyproject dependency table or group. */
function mentionsBlack(facts: ProjectFacts, pyproject: string): boolean {
  for (const [name, text] of facts.pythonConfigs) {
    if (REQUIREMENTS_FILE.test(name) && BLACK_REQUIREMENT.test(text)) return true;
  }
  return splitSections(pyproject).some(
    (section) =>
      /dependenc|tool\.uv|tool\.hatch\.envs|tool\.pdm/.test(section.name) && BLACK_IN_TOML.test(section.body),
  );
}
