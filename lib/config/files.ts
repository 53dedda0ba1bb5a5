// Reading the input files by path, shared by the CLI and the Pulumi component so both find the
// same files (the overlay beside the config) and name them the same way in findings. Every input
// is bounded and decoded here, once: a directory, a file over the size limit, UTF-16/UTF-32 or
// text that is not UTF-8 is a clear error before any parser sees it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { InputError } from './errors';
import { escapeControl } from './display';

/** Larger than any real librechat.yaml, values file or env file; bounds memory and parse time. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export function readText(path: string, what: string): string {
  let bytes: Buffer;
  const shown = escapeControl(path);
  try {
    const st = statSync(path);
    if (st.isDirectory())
      throw new InputError(`${shown}: the ${what} is a directory, not a file`, `Give the path of the ${what} file.`);
    if (!st.isFile())
      throw new InputError(`${shown}: the ${what} is not a regular file`, `Give the path of the ${what} file.`);
    if (st.size > MAX_INPUT_BYTES) throw tooLarge(shown, what, st.size);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${shown} (${code ?? 'unreadable'})`,
      `Check the path of the ${what}${code === 'ENOENT' ? ': there is no such file' : ''}.`,
    );
  }
  return decodeText(bytes, shown, what);
}

function tooLarge(shown: string, what: string, size: number): InputError {
  return new InputError(
    `${shown}: the ${what} is ${size} bytes, over the limit of ${MAX_INPUT_BYTES} bytes`,
    `A ${what} is far smaller than this; check that the path names the right file.`,
  );
}

/**
 * UTF-8 text (a UTF-8 byte order mark is dropped) with line breaks as `\n`: CRLF and CR-only files
 * (both line breaks for YAML and for LibreChat's js-yaml) then give the same line numbers.
 */
export function decodeText(bytes: Uint8Array, shown: string, what: string): string {
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(shown, what, bytes.length);
  const bom = [...bytes.subarray(0, 4)];
  const starts = (...b: number[]) => b.every((x, i) => bom[i] === x);
  const encoding = starts(0x00, 0x00, 0xfe, 0xff)
    ? 'UTF-32 BE'
    : starts(0xff, 0xfe, 0x00, 0x00)
      ? 'UTF-32 LE'
      : starts(0xfe, 0xff)
        ? 'UTF-16 BE'
        : starts(0xff, 0xfe)
          ? 'UTF-16 LE'
          : bytes.includes(0)
            ? 'binary or UTF-16 without a byte order mark (it holds NUL bytes)'
            : undefined;
  if (encoding)
    throw new InputError(
      `${shown}:1:1: the ${what} is ${encoding}, not UTF-8 text`,
      `Save the ${what} as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8).`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new InputError(
      `${shown}:${at.line}:${at.column}: the ${what} is not valid UTF-8 text`,
      `Save the ${what} as UTF-8.`,
    );
  }
  return normaliseLineBreaks(text);
}

export function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  // Only on the error path: the first replacement character of a lenient decode (a literal U+FFFD
  // earlier in the file would move it, which is fine for a position in an error message).
  const lenient = normaliseLineBreaks(new TextDecoder('utf-8').decode(bytes));
  const lines = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
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
  return escapeControl(rel.replace(/\\/g, '/').replace(/^\.\//, ''));
}
