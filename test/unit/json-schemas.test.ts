import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSchemas } from '../../src/artefacts/json-schemas.js';
import { REPO_ROOT } from '../helpers/fixture-deps.js';

describe('exported JSON Schemas', () => {
  it('match the zod schemas (run `npm run schemas` when this fails)', () => {
    for (const [name, text] of Object.entries(renderSchemas())) {
      expect(readFileSync(join(REPO_ROOT, 'schemas', name), 'utf8'), name).toBe(text);
    }
  });
});
