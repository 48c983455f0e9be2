import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../adapters/git.js';
import { HealError } from '../errors.js';
import { formatSecretRefusal, scanAddedLines } from '../patch/secret-scan.js';
import { withEngineTrailer, type CommitEngine } from './sandbox-choice.js';

/**
 * The one door heal's commits go through: every added line of `paths` (against the worktree's HEAD)
 * is scanned for secrets first, and a hit refuses the commit with an E_SECRET error naming rule,
 * place and the redacted value. Allow markers in the change are not honoured. The message gets a
 * `Heal-Engine:` trailer, so a later `heal build` knows to sandbox what a model wrote.
 */
export async function commitWithoutSecrets(git: Git, paths: readonly string[], message: string, engine: CommitEngine): Promise<string> {
  const head = await git.resolveCommit('HEAD');
  const changes = await Promise.all(
    paths.map(async (path) => ({
      path,
      before: await git.readFileAt(head, path),
      after: await readFile(join(git.root, path), 'utf8').catch(() => null),
    })),
  );
  const hits = scanAddedLines(changes);
  if (hits.length > 0) throw new HealError('E_SECRET', formatSecretRefusal(hits));
  return git.commitPaths(paths, withEngineTrailer(message, engine));
}
