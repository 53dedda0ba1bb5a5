// Paths the suites share: the repository root, the fixtures, the golden files, the corpus.
import { join, resolve } from 'node:path';

/** The repository root (tests run from dist/test, sources live in test/). */
export const ROOT = resolve(__dirname, '..', '..', '..');
/** The repository's own librechat.yaml fixtures (test/fixtures): all `npm test` reads. */
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const GOLDEN = join(ROOT, 'test', 'golden');
export const EXAMPLES = join(ROOT, 'examples');
/** Set UPDATE_GOLDEN=1 to rewrite golden files on purpose. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/**
 * Real librechat.yaml files from public repositories, outside this repository: read only by
 * `npm run test:corpus` (test/corpus). LIBRECHAT_CORPUS names the folder (relative to the working
 * directory); there is no default, so no suite ever reads outside the repository unless told to
 * (`.ci/run` sets it when a workplace lays the corpus beside the checkout). Empty when unset.
 */
export const CORPUS = process.env.LIBRECHAT_CORPUS ? resolve(process.env.LIBRECHAT_CORPUS) : '';

/** The bundled example's inputs as `npm start` gives them: the config, its env file and the chart values. */
export const EXAMPLE_INPUTS = [
  join(EXAMPLES, 'librechat.yaml'),
  '--env-from',
  join(EXAMPLES, 'librechat.env'),
  '--chart-values',
  join(EXAMPLES, 'librechat.values.yaml'),
];
