import type { Command } from '../../adapters/process-runner.js';
import type { ProjectFacts } from '../types.js';

/** Pure helpers the Node tools share to read `ProjectFacts`. */

/** Names declared in dependencies and devDependencies. */
export function declaredPackages(facts: ProjectFacts): Set<string> {
  const pkg = facts.packageJson;
  return new Set([...Object.keys(pkg?.dependencies ?? {}), ...Object.keys(pkg?.devDependencies ?? {})]);
}

/** Does package.json declare any dependency at all? */
export function hasDependencies(facts: ProjectFacts): boolean {
  return declaredPackages(facts).size > 0;
}

/** Is the package installed? Uses `installedPackages` when the facts have it, else the declarations. */
export function isInstalled(facts: ProjectFacts, name: string): boolean {
  return facts.installedPackages ? facts.installedPackages.has(name) : declaredPackages(facts).has(name);
}

/** Is the package declared in package.json or its binary present in node_modules/.bin? */
export function isDeclaredOrBin(facts: ProjectFacts, name: string, bin: string): boolean {
  return declaredPackages(facts).has(name) || facts.nodeBins.has(bin);
}

/** The `test` script of package.json, when there is one. */
export function testScript(facts: ProjectFacts): string | null {
  return facts.packageJson?.scripts?.['test'] ?? null;
}

/** Does any root entry match one of the names? */
export function hasRootEntry(facts: ProjectFacts, names: readonly string[]): boolean {
  return names.some((name) => facts.rootEntries.has(name));
}

/** The project-local binary, run by path so that a global install never shadows it. */
export function binPath(bin: string): string {
  return `node_modules/.bin/${bin}`;
}

/** An argv command. */
export function argv(program: string, ...args: string[]): Command {
  return { argv: [program, ...args] };
}

/** Joins the build's output folder and a file name with `/`. */
export function outPath(outDir: string, name: string): string {
  return `${outDir.replace(/\/+$/, '')}/${name}`;
}
