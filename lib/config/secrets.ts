// Defence in depth (CLI and component): before anything is printed, written or exported, check that no secret from the env or
// the config is in it. The derivation never copies values other than hosts, ports and regions
// into output; this guard turns a bug in that promise into an error instead of a leak.
//
// Secrets come from every input: `--env` / `--env-from`, the chart values' `librechat.configEnv`
// (and any secret-named key in the values), the overlay, the config, and the userinfo of any URL
// in any of them. Each is matched in the forms the tool's own transformations could give it:
// upper/lower case, URL-encoded and URL-decoded, punycode (domainToASCII), JSON-escaped. All forms
// of all secrets are found in ONE pass over the text (Aho-Corasick over case-folded text), so the
// guard stays linear in the output size whatever the number of secrets.
import { domainToASCII } from 'node:url';
import type { Environment } from './env';
import { InputError } from './errors';

export interface Secret {
  /** Where it came from (a variable name or a config path): safe to print. */
  name: string;
  value: string;
}

const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|_PAT|AUTH|COOKIE|SIGNATURE|SALT|_IV$)/i;
const SECRET_KEY = /(apikey|api_key|token|secret|password|passwd|authorization|credential|private|cookie|signature)/i;
const NOT_SECRET = /^(user_provided|true|false|none|null|dummy|ollama|empty|changeme)$/i;
/** scheme://userinfo@ anywhere in a value (userinfo = user[:password]). */
const URI_USERINFO = /[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]+)@/gi;
const MIN_LENGTH = 6;

export interface SecretSources {
  env: Environment;
  /** The parsed librechat.yaml. */
  config?: unknown;
  /** The parsed overlay document. */
  overlay?: unknown;
  /** The parsed chart values. */
  chartValues?: unknown;
}

export function collectSecrets(env: Environment, config: unknown, more: Omit<SecretSources, 'env'> = {}): Secret[] {
  const out: Secret[] = [];
  const seen = new Set<string>();
  const add = (name: string, value: string) => {
    const v = value.trim();
    if (v.length >= MIN_LENGTH && !NOT_SECRET.test(v) && !v.includes('${') && !seen.has(v)) {
      seen.add(v);
      out.push({ name, value: v });
    }
  };
  const userinfo = (name: string, value: string) => {
    for (const m of value.matchAll(URI_USERINFO)) {
      const info = m[1];
      const colon = info.indexOf(':');
      if (colon >= 0) {
        add(`the password in ${name}`, info.slice(colon + 1));
        add(`the userinfo in ${name}`, info);
      } else if (info.length >= 16) {
        // A token given as the user name (https://TOKEN@host); short names are user names.
        add(`the userinfo in ${name}`, info);
      }
    }
  };
  for (const [name, entry] of env.all()) {
    if (SECRET_NAME.test(name)) add(name, entry.value);
    userinfo(name, entry.value);
  }
  const fromDocument = (label: string, data: unknown) =>
    walk(data, [], (path, value) => {
      const key = String(path[path.length - 1] ?? '');
      // The name is built only for a value that is kept (most values are not secrets).
      const where = () => `${label} ${path.join('.')}`;
      if (SECRET_KEY.test(key) || (path.includes('configEnv') && SECRET_NAME.test(key)))
        add(where(), value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
      // A header map (`headers: { X-Api-Key: ... }`) or an env map (`env: { GITHUB_PAT: ... }`).
      else if (SECRET_NAME.test(key) && /^(headers|env|configEnv|secrets?)$/i.test(String(path[path.length - 2] ?? '')))
        add(where(), value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
      // Userinfo needs an `@`.
      if (value.includes('@')) userinfo(where(), value);
    });
  fromDocument('config', config);
  if (more.overlay !== undefined) fromDocument('overlay', more.overlay);
  if (more.chartValues !== undefined) fromDocument('chart values', more.chartValues);
  return out;
}

function walk(
  value: unknown,
  path: (string | number)[],
  visit: (path: (string | number)[], value: string) => void,
  depth = 0,
): void {
  if (depth > 100) return;
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walkInto(v, path, i, visit, depth + 1));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) walkInto(v, path, k, visit, depth + 1);
}

/** One path array for the whole walk (a copy per value was most of its cost); visit must not keep it. */
function walkInto(
  value: unknown,
  path: (string | number)[],
  segment: string | number,
  visit: (path: (string | number)[], value: string) => void,
  depth: number,
): void {
  path.push(segment);
  walk(value, path, visit, depth);
  path.pop();
}

/** The forms of a value that output could hold after the tool's own transformations. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const tryAdd = (f: () => string) => {
    try {
      const v = f();
      if (v && v.length >= MIN_LENGTH) forms.add(v);
    } catch {
      /* not applicable to this value */
    }
  };
  tryAdd(() => encodeURIComponent(value));
  tryAdd(() => encodeURI(value));
  tryAdd(() => decodeURIComponent(value));
  tryAdd(() => decodeURIComponent(value.replace(/\+/g, ' ')));
  tryAdd(() => domainToASCII(value));
  tryAdd(() => domainToASCII(value.toLowerCase()));
  tryAdd(() => JSON.stringify(value).slice(1, -1));
  tryAdd(() => value.normalize('NFKC'));
  return [...forms];
}

/** Aho-Corasick automaton over case-folded patterns: `find` is one pass over the text. */
class Matcher {
  private readonly next: Map<string, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[] = [-1];

  constructor(patterns: readonly { text: string; id: number }[]) {
    for (const { text, id } of patterns) {
      let state = 0;
      for (const ch of text) {
        let to = this.next[state].get(ch);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push(-1);
          this.next[state].set(ch, to);
        }
        state = to;
      }
      if (this.out[state] < 0) this.out[state] = id;
    }
    const queue: number[] = [];
    for (const to of this.next[0].values()) queue.push(to);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [ch, to] of this.next[state]) {
        let f = this.fail[state];
        while (f > 0 && !this.next[f].has(ch)) f = this.fail[f];
        const candidate = this.next[f].get(ch);
        this.fail[to] = candidate !== undefined && candidate !== to ? candidate : 0;
        if (this.out[to] < 0) this.out[to] = this.out[this.fail[to]];
        queue.push(to);
      }
    }
  }

  /** The id of a pattern found in the text, or -1. */
  find(text: string): number {
    let state = 0;
    for (const ch of text) {
      while (state > 0 && !this.next[state].has(ch)) state = this.fail[state];
      state = this.next[state].get(ch) ?? 0;
      if (this.out[state] >= 0) return this.out[state];
    }
    return -1;
  }
}

const fold = (text: string) => text.toLowerCase();
const matchers = new WeakMap<readonly Secret[], Matcher>();

function matcherFor(secrets: readonly Secret[]): Matcher {
  let m = matchers.get(secrets);
  if (!m) {
    const patterns = secrets.flatMap((s, id) =>
      [...new Set(secretForms(s.value).map(fold))].filter((t) => t.length >= MIN_LENGTH).map((text) => ({ text, id })),
    );
    m = new Matcher(patterns);
    matchers.set(secrets, m);
  }
  return m;
}

/** The first secret (in any of its forms, in any case) that the text holds. */
export function findSecret(text: string, secrets: readonly Secret[]): Secret | undefined {
  if (secrets.length === 0) return undefined;
  const id = matcherFor(secrets).find(fold(text));
  return id >= 0 ? secrets[id] : undefined;
}

/** Throws (exit 2) when the text holds a secret; says which, never what. */
export function assertNoSecrets(text: string, secrets: readonly Secret[]): void {
  const leak = findSecret(text, secrets);
  if (leak) {
    throw new InputError(
      `refusing to print or write the output: it would contain the value of ${leak.name}`,
      'This is a bug in librechat-containment (or a secret that equals a host name); please report it without the value.',
    );
  }
}
