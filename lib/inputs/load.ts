// The one input loader of the CLI and the component: the LibreChat config (a path or its text),
// the env files, the MCP overlay (by default `<config>.overlay.yaml` beside the config) and the
// chart values, each read once and named as the user wrote it (never a machine path in output or
// in Pulumi state). A file that cannot be read is an ArgumentError naming the argument.
import { ArgumentError, InputError } from '../config/errors';
import { conventionalOverlay, displayName, readText } from '../config/files';
import type { TextFile } from '../pipeline';

/** A file given by path or by its text (at most one of the two). */
export interface FileSource {
  path?: string;
  text?: string;
}

export interface InputSources {
  /** librechat.yaml; `name` is how findings name `text` (default `librechat.yaml`). */
  config: FileSource & { name?: string };
  /** `.env` files, later ones winning. */
  envFiles?: readonly string[];
  /** The MCP overlay; when neither is set, `<config>.overlay.yaml` beside `config.path` if it exists. */
  overlay?: FileSource;
  chartValues?: FileSource;
  /** The chart's rendered manifests (`helm template`): real names, labels, ports and images. */
  chartManifests?: FileSource;
}

export interface LoadedInputs {
  configText: string;
  configFile: string;
  envFiles: TextFile[];
  overlay?: TextFile;
  chartValues?: TextFile;
  chartManifests?: TextFile;
}

function read(path: string, argument: string, what: string): string {
  // readText bounds and decodes the file (a directory, over the size limit, UTF-16, not UTF-8:
  // each a clear message naming the file); the argument is named here.
  try {
    return readText(path, what);
  } catch (e) {
    if (e instanceof InputError) throw new ArgumentError(argument, e.message, e.fix);
    throw e;
  }
}

function textFile(
  source: FileSource | undefined,
  argument: 'overlay' | 'chartValues' | 'chartManifests',
  textName: string,
  what: string,
): TextFile | undefined {
  const pathArg = `config.${argument}Path`;
  if (source?.path !== undefined && source.text !== undefined)
    throw new ArgumentError(pathArg, `set config.${argument}Path or config.${argument}Text, not both`);
  if (source?.text !== undefined) return { file: textName, text: source.text };
  if (source?.path === undefined) return undefined;
  return { file: displayName(source.path), text: read(source.path, pathArg, what) };
}

export function loadInputs(sources: InputSources): LoadedInputs {
  const { path, text, name } = sources.config;
  if ((path === undefined) === (text === undefined))
    throw new ArgumentError('config', 'set exactly one of config.path and config.text');
  const configText = text ?? read(path!, 'config.path', 'LibreChat config');
  const configFile = name ?? (path !== undefined ? displayName(path) : 'librechat.yaml');
  const overlay =
    sources.overlay?.path === undefined && sources.overlay?.text === undefined && path !== undefined
      ? { path: conventionalOverlay(path) }
      : sources.overlay;
  return {
    configText,
    configFile,
    envFiles: (sources.envFiles ?? []).map((file) => ({
      file: displayName(file),
      text: read(file, 'config.envFile', 'env file'),
    })),
    overlay: textFile(overlay, 'overlay', 'librechat.overlay.yaml', 'MCP overlay'),
    chartValues: textFile(sources.chartValues, 'chartValues', 'values.yaml', 'chart values'),
    chartManifests: textFile(sources.chartManifests, 'chartManifests', 'manifests.yaml', 'chart manifests'),
  };
}
