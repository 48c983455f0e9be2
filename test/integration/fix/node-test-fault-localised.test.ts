import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../../src/adapters/process-runner.js';
import { BuildConfig } from '../../../src/config/schema.js';
import { planBuild } from '../../../src/pipeline/build/plan-build.js';
import { readProjectFacts } from '../../../src/pipeline/build/read-facts.js';
import { collectSpectra, rankFaults } from '../../../src/pipeline/fix/localise/localise-fault.js';
import { mutateLine } from '../../../src/pipeline/fix/localise/mutate-line.js';
import { createFocusedRunner, type FocusedRunner } from '../../../src/pipeline/fix/localise/run-focused.js';
import { isTestFile } from '../../../src/pipeline/fix/test-files.js';
import { TOOLCHAINS } from '../../../src/toolchains/registry.js';
import { createFixtureRepo, type FixtureRepo } from '../../helpers/fixture-repo.js';

const FIXTURE = 'js-node-test-bug-and-missing-tests';
const FAILING = { file: 'test/shipping.test.js', name: 'parcelClass > calls parcels of 20 kg and more heavy' };
const BUGGY_LINE = 'if (weightKg > HEAVY_FROM_KG) {';

const repos: FixtureRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** The fixture in a temp git repo, with a focused runner over its own `node --test` step, as `heal fix` opens it. */
async function openFixture(): Promise<{ repo: FixtureRepo; focused: FocusedRunner }> {
  const repo = createFixtureRepo(FIXTURE);
  repos.push(repo);
  const facts = await readProjectFacts({ repoRoot: repo.dir, dir: repo.dir, probePython: async () => null });
  const planTestStep = async (outDir: string) => planBuild(facts, BuildConfig.parse({}), { outDir }, TOOLCHAINS).steps.find((step) => step.kind === 'test') ?? null;
  const scratchDir = join(repo.dir, '.heal', 'scratch');
  const focused = createFocusedRunner({ planTestStep, projectDir: repo.dir, scratchDir, runner: createProcessRunner(), timeoutMs: 60_000 }, await planTestStep(scratchDir));
  return { repo, focused };
}

const lineOf = (text: string, code: string) => text.split('\n').findIndex((line) => line.includes(code)) + 1;

describe('fault localisation on node:test (real node --test, lcov coverage)', () => {
  it('runs one nested test by name, with its own lcov coverage', async () => {
    const { repo, focused } = await openFixture();
    expect(focused.canNameTests).toBe(true);
    const run = await focused.run([FAILING], { names: true, coverage: true });
    expect(run.error).toBeNull();
    expect(run.results.map((result) => [result.ref.name, result.passed])).toEqual([[FAILING.name, false]]);
    expect(run.results[0]?.message).toMatch(/'standard'[\s\S]*'heavy'/);
    expect(run.coverage).toMatch(/^SF:.*src\/shipping\.js$/m);
    const small = await focused.run([{ file: FAILING.file, name: 'parcelClass > calls parcels under 2 kg small' }], { names: true, coverage: false });
    expect(small.results.map((result) => [result.ref.name, result.passed])).toEqual([['parcelClass > calls parcels under 2 kg small', true]]);
    expect(readFileSync(join(repo.dir, FAILING.file), 'utf8')).toBe(readFileSync(join(import.meta.dirname, '../../../fixtures', FIXTURE, FAILING.file), 'utf8'));
  });

  it('refuses a run by a title two tests share rather than return both tests\' coverage', async () => {
    const { repo, focused } = await openFixture();
    const test = join(repo.dir, FAILING.file);
    writeFileSync(test, `${readFileSync(test, 'utf8')}\ndescribe("shippingCents, heavy parcels", () => {\n  it("calls parcels of 20 kg and more heavy", () => {\n    assert.equal(shippingCents({ weightKg: 25, subtotalCents: 100 }), 2400);\n  });\n});\n`);
    const run = await focused.run([FAILING], { names: true, coverage: true });
    const versionMatchesPaths = Number(process.versions.node.split('.')[0]) >= 22;
    if (versionMatchesPaths) {
      expect(run.results.map((result) => result.ref.name)).toEqual([FAILING.name]);
    } else {
      expect(run.coverage).toBeNull();
      expect(run.error).toContain('also ran "shippingCents, heavy parcels > calls parcels of 20 kg and more heavy"');
    }
  });

  it('ranks the boundary comparison first, and its one-token fix is a candidate', async () => {
    const { repo, focused } = await openFixture();
    const spectra = await collectSpectra(focused, [FAILING], { projectDir: repo.dir, repoRoot: repo.dir });
    expect(spectra?.filter((spectrum) => spectrum.failed).map((spectrum) => spectrum.id)).toEqual([`${FAILING.file}::${FAILING.name}`]);
    expect(spectra?.length).toBe(7);
    const source = readFileSync(join(repo.dir, 'src/shipping.js'), 'utf8');
    const [first] = rankFaults(spectra ?? [], isTestFile, 1);
    expect(`${first?.file}:${first?.line}`).toBe(`src/shipping.js:${lineOf(source, BUGGY_LINE)}`);
    const fixes = mutateLine({ text: source, line: lineOf(source, BUGGY_LINE), language: 'js' }).filter((mutation) => mutation.rule === 'relational-swap');
    expect(fixes.map((mutation) => mutation.description)).toContain(`\`>\` → \`>=\` at line ${lineOf(source, BUGGY_LINE)}`);
  });
});
