import { z } from 'zod';
import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedCommand, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { missingToolMessage } from './package-manager.js';
import { argv, binPath, hasRootEntry, isDeclaredOrBin } from './project.js';
import { readJson } from './read-json.js';

/**
 * Biome 2, when biome.json or biome.jsonc exists: `biome lint --reporter=json` prints one JSON
 * document on stdout (the reporter is marked experimental, its shape checked with zod below).
 * Formatting is left to the format step. Biome lints every file it knows, JSON included, so
 * findings in heal's own .heal/ folder are dropped.
 */

export function planBiome(facts: ProjectFacts): PlannedStep | null {
  if (!hasRootEntry(facts, ['biome.json', 'biome.jsonc']) || !isDeclaredOrBin(facts, '@biomejs/biome', 'biome')) return null;
  return {
    kind: 'lint',
    tool: 'biome',
    main: { command: argv(binPath('biome'), 'lint', '--reporter=json', '--max-diagnostics=none', '--colors=off') },
    after: [],
    missing: facts.nodeBins.has('biome') ? null : missingToolMessage(facts, 'biome', '@biomejs/biome'),
  };
}

const Position = z.object({ line: z.number().int(), column: z.number().int() });
const Report = z.object({
  diagnostics: z.array(
    z.object({
      severity: z.string(),
      message: z.string(),
      category: z.string().nullish(),
      location: z.object({ path: z.string().nullish(), start: Position.nullish() }).nullish(),
    }),
  ),
});

/** Pure: diagnostics of Biome's JSON report; rule is the category without "lint/group/". */
export function toDiagnostics(report: z.infer<typeof Report>, projectDir: string): Diagnostic[] {
  return report.diagnostics.flatMap((item) => {
    const file = toProjectPath(projectDir, item.location?.path ?? '');
    if (file.startsWith('.heal/')) return [];
    const category = item.category ?? 'biome';
    return [
      {
        tool: 'biome',
        file,
        line: item.location?.start?.line ?? 0,
        column: item.location?.start?.column ?? 0,
        rule: category.startsWith('lint/') ? (category.split('/').at(-1) ?? category) : category,
        message: item.message,
        severity: item.severity === 'error' || item.severity === 'fatal' ? 'error' : 'warning',
      },
    ];
  });
}

export function parseBiome(output: ToolOutput): Findings {
  const start = output.stdout.indexOf('{');
  if (start === -1) return { error: `biome printed no JSON report: ${output.stderr.trim().split('\n').slice(0, 3).join(' | ')}` };
  const report = readJson(Report, output.stdout.slice(start), 'biome output');
  return report.ok ? { diagnostics: toDiagnostics(report.value, output.projectDir) } : { error: report.error };
}

/** The installed biome's safe fixes (`--write`, biome 1.8 and later). */
function planBiomeFix(facts: ProjectFacts): PlannedCommand | null {
  const step = planBiome(facts);
  return step === null || step.missing !== null ? null : { command: argv(binPath('biome'), 'lint', '--write', '--colors=off') };
}

export const biome: ToolDefinition = { id: 'biome', kind: 'lint', plan: planBiome, parse: parseBiome, planFix: planBiomeFix };
