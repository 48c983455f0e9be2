import { z } from 'zod';

/** Whether a stage's commands ran in the bubblewrap sandbox, and why (not): reports say so, `--no-sandbox` included. */
export const SandboxNote = z
  .object({
    status: z.enum(['on', 'off']),
    reason: z.string().describe('e.g. "bubblewrap 0.8.0", "turned off by --no-sandbox", "not needed: no model-written code runs (builtin engine)"'),
  })
  .strict();
export type SandboxNote = z.infer<typeof SandboxNote>;

/** The `sandbox` field of an artefact: present when the command knew how its commands ran. */
export function sandboxField(note: SandboxNote | undefined): { sandbox?: SandboxNote } {
  return note ? { sandbox: note } : {};
}
