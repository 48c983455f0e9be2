import type { CodeTask } from './code-prompt.js';

export interface CommitMessageInput {
  task: CodeTask;
  model: string | null;
  attempts: number;
  tokens: number;
}

/** Pure: `feat(<task_id>): <goal>` with heal's trailers. */
export function writeCommitMessage(input: CommitMessageInput): string {
  const subject = input.task.goal.split('\n')[0]?.trim().slice(0, 72) ?? input.task.id;
  const body = input.task.goal.includes('\n') || input.task.goal.length > 72 ? `\n\n${input.task.goal.trim()}` : '';
  const trailers = [
    `Heal-Task: ${input.task.id}`,
    `Heal-Model: ${input.model ?? 'none (patch file)'}`,
    `Heal-Attempts: ${input.attempts}`,
    `Heal-Tokens: ${input.tokens}`,
  ];
  return `feat(${input.task.id}): ${subject}${body}\n\n${trailers.join('\n')}\n`;
}
