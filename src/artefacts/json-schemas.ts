import { z } from 'zod';
import { HealConfig } from '../config/schema.js';
import { BuildReport } from './build-report.js';
import { ChangePlan, TestSpec } from './testspec.js';
import { CommitResult } from './commit-result.js';
import { FixReport } from './fix-report.js';
import { GeneratedTests } from './generated-tests.js';
import { LoopReport } from './loop-report.js';
import { LoopState } from './loop-state.js';
import { TaskFile } from '../pipeline/code/task.js';

/** JSON Schema text for each exported schema file, by file name (schemas/ in the package). */
export function renderSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, id: string) =>
    `${JSON.stringify({ $id: id, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2)}\n`;
  return {
    'build_report.schema.json': render(BuildReport, 'https://heal.dev/schemas/build_report.schema.json'),
    'healrc.schema.json': render(HealConfig, 'https://heal.dev/schemas/healrc.schema.json'),
    'testspec.schema.json': render(TestSpec, 'https://heal.dev/schemas/testspec.schema.json'),
    'plan.schema.json': render(ChangePlan, 'https://heal.dev/schemas/plan.schema.json'),
    'commit_result.schema.json': render(CommitResult, 'https://heal.dev/schemas/commit_result.schema.json'),
    'fix_report.schema.json': render(FixReport, 'https://heal.dev/schemas/fix_report.schema.json'),
    'generated_tests.schema.json': render(GeneratedTests, 'https://heal.dev/schemas/generated_tests.schema.json'),
    'loop_report.schema.json': render(LoopReport, 'https://heal.dev/schemas/loop_report.schema.json'),
    'loop_state.schema.json': render(LoopState, 'https://heal.dev/schemas/loop_state.schema.json'),
    'task.schema.json': render(TaskFile, 'https://heal.dev/schemas/task.schema.json'),
  };
}
