import type { Findings, PlanContext, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { readCoverage } from './istanbul.js';
import { JsonTestReport, readJsonTestReport } from './json-test-report.js';
import { missingToolMessage } from './package-manager.js';
import { argv, binPath, declaredPackages, isInstalled, outPath, testScript } from './project.js';
import { noReportError, readJson } from './read-json.js';

/**
 * vitest 1–5 (checked on 4.1.12 and 5.1.1): one run writes the JSON report (`--outputFile.json`)
 * and istanbul-format coverage (`--coverage.reporter=json` → coverage/coverage-final.json), even
 * when tests fail (`--coverage.reportOnFailure`). The default reporter still prints to the log.
 */

export const VITEST_REPORT = 'report';
export const VITEST_COVERAGE = 'coverage';

const PROVIDERS = ['@vitest/coverage-v8', '@vitest/coverage-istanbul'] as const;

/** Does the project use vitest? When the test script names only the other runner, that one wins. */
export function usesVitest(facts: ProjectFacts): boolean {
  const script = testScript(facts) ?? '';
  if (/\bjest\b/.test(script) && !/\bvitest\b/.test(script)) return false;
  return declaredPackages(facts).has('vitest') || /\bvitest\b/.test(script);
}

/** Coverage flags for the installed provider; none when no provider is installed (coverage is then null). */
export function coverageArgs(facts: ProjectFacts, reportsDir: string): string[] {
  const installed = PROVIDERS.filter((name) => isInstalled(facts, name));
  if (installed.length === 0) return [];
  // vitest defaults to v8: name the provider only when istanbul is the one installed.
  const provider = installed.length === 1 && installed[0] === '@vitest/coverage-istanbul' ? ['--coverage.provider=istanbul'] : [];
  return [
    '--coverage.enabled',
    ...provider,
    '--coverage.reporter=json',
    `--coverage.reportsDirectory=${reportsDir}`,
    '--coverage.reportOnFailure',
  ];
}

export function planVitest(facts: ProjectFacts, context: PlanContext): PlannedStep | null {
  if (!usesVitest(facts)) return null;
  const report = outPath(context.outDir, 'vitest.json');
  const reportsDir = outPath(context.outDir, 'coverage');
  const coverage = coverageArgs(facts, reportsDir);
  const args = ['run', '--reporter=json', `--outputFile.json=${report}`, '--reporter=default', ...coverage];
  return {
    kind: 'test',
    tool: 'vitest',
    main: {
      command: argv(binPath('vitest'), ...args),
      outputs: {
        [VITEST_REPORT]: report,
        ...(coverage.length > 0 ? { [VITEST_COVERAGE]: `${reportsDir}/coverage-final.json` } : {}),
      },
    },
    after: [],
    missing: facts.nodeBins.has('vitest') ? null : missingToolMessage(facts, 'vitest'),
  };
}

export async function parseVitest(output: ToolOutput): Promise<Findings> {
  const json = output.files[VITEST_REPORT];
  if (json === undefined) return { error: noReportError('vitest', output) };
  const report = readJson(JsonTestReport, json, 'vitest.json');
  if (!report.ok) return { error: report.error };
  const { tests, failedTests } = readJsonTestReport(report.value, output.projectDir);
  return { tests, failedTests, coverage: await readCoverage(output, output.files[VITEST_COVERAGE]) };
}

export const vitest: ToolDefinition = { id: 'vitest', kind: 'test', plan: planVitest, parse: parseVitest };
