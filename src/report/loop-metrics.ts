import type { LoopReport } from '../artefacts/loop-report.js';

/** One stage's metrics text, labelled with the stage run it came from ("03-build-1"). */
export interface StageMetrics {
  stage: string;
  text: string;
}

interface Family {
  help: string | null;
  type: string | null;
  samples: string[];
}

function withLabel(sample: string, name: string, value: string): string {
  const label = `${name}="${value}"`;
  const brace = sample.indexOf('{');
  const space = sample.indexOf(' ');
  if (brace !== -1 && (space === -1 || brace < space)) return `${sample.slice(0, brace + 1)}${label},${sample.slice(brace + 1)}`;
  return `${sample.slice(0, space)}{${label}}${sample.slice(space)}`;
}

/** Adds Prometheus text to the families, each sample labelled with its stage (when one is given). */
function addText(families: Map<string, Family>, text: string, stage: string | null): void {
  for (const line of text.split('\n')) {
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    const name = comment?.[2] ?? /^([A-Za-z_:][\w:]*)/.exec(line)?.[1];
    if (!name) continue;
    const family = families.get(name) ?? { help: null, type: null, samples: [] };
    families.set(name, family);
    if (comment?.[1] === 'HELP') family.help ??= comment[3] ?? '';
    else if (comment?.[1] === 'TYPE') family.type ??= comment[3] ?? '';
    else family.samples.push(stage === null ? line : withLabel(line, 'stage', stage));
  }
}

function loopText(report: LoopReport): string {
  const run = `run="${report.run_id}"`;
  const durations = report.stages.map((stage) => `heal_loop_stage_duration_seconds{${run},number="${stage.number}",stage="${stage.stage}",status="${stage.status}"} ${(stage.duration_ms ?? 0) / 1000}`);
  return [
      '# HELP heal_loop_runs_total heal loop runs, by how they ended.',
      '# TYPE heal_loop_runs_total counter',
      `heal_loop_runs_total{${run},status="${report.status}",reason="${report.stop_reason ?? 'none'}"} 1`,
      '# HELP heal_loop_duration_seconds Wall time of the run.',
      '# TYPE heal_loop_duration_seconds gauge',
      `heal_loop_duration_seconds{${run}} ${report.duration_ms / 1000}`,
      '# HELP heal_loop_stage_duration_seconds Wall time of each stage run.',
      '# TYPE heal_loop_stage_duration_seconds gauge',
      ...durations,
      '# HELP heal_loop_coverage_line_pct Line coverage before (first green build 1) and after (last green build).',
      '# TYPE heal_loop_coverage_line_pct gauge',
      `heal_loop_coverage_line_pct{${run},when="before"} ${report.coverage.before ?? 'NaN'}`,
      `heal_loop_coverage_line_pct{${run},when="after"} ${report.coverage.after ?? 'NaN'}`,
      '# HELP heal_loop_tests_added Tests the run committed.',
      '# TYPE heal_loop_tests_added gauge',
      `heal_loop_tests_added{${run}} ${report.tests_added}`,
      '# HELP heal_loop_fixes_applied Fixes the run committed.',
      '# TYPE heal_loop_fixes_applied gauge',
      `heal_loop_fixes_applied{${run}} ${report.fixes_applied}`,
      '# HELP heal_loop_tokens_total Model tokens the run used.',
      '# TYPE heal_loop_tokens_total counter',
      `heal_loop_tokens_total{${run}} ${report.usage.total_tokens}`,
  ].join('\n');
}

/** Pure: one Prometheus text file for a loop run: its own metrics and every stage's, each sample labelled with its stage, one HELP/TYPE per metric. */
export function renderLoopMetrics(report: LoopReport, stages: readonly StageMetrics[]): string {
  const families = new Map<string, Family>();
  addText(families, loopText(report), null);
  for (const stage of stages) addText(families, stage.text, stage.stage);
  const lines: string[] = [];
  for (const [name, family] of families) {
    if (family.help !== null) lines.push(`# HELP ${name} ${family.help}`);
    if (family.type !== null) lines.push(`# TYPE ${name} ${family.type}`);
    lines.push(...family.samples);
  }
  return `${lines.join('\n')}\n`;
}
