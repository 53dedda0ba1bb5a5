// Kubernetes label keys and values (apimachinery validation.IsQualifiedName / IsValidLabelValue):
// an invalid one is refused by the API server, so the tool refuses it first, naming the rule.
import { escapeControl, truncate } from './display';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why a label key is invalid, or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const shown = `"${truncate(escapeControl(key), 80)}"`;
  if (key.indexOf('/') !== slash)
    return `label key ${shown} has more than one "/" (a key is an optional DNS prefix, "/", and a name)`;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0) return `label key ${shown} has an empty prefix before "/"`;
    if (prefix.length > 253)
      return `the prefix of label key ${shown} is longer than 253 characters (DNS-1123 subdomain)`;
    if (!prefix.split('.').every((l) => DNS1123_LABEL.test(l) && l.length <= 63))
      return `the prefix of label key ${shown} is not a DNS-1123 subdomain (lower-case [a-z0-9-] labels separated by dots, each starting and ending with [a-z0-9])`;
  }
  const name = key.slice(slash + 1);
  if (name.length === 0) return `label key ${shown} has an empty name`;
  if (name.length > 63) return `the name part of label key ${shown} is longer than 63 characters`;
  if (!NAME.test(name))
    return `the name part of label key ${shown} must match [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])? (alphanumeric at both ends; -, _ and . inside)`;
  return undefined;
}

/** Why a label value is invalid, or undefined when it is valid (the empty value is valid). */
export function labelValueProblem(key: string, value: unknown): string | undefined {
  const k = `"${truncate(escapeControl(key), 80)}"`;
  if (typeof value !== 'string') return `the value of label ${k} must be a string (quote numbers and booleans)`;
  if (value.length > 63) return `the value of label ${k} is longer than 63 characters`;
  if (value !== '' && !NAME.test(value))
    return `the value of label ${k} must be empty or match [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`;
  return undefined;
}

export function labelProblem(key: string, value: unknown): string | undefined {
  return labelKeyProblem(key) ?? labelValueProblem(key, value);
}

/** Selector `a` selects every pod that `b` selects (a ⊆ b): an empty selector selects everything. */
export function selects(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([k, v]) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === v);
}
