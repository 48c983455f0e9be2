import type { Toolchain } from '../../artefacts/build-report.js';
import type { ProjectFacts, ToolchainDefinition } from '../types.js';
import { biome } from './biome.js';
import { eslint } from './eslint.js';
import { jest, usesJest } from './jest.js';
import { nodeTest } from './node-test.js';
import { parseNodeTestScript } from './node-test-script.js';
import { detectPackageManager, npmInstall, pnpmInstall, yarnInstall } from './package-manager.js';
import { prettier } from './prettier.js';
import { testScript } from './project.js';
import { tsc } from './tsc.js';
import { usesVitest, vitest } from './vitest.js';

/** The test runner heal will use, for the report's toolchain line (the first that applies). */
export function detectTestRunner(facts: ProjectFacts): string | null {
  if (usesVitest(facts)) return 'vitest';
  if (usesJest(facts)) return 'jest';
  return parseNodeTestScript(testScript(facts) ?? '') ? 'node-test' : null;
}

/** Node projects: a package.json at the project root. */
export const nodeToolchain: ToolchainDefinition = {
  id: 'node',
  detect: (facts) => facts.packageJson !== null,
  describe: (facts): Toolchain => ({
    id: 'node',
    root: facts.relativeDir,
    package_manager: detectPackageManager(facts).name,
    test_runner: detectTestRunner(facts),
    interpreter: null,
  }),
  // Step order: install, typecheck, lint, format, test.
  tools: [npmInstall, pnpmInstall, yarnInstall, tsc, eslint, biome, prettier, vitest, jest, nodeTest],
};
