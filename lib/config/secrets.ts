// Defence in depth (CLI and component): before anything is printed, written or exported, check that no secret from the env or
// the config is in it. The derivation never copies values other than hosts, ports and regions
// into output; this guard turns a bug in that promise into an error instead of a leak.
import type { Environment } from './env';
import { InputError } from './errors';

export interface Secret {
  /** Where it came from (a variable name or a config path): safe to print. */
  name: string;
  value: string;
}

const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|_PAT|AUTH|COOKIE|SIGNATURE)/i;
const NOT_SECRET = /^(user_provided|true|false|none|null|dummy|ollama|empty)$/i;
const URI_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:(.+)@[^@]*$/i;

export function collectSecrets(env: Environment, config: unknown): Secret[] {
  const out: Secret[] = [];
  const add = (name: string, value: string) => {
    const v = value.trim();
    if (v.length >= 6 && !NOT_SECRET.test(v) && !v.includes('${')) out.push({ name, value: v });
  };
  for (const [name, entry] of env.all()) {
    if (SECRET_NAME.test(name)) add(name, entry.value);
    const password = URI_PASSWORD.exec(entry.value.trim());
    if (password) add(`the password in ${name}`, password[1]);
  }
  walk(config, [], (path, value) => {
    const key = String(path[path.length - 1] ?? '');
    if (/(apikey|api_key|token|secret|password|authorization|credential)/i.test(key))
      add(`config ${path.join('.')}`, value.replace(/^Bearer\s+/i, ''));
  });
  return out;
}

function walk(
  value: unknown,
  path: (string | number)[],
  visit: (path: (string | number)[], value: string) => void,
): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k], visit);
}

/** Throws (exit 2) when the text holds a secret; says which, never what. */
export function assertNoSecrets(text: string, secrets: readonly Secret[]): void {
  const leak = secrets.find((s) => text.includes(s.value));
  if (leak) {
    throw new InputError(
      `refusing to print or write the output: it would contain the value of ${leak.name}`,
      'This is a bug in librechat-containment (or a secret that equals a host name); please report it without the value.',
    );
  }
}
