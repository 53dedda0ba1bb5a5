// Command-line arguments shared by every command, and turning them into a Containment.
// Uses node:util parseArgs: no dependency, nothing slow to load.
import { parseArgs } from 'node:util';
import { OptionError } from '../config/errors';
import { conventionalOverlay, displayName, readText } from '../config/files';
import { buildEnvironment } from '../config/env';
import { BACKENDS, buildContainment, type Backend, type Containment } from '../pipeline';
import { collectSecrets, type Secret } from '../config/secrets';
import { CHART_VERSIONS, type ChartVersion } from '../catalog/chart';
import {
  AVIATRIX_TARGETS,
  type AviatrixForm,
  type AviatrixTarget,
  type EnforcementMode,
  type LogProfile,
} from '../render/aviatrix';

export class UsageError extends Error {}

const SHARED_OPTIONS = {
  'env-file': { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  'process-env': { type: 'boolean' },
  accept: { type: 'string', multiple: true },
  namespace: { type: 'string' },
  release: { type: 'string' },
  label: { type: 'string', multiple: true },
  target: { type: 'string' },
  mode: { type: 'string' },
  'log-profile': { type: 'string' },
  form: { type: 'string' },
  decrypt: { type: 'boolean' },
  'librechat-schema': { type: 'boolean' },
  overlay: { type: 'string' },
  'chart-values': { type: 'string' },
  'chart-version': { type: 'string' },
  'workload-label': { type: 'string', multiple: true },
  cloud: { type: 'string' },
  region: { type: 'string' },
  'aviatrix-only': { type: 'boolean' },
  backend: { type: 'string' },
  'cilium-version': { type: 'string' },
  'image-pulls': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  against: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ParsedOptions = {
  'env-file'?: string[];
  env?: string[];
  'process-env'?: boolean;
  accept?: string[];
  namespace?: string;
  release?: string;
  label?: string[];
  target?: string;
  mode?: string;
  'log-profile'?: string;
  form?: string;
  decrypt?: boolean;
  'librechat-schema'?: boolean;
  overlay?: string;
  'chart-values'?: string;
  'chart-version'?: string;
  'workload-label'?: string[];
  cloud?: string;
  region?: string;
  'aviatrix-only'?: boolean;
  backend?: string;
  'cilium-version'?: string;
  'image-pulls'?: string;
  format?: string;
  out?: string;
  against?: string;
  help?: boolean;
};

export interface Parsed {
  positionals: string[];
  values: ParsedOptions;
}

export function parseCommandArgs(args: string[], allowed: readonly (keyof ParsedOptions)[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args, options: SHARED_OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, '.'));
  }
  const values = parsed.values as ParsedOptions;
  for (const key of Object.keys(values) as (keyof ParsedOptions)[]) {
    if (key !== 'help' && !allowed.includes(key)) throw new UsageError(`--${key} is not an option of this command`);
  }
  return { positionals: parsed.positionals, values };
}

function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got "${value}")`);
  return value as T;
}

/** Reads the config and env named on the command line and runs the pure pipeline. */
export function containmentFromArgs(
  configPath: string | undefined,
  values: ParsedOptions,
): Containment & { secrets: Secret[] } {
  if (!configPath) throw new UsageError('the path of librechat.yaml is the first argument');
  const labels = values.label?.length
    ? Object.fromEntries(
        values.label.map((l) => {
          const eq = l.indexOf('=');
          if (eq <= 0) throw new UsageError(`--label ${l}: expected key=value`);
          return [l.slice(0, eq), l.slice(eq + 1)];
        }),
      )
    : undefined;
  const env = buildEnvironment({
    envFiles: (values['env-file'] ?? []).map((file) => ({ file: displayName(file), text: readText(file, 'env file') })),
    pairs: values.env ?? [],
    processEnv: values['process-env'] ? process.env : undefined,
  });
  const workloadLabels: Record<string, Record<string, string>> = {};
  for (const spec of values['workload-label'] ?? []) {
    const m = /^([a-z0-9-]+):([^=]+)=(.*)$/.exec(spec);
    if (!m) throw new UsageError(`--workload-label ${spec}: expected WORKLOAD:key=value (e.g. mongodb:app=db)`);
    (workloadLabels[m[1]] ??= {})[m[2]] = m[3];
  }
  const overlayPath = values.overlay ?? conventionalOverlay(configPath);
  const target = oneOf<AviatrixTarget>('target', values.target, AVIATRIX_TARGETS);
  const mode = oneOf<EnforcementMode>('mode', values.mode, ['enforce', 'watch']);
  const configText = readText(configPath, 'LibreChat config');
  try {
    const c = buildContainment({
      configText,
      configFile: displayName(configPath),
      env,
      librechatSchema: values['librechat-schema'],
      networkPolicies: !values['aviatrix-only'],
      overlay: overlayPath ? { file: displayName(overlayPath), text: readText(overlayPath, 'MCP overlay') } : undefined,
      chartValues: values['chart-values']
        ? { file: displayName(values['chart-values']), text: readText(values['chart-values'], 'chart values') }
        : undefined,
      derive: {
        namespace: values.namespace,
        release: values.release,
        librechatLabels: labels,
        workloadLabels,
        accept: values.accept,
        decrypt: values.decrypt,
        chartVersion: oneOf<ChartVersion>('chart-version', values['chart-version'], CHART_VERSIONS),
        cloud: oneOf<'eks' | 'aks' | 'gke'>('cloud', values.cloud, ['eks', 'aks', 'gke']),
        region: values.region,
      },
      enforcement: {
        backend: oneOf<Backend>('backend', values.backend, BACKENDS),
        ciliumVersion: values['cilium-version'],
      },
      aviatrix: {
        target,
        mode,
        logProfile: oneOf<LogProfile>('log-profile', values['log-profile'], ['start', 'end', 'start/end']),
        form: oneOf<AviatrixForm>('form', values.form, ['firewall-policy', 'webgroup-policy']),
      },
    });
    return { ...c, secrets: collectSecrets(env, c.config) };
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}
