import { z } from 'zod';
import type { Coverage, FileCoverage } from '../../artefacts/build-report.js';
import { percent, summarizeCoverage, toProjectPath, toRanges } from '../coverage-math.js';
import { measureRegions, type CodeRegion } from './functions-script.js';

const LineList = z.array(z.number().int().min(0));

/** The part of `coverage json` (coverage.py 5–7) heal reads; other fields are ignored. */
export const CoverageJson = z.object({
  files: z.record(
    z.string(),
    z.object({
      executed_lines: LineList,
      missing_lines: LineList,
      summary: z.object({
        covered_lines: z.number().int().min(0),
        num_statements: z.number().int().min(0),
        num_branches: z.number().int().min(0).optional(),
        covered_branches: z.number().int().min(0).optional(),
      }),
    }),
  ),
});

/** coverage.json could not be read as coverage.py's JSON report. */
export class CoverageJsonError extends Error {
  override name = 'CoverageJsonError';
}

/**
 * Turns coverage.py's JSON report into heal's coverage block. Lines and branches are counted
 * separately (coverage.py's own "Cover" column blends them when branch coverage is on). File paths
 * become project-relative. `regions` (from the functions script) adds per-function figures; without
 * it `functions` is empty.
 */
export function readCoveragePy(
  text: string,
  projectDir: string,
  regions: ReadonlyMap<string, readonly CodeRegion[]> | null,
): Coverage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CoverageJsonError(`coverage.json is not JSON: ${String(error)}`);
  }
  const parsed = CoverageJson.safeParse(json);
  if (!parsed.success) throw new CoverageJsonError(`coverage.json is not a coverage.py report: ${parsed.error.message}`);
  const files = Object.entries(parsed.data.files).map(([path, data]): FileCoverage => {
    const lines = { covered: data.summary.covered_lines, total: data.summary.num_statements };
    return {
      file: toProjectPath(projectDir, path),
      lines,
      branches: { covered: data.summary.covered_branches ?? 0, total: data.summary.num_branches ?? 0 },
      line_pct: percent(lines),
      missed_lines: toRanges(data.missing_lines),
      functions: measureRegions(regions?.get(path) ?? [], data.executed_lines, data.missing_lines),
    };
  });
  return summarizeCoverage('coverage.py', files);
}
