import type { Findings, PlannedStep, ProjectFacts, ToolDefinition } from '../types.js';
import { argv, hasDependencies } from './project.js';

/**
 * Which package manager a Node project uses, and the install step for it.
 *
 * Detection order: the `packageManager` field of package.json ("pnpm@9.1.0"), then lockfiles in the
 * order npm (package-lock.json, npm-shrinkwrap.json), pnpm (pnpm-lock.yaml), yarn (yarn.lock), and
 * npm when there is none. Yarn is "berry" (2+) when `packageManager` says yarn@2 or later, or when
 * .yarnrc.yml exists. Bun is out of scope: a bun-only project (bun.lockb / bun.lock) is installed
 * with npm, without a lockfile (`npm install`). Lockfiles are only looked for in the project dir.
 */

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

export interface PackageManager {
  name: PackageManagerName;
  /** Yarn 2+ ("berry"), which has different install flags. */
  isBerry: boolean;
  /** The lockfile the install must respect, when there is one. */
  lockfile: string | null;
}

const LOCKFILES: Record<PackageManagerName, readonly string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  pnpm: ['pnpm-lock.yaml'],
  yarn: ['yarn.lock'],
};

function isManagerName(name: string): name is PackageManagerName {
  return name === 'npm' || name === 'pnpm' || name === 'yarn';
}

function lockfileOf(facts: ProjectFacts, name: PackageManagerName): string | null {
  return LOCKFILES[name].find((file) => facts.rootEntries.has(file)) ?? null;
}

/** Pure: the project's package manager. */
export function detectPackageManager(facts: ProjectFacts): PackageManager {
  const declared = /^(npm|pnpm|yarn)@(\d+)?/.exec(facts.packageJson?.packageManager ?? '');
  const declaredName = declared?.[1];
  const name =
    declaredName !== undefined && isManagerName(declaredName)
      ? declaredName
      : ((['npm', 'pnpm', 'yarn'] as const).find((candidate) => lockfileOf(facts, candidate) !== null) ?? 'npm');
  const major = declared?.[2] === undefined ? null : Number(declared[2]);
  const isBerry = name === 'yarn' && (major === null ? facts.rootEntries.has('.yarnrc.yml') : major >= 2);
  return { name, isBerry, lockfile: lockfileOf(facts, name) };
}

/** Install arguments: offline-preferring and lockfile-respecting when there is a lockfile. */
export function installArgs(manager: PackageManager): string[] {
  const locked = manager.lockfile !== null;
  switch (manager.name) {
    case 'npm':
      return [locked ? 'ci' : 'install', '--prefer-offline', '--no-audit', '--no-fund'];
    case 'pnpm':
      return ['install', ...(locked ? ['--frozen-lockfile'] : []), '--prefer-offline'];
    case 'yarn':
      if (manager.isBerry) return locked ? ['install', '--immutable'] : ['install'];
      return ['install', ...(locked ? ['--frozen-lockfile'] : []), '--prefer-offline'];
  }
}

/** How to add a dev dependency with this manager, e.g. "pnpm add -D vitest". */
export function addDevCommand(name: PackageManagerName, pkg: string): string {
  return name === 'npm' ? `npm i -D ${pkg}` : `${name} add -D ${pkg}`;
}

/** The one-line message for a Node tool whose binary is not in node_modules/.bin. */
export function missingToolMessage(facts: ProjectFacts, tool: string, pkg: string = tool): string {
  const { name } = detectPackageManager(facts);
  return `${tool} is not installed: run \`${name} install\` (or \`${addDevCommand(name, pkg)}\`)`;
}

/** Pure: the install step of `manager` for this project. */
export function planInstall(facts: ProjectFacts, manager: PackageManager): PlannedStep {
  const args = installArgs(manager);
  const onPath = facts.pathCommands.has(manager.name);
  const viaCorepack = !onPath && manager.name !== 'npm' && facts.pathCommands.has('corepack');
  const missing =
    onPath || viaCorepack
      ? null
      : manager.name === 'npm'
        ? 'npm is not installed: install Node.js with npm (https://nodejs.org)'
        : `${manager.name} is not installed: run \`npm i -g ${manager.name}\` or \`corepack enable\``;
  return {
    kind: 'install',
    tool: manager.name,
    main: { command: viaCorepack ? argv('corepack', manager.name, ...args) : argv(manager.name, ...args) },
    after: [],
    missing,
  };
}

function installTool(id: PackageManagerName): ToolDefinition {
  return {
    id,
    kind: 'install',
    plan(facts) {
      if (!facts.packageJson || !hasDependencies(facts)) return null;
      const manager = detectPackageManager(facts);
      return manager.name === id ? planInstall(facts, manager) : null;
    },
    // The exit code alone decides an install; there is nothing machine-readable to parse.
    parse: (): Findings => ({}),
  };
}

export const npmInstall = installTool('npm');
export const pnpmInstall = installTool('pnpm');
export const yarnInstall = installTool('yarn');

