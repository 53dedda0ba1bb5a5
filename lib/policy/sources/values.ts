// Lenient readers for plain YAML data: a wrong type reads as empty instead of throwing, because
// the shape is checked separately (shape.ts) and reported with its line.

import { asArray } from '../../config/json';

export { asArray, asRecord } from '../../config/json';

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function asStringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}
