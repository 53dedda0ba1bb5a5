// The environment LibreChat would run with, and `${VAR}` resolution exactly as LibreChat does it
// (librechat-data-provider `extractEnvVariable`): a whole-value `${X}` becomes the value of X or
// stays as written; embedded `${X}` are substituted where set and left literally where not; the
// sensitive variables are never substituted; `{{...}}` are per-user placeholders filled at run time.
import type { SourceRef } from './source';
import { InputError } from './errors';

export interface EnvEntry {
  value: string;
  source: SourceRef;
}

/** LibreChat's `isSensitiveEnvVar`: these are never substituted into the config. */
export const SENSITIVE_VARIABLES: ReadonlySet<string> = new Set([
  'JWT_SECRET',
  'JWT_REFRESH_SECRET',
  'CREDS_KEY',
  'CREDS_IV',
  'MEILI_MASTER_KEY',
  'MONGO_URI',
  'REDIS_URI',
  'REDIS_PASSWORD',
]);

export class Environment {
  private readonly entries: Map<string, EnvEntry>;

  constructor(entries: Iterable<[string, EnvEntry]> = []) {
    this.entries = new Map(entries);
  }

  get(name: string): EnvEntry | undefined {
    return this.entries.get(name);
  }

  /** The raw value, or undefined. */
  value(name: string): string | undefined {
    return this.entries.get(name)?.value;
  }

  /** Set to something real: not empty and not an `.env.example` placeholder such as `your_key`. */
  isSet(name: string): boolean {
    const v = this.entries.get(name)?.value?.trim();
    return !!v && !/^(your_|YOUR_|<)/.test(v);
  }

  isTrue(name: string): boolean {
    return /^(true|1|yes)$/i.test(this.entries.get(name)?.value?.trim() ?? '');
  }

  /** Every entry, so that output can be scanned for secret values before it is printed. */
  all(): [string, EnvEntry][] {
    return [...this.entries];
  }

  /** A new environment where these entries apply unless this one already sets the name. */
  withDefaults(defaults: Iterable<[string, EnvEntry]>): Environment {
    return new Environment([...defaults, ...this.entries]);
  }
}

/** Parses a `.env` file the way dotenv does (KEY=VALUE, `export`, quotes, comments). */
export function parseDotEnv(text: string, file: string): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const start = i;
    // dotenv allows a quoted value to span lines (PEM certificates, JSON).
    const open = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(["'`])/.exec(line);
    const opening = open?.[1];
    if (opening && line.indexOf(opening, open[0].length) < 0) {
      while (i + 1 < lines.length) {
        line += `\n${lines[++i]}`;
        if (lines[i].includes(opening)) break;
      }
    }
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*([\s\S]*)$/.exec(line);
    if (!m) {
      if (line.trim() && !line.trim().startsWith('#')) {
        throw new InputError(
          `${file}:${i + 1}:1: not a KEY=VALUE line`,
          'Write each variable as NAME=value; start comments with #.',
        );
      }
      continue;
    }
    let value = m[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out.set(m[1], { value, source: { file, path: m[1], line: start + 1, column: 1 } });
  }
  return out;
}

/** `KEY=VALUE` pairs from the command line or an API call. */
export function parseEnvPairs(pairs: readonly string[], origin = '--env'): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  pairs.forEach((pair, i) => {
    const eq = pair.indexOf('=');
    // Never echo the text: a value passed without its name is probably a secret.
    if (eq <= 0)
      throw new InputError(
        `${origin} number ${i + 1}: expected KEY=VALUE (the text is not shown)`,
        `Pass it as ${origin} NAME=value.`,
      );
    const name = pair.slice(0, eq);
    out.set(name, { value: pair.slice(eq + 1), source: { file: origin, path: name, line: i + 1, column: 1 } });
  });
  return out;
}

export interface EnvSources {
  /** `.env` files, in order; later ones win. */
  envFiles?: { text: string; file: string }[];
  /** Explicit values (win over files). */
  pairs?: readonly string[] | Record<string, string>;
  /** The deployer's process environment: only when asked for, never by default. */
  processEnv?: Record<string, string | undefined>;
}

export function buildEnvironment(sources: EnvSources): Environment {
  const merged = new Map<string, EnvEntry>();
  if (sources.processEnv) {
    for (const [name, value] of Object.entries(sources.processEnv)) {
      if (value !== undefined)
        merged.set(name, { value, source: { file: '(process environment)', path: name, line: 0, column: 0 } });
    }
  }
  for (const f of sources.envFiles ?? []) for (const [k, v] of parseDotEnv(f.text, f.file)) merged.set(k, v);
  const pairs = sources.pairs
    ? Array.isArray(sources.pairs)
      ? (sources.pairs as string[])
      : Object.entries(sources.pairs).map(([k, v]) => `${k}=${v}`)
    : [];
  for (const [k, v] of parseEnvPairs(pairs)) merged.set(k, v);
  return new Environment(merged);
}

export interface Resolution {
  value: string;
  /** Variables still written as `${NAME}` in the value. */
  unresolved: string[];
  /** Variables that LibreChat never substitutes and that appear in the value. */
  sensitive: string[];
  /** Per-user runtime placeholders (`{{LIBRECHAT_USER_ID}}`, custom user vars). */
  placeholders: string[];
  /** Where the substituted variables were defined. */
  via?: SourceRef;
  /** The literal `user_provided`: every user types their own value. */
  userProvided: boolean;
}

// LibreChat's envVarRegex: the whole (trimmed) value is one reference. It is greedy, so
// "${A}${B}" is taken as one unknown name, "A}${B", and stays as written, as in LibreChat.
const WHOLE = /^\$\{(.+)\}$/;
const EMBEDDED = /\$\{([^}]+)\}/g;
const PLACEHOLDER = /\{\{([^}]+)\}\}/g;

/**
 * Resolves `${VAR}` references as LibreChat's extractEnvVariable does: on the trimmed value; an
 * empty variable counts as unset (`process.env[x] || literal`); sensitive variables are never
 * substituted. `fixed` gives values that are placeholders rather than env variables (Azure's
 * `${INSTANCE_NAME}` / `${DEPLOYMENT_NAME}` in a group's baseURL).
 */
export function resolve(raw: string, env: Environment, fixed: Record<string, string> = {}): Resolution {
  const unresolved: string[] = [];
  const sensitive: string[] = [];
  let via: SourceRef | undefined;
  const lookup = (name: string): string | undefined => {
    if (name in fixed) return fixed[name] || undefined;
    if (SENSITIVE_VARIABLES.has(name)) {
      sensitive.push(name);
      unresolved.push(name);
      return undefined;
    }
    const entry = env.get(name);
    if (!entry || entry.value === '') {
      unresolved.push(name);
      return undefined;
    }
    via ??= entry.source;
    return entry.value;
  };
  const trimmed = raw.trim();
  const whole = WHOLE.exec(trimmed);
  const value = whole
    ? (lookup(whole[1]) ?? trimmed)
    : trimmed.replace(EMBEDDED, (literal, name: string) => lookup(name) ?? literal);
  const placeholders = [...value.matchAll(PLACEHOLDER)].map((m) => m[1].trim());
  return {
    value,
    unresolved: [...new Set(unresolved)],
    sensitive,
    placeholders,
    via,
    userProvided: value === 'user_provided',
  };
}
