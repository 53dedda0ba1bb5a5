// Reading the input files by path, shared by the CLI and the Pulumi component so both find the
// same files (the overlay beside the config) and name them the same way in findings.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { InputError } from './errors';

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`,
      `Check the path of the ${what}.`,
    );
  }
}

/** `<dir>/librechat.overlay.yaml` beside `<dir>/librechat.yaml`, when it exists. */
export function conventionalOverlay(configPath: string): string | undefined {
  const candidate = configPath.replace(/(\.ya?ml)?$/i, '.overlay.yaml');
  return candidate !== configPath && existsSync(candidate) ? candidate : undefined;
}

/**
 * The name a file has in findings and headers: as the user wrote it, relative to `base` when it
 * is absolute, with `/` separators: never a machine path in output or in Pulumi state.
 */
export function displayName(path: string, base = process.cwd()): string {
  const rel = isAbsolute(path) ? relative(base, path) : path;
  return rel.replace(/\\/g, '/').replace(/^\.\//, '');
}
