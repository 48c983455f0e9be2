import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CodeTask } from './code-prompt.js';

/** `--task task.json`: the seeds' task message. */
export const TaskFile = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" and "-" (at most 64), so it can name a branch'),
  goal: z.string().min(1),
  path: z.string().nullable().optional(),
  kind: z.string().nullable().optional(),
});
export type TaskFile = z.infer<typeof TaskFile>;

/** Pure: a branch-safe task id from a goal: a short slug plus a hash of goal and time. */
export function makeTaskId(goal: string, now: Date): string {
  const slug = goal
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(`${goal}\n${now.toISOString()}`).digest('hex').slice(0, 6);
  return `${slug || 'task'}-${hash}`;
}

export function toCodeTask(file: TaskFile): CodeTask {
  return { id: file.id, goal: file.goal, path: file.path ?? null, kind: file.kind ?? null };
}
