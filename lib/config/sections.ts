// The type of each section the derivation reads: `endpoints: 5` or `mcpServers: []` is not a
// config LibreChat starts with (its zod configSchema rejects it), and reading it as "nothing
// configured" would hide the mistake. Shapes from the key catalog (librechat-data-provider's
// configSchema, lib/catalog/librechat-keys.json), only where the schema has one type (no unions).
import catalog from '../catalog/librechat-keys.json';
import { formatPath, type ConfigDocument, type PathSegment } from './document';
import { InputError } from './errors';

const OBJECTS = catalog.objects as Record<string, unknown>;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function isMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkSections(doc: ConfigDocument): void {
  const data = doc.data as Record<string, unknown>;
  const fail = (path: PathSegment[], expected: 'mapping' | 'list', value: unknown): never => {
    const at = doc.at(path);
    throw new InputError(
      `${at.file}:${at.line}:${at.column}: ${formatPath(path)} must be a ${expected}, found ${describe(value)}`,
      `Write ${formatPath(path)} as a ${expected} (${expected === 'list' ? '"- item" lines' : '"key: value" lines'} under it), as LibreChat's config schema requires, or remove it.`,
    );
  };
  const mapping = (path: PathSegment[], value: unknown, required = false) => {
    if ((required || (value !== null && value !== undefined)) && !isMapping(value)) fail(path, 'mapping', value);
  };
  const list = (path: PathSegment[], value: unknown) => {
    if (value !== null && value !== undefined && !Array.isArray(value)) fail(path, 'list', value);
  };
  for (const [key, value] of Object.entries(data)) {
    if (key in OBJECTS || `${key}.*` in OBJECTS) mapping([key], value);
  }
  const endpoints = data.endpoints as Record<string, unknown> | undefined;
  if (isMapping(endpoints)) {
    for (const [key, value] of Object.entries(endpoints!)) {
      if (key === 'custom') {
        list(['endpoints', 'custom'], value);
        if (Array.isArray(value)) value.forEach((e, i) => mapping(['endpoints', 'custom', i], e, true));
      } else if (`endpoints.${key}` in OBJECTS) mapping(['endpoints', key], value);
    }
  }
  const mcp = data.mcpServers as Record<string, unknown> | undefined;
  if (isMapping(mcp)) for (const [name, value] of Object.entries(mcp!)) mapping(['mcpServers', name], value, true);
  const specs = data.modelSpecs as Record<string, unknown> | undefined;
  if (isMapping(specs)) {
    list(['modelSpecs', 'list'], specs!.list);
    if (Array.isArray(specs!.list)) specs!.list.forEach((s, i) => mapping(['modelSpecs', 'list', i], s, true));
  }
}
