import { z } from 'zod';
import type { FailedTest } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlanContext, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { readCoverage } from './istanbul.js';
import { missingToolMessage } from './package-manager.js';
import { argv, binPath, declaredPackages, outPath, testScript } from './project.js';
import { JsonTestReport, readJsonTestReport } from './json-test-report.js';
import { noReportError, readJson } from './read-json.js';

/**
 * jest 29–30: `--json --outputFile` writes the results, `--coverageReporters=json` istanbul's
 * coverage-final.json (replacing the reporters of the user's config for this run), and
 * `--testLocationInResults` each test's declaration, used when no stack frame is in the repo (timeouts).
 */

export const JEST_REPORT = 'report';
export const JEST_COVERAGE = 'coverage';

/** Does the project use jest? When the test script names only the other runner, that one wins. */
export function usesJest(facts: ProjectFacts): boolean {
  const script = testScript(facts) ?? '';
  if (/\bvitest\b/.test(script) && !/\bjest\b/.test(script)) return false;
  return declaredPackages(facts).has('jest') || /\bjest\b/.test(script);
}

export function planJest(facts: ProjectFacts, context: PlanContext): PlannedStep | null {
  if (!usesJest(facts)) return null;
  const report = outPath(context.outDir, 'jest.json');
  const coverageDir = outPath(context.outDir, 'coverage');
  const args = [
    '--ci',
    '--json',
    `--outputFile=${report}`,
    '--testLocationInResults',
    '--coverage',
    '--coverageReporters=json',
    `--coverageDirectory=${coverageDir}`,
  ];
  return {
    kind: 'test',
    tool: 'jest',
    main: {
      command: argv(binPath('jest'), ...args),
      outputs: { [JEST_REPORT]: report, [JEST_COVERAGE]: `${coverageDir}/coverage-final.json` },
    },
    after: [],
    missing: facts.nodeBins.has('jest') ? null : missingToolMessage(facts, 'jest'),
  };
}

const Located = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(
        z.object({
          ancestorTitles: z.array(z.string()),
          title: z.string(),
          location: z.object({ line: z.number().int(), column: z.number().int() }).nullish(),
        }),
      ),
    }),
  ),
});

/** Where each test is declared, by failed-test id (from `--testLocationInResults`). */
function declaredLocations(json: string, projectDir: string): Map<string, { line: number; column: number }> {
  const located = readJson(Located, json, 'jest.json');
  const locations = new Map<string, { line: number; column: number }>();
  if (!located.ok) return locations;
  for (const result of located.value.testResults) {
    const file = toProjectPath(projectDir, result.name);
    for (const test of result.assertionResults) {
      if (test.location) locations.set(`${file}::${[...test.ancestorTitles, test.title].join(' > ')}`, test.location);
    }
  }
  return locations;
}

function withDeclaredLocation(test: FailedTest, locations: Map<string, { line: number; column: number }>): FailedTest {
  const declared = locations.get(test.id);
  if (test.location || !declared) return test;
  return { ...test, location: { file: test.file, ...declared } };
}

export async function parseJest(output: ToolOutput): Promise<Findings> {
  const json = output.files[JEST_REPORT];
  if (json === undefined) return { error: noReportError('jest', output) };
  const report = readJson(JsonTestReport, json, 'jest.json');
  if (!report.ok) return { error: report.error };
  const { tests, failedTests } = readJsonTestReport(report.value, output.projectDir);
  const locations = declaredLocations(json, output.projectDir);
  return {
    tests,
    failedTests: failedTests.map((test) => withDeclaredLocation(test, locations)),
    coverage: await readCoverage(output, output.files[JEST_COVERAGE]),
  };
}

export const jest: ToolDefinition = { id: 'jest', kind: 'test', plan: planJest, parse: parseJest };
