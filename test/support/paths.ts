// Paths the suites share: the repository root, the shared fixtures, the golden files.
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root (tests run from dist/test, sources live in test/). */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** Real librechat.yaml files from public repositories (../shared/fixtures/librechat). */
export const FIXTURES = resolve(ROOT, '..', 'shared', 'fixtures', 'librechat');
export const GOLDEN = join(ROOT, 'test', 'golden');
export const EXAMPLES = join(ROOT, 'examples');
/** Set UPDATE_GOLDEN=1 to rewrite golden files on purpose. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

export function fixturesAvailable(): boolean {
  return existsSync(FIXTURES);
}
