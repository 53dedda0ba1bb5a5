// Command-line arguments shared by every command, and turning them into a Containment.
// Uses node:util parseArgs: no dependency, nothing slow to load.
import { parseArgs } from 'node:util';
import { ArgumentError, InputError } from '../config/errors';
import { buildEnvironment } from '../config/env';
import { readPolicyOptions } from '../inputs/arguments';
import { loadInputs, type LoadedInputs } from '../inputs/load';
import { buildContainment, type Backend, type Containment } from '../pipeline';
import { CREDENTIAL_MODES } from '../policy/credentials';
import type { CredentialMode } from '../policy/model';
import { labelProblem } from '../config/labels';
import { shownValue } from '../config/display';
import { lazy } from '../config/lazy';

// Only --sync-wave needs the GitOps helpers.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gitops = lazy(() => require('../render/gitops') as typeof import('../render/gitops'));

export class UsageError extends Error {}

const SHARED_OPTIONS = {
  'env-from': { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  'process-env': { type: 'boolean' },
  accept: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'egress-proxy': { type: 'string' },
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
  credentials: { type: 'string', multiple: true },
  'node-local-dns': { type: 'string', multiple: true },
  'chart-manifests': { type: 'string' },
  'aviatrix-only': { type: 'boolean' },
  backend: { type: 'string' },
  'cilium-version': { type: 'string' },
  'sync-wave': { type: 'string' },
  'image-pulls': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  against: { type: 'string' },
  'sarif-file': { type: 'string' },
  'summary-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ParsedOptions = {
  'env-from'?: string[];
  env?: string[];
  'process-env'?: boolean;
  accept?: string[];
  'fail-on'?: string;
  'egress-proxy'?: string;
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
  credentials?: string[];
  'node-local-dns'?: string[];
  'chart-manifests'?: string;
  'aviatrix-only'?: boolean;
  backend?: string;
  'cilium-version'?: string;
  'sync-wave'?: string;
  'image-pulls'?: string;
  format?: string;
  out?: string;
  against?: string;
  'sarif-file'?: string;
  'summary-file'?: string;
  help?: boolean;
};

export interface Parsed {
  positionals: string[];
  values: ParsedOptions;
}

/**
 * The tool's env-file flag is `--env-from`, never `--env-file`: Node 20 reads `--env-file FILE`
 * from ANYWHERE on its command line (also after the script name, up to a `--`; nodejs/node#54232,
 * src/node_dotenv.cc Dotenv::GetPathFromArgs) and applies the NODE_OPTIONS line of that file
 * before any JavaScript runs, so a committed env file could run code in the CI job. Checked on
 * Node 20.20.2: `node dist/lib/cli/main.js render x.yaml --env-file evil.env`, and the bin through
 * its `#!/usr/bin/env node` line, both load `NODE_OPTIONS=--require=...` from evil.env. Nothing in
 * this process can undo that, so the old name is refused with the reason, and must not be used.
 */
export const NODE_ENV_FILE_FLAG = /^--env-file(-if-exists)?(=|$)/;

export function parseCommandArgs(args: string[], allowed: readonly (keyof ParsedOptions)[]): Parsed {
  const end = args.indexOf('--');
  const old = (end < 0 ? args : args.slice(0, end)).find((a) => NODE_ENV_FILE_FLAG.test(a));
  if (old)
    throw new UsageError(
      `--env-file is not an option of librechat-containment: use --env-from FILE. Node itself reads --env-file anywhere on its command line and applies NODE_OPTIONS from that file before this tool starts, so never pass --env-file to a Node program in CI`,
    );
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

function checkedLabel(flag: string, key: string, value: string): [string, string] {
  const problem = labelProblem(key, value);
  if (problem) throw new UsageError(`${flag} ${problem}`);
  return [key, value];
}

/** The CLI's name for an argument of the core (its path in the component's arguments). */
const FLAGS: Record<string, string> = {
  config: 'CONFIG',
  'config.path': 'CONFIG',
  'config.text': 'CONFIG',
  'config.envFile': '--env-from',
  'config.overlayPath': '--overlay',
  'config.chartValuesPath': '--chart-values',
  'config.chartManifestsPath': '--chart-manifests',
  namespace: '--namespace',
  release: '--release',
  chartVersion: '--chart-version',
  librechatLabels: '--label',
  workloadLabels: '--workload-label',
  cloud: '--cloud',
  region: '--region',
  'aviatrix.target': '--target',
  'aviatrix.mode': '--mode',
  'aviatrix.logProfile': '--log-profile',
  'aviatrix.form': '--form',
  'tls.decrypt': '--decrypt',
  failOn: '--fail-on',
  egressProxy: '--egress-proxy',
  credentials: '--credentials',
  nodeLocalDns: '--node-local-dns',
  'enforcement.backend': '--backend',
  'enforcement.ciliumVersion': '--cilium-version',
};

/** An ArgumentError of the core, worded with the CLI's flag: a file problem with its fix, else a usage error. */
function cliError(e: ArgumentError): Error {
  const [head, ...rest] = e.argument.split('.');
  const flag = FLAGS[e.argument] ?? (FLAGS[head] ? `${FLAGS[head]} ${rest.join('.')}` : e.argument);
  return e.fix ? new InputError(`${flag} ${e.problem}`, e.fix) : new UsageError(`${flag} ${e.problem}`);
}

/**
 * Reads the config and env named on the command line and runs the pure pipeline. `loaded`: the
 * input files already read by the caller (the KRM function reads them itself, only inside its
 * working directory), instead of the paths in `configPath` and `values`.
 */
export function containmentFromArgs(
  configPath: string | undefined,
  values: ParsedOptions,
  loaded?: LoadedInputs,
): Containment {
  if (!configPath && !loaded) throw new UsageError('the path of librechat.yaml is the first argument');
  const wave = values['sync-wave'] === undefined ? undefined : gitops().syncWaveValue(values['sync-wave']);
  if (values['sync-wave'] !== undefined && wave === undefined)
    throw new UsageError(`--sync-wave must be an integer (Argo CD's argocd.argoproj.io/sync-wave), e.g. -1`);
  const labels = values.label?.length
    ? Object.fromEntries(
        values.label.map((l, i) => {
          const eq = l.indexOf('=');
          if (eq <= 0) throw new UsageError(`--label number ${i + 1}: expected key=value`);
          return checkedLabel('--label', l.slice(0, eq), l.slice(eq + 1));
        }),
      )
    : undefined;
  const workloadLabels: Record<string, Record<string, string>> = {};
  for (const spec of values['workload-label'] ?? []) {
    const m = /^([a-z0-9-]+):([^=]+)=(.*)$/s.exec(spec);
    if (!m)
      throw new UsageError(
        `--workload-label ${shownValue(spec, 80)}: expected WORKLOAD:key=value (e.g. mongodb:app=db)`,
      );
    const [k, v] = checkedLabel(`--workload-label ${m[1]}:`, m[2], m[3]);
    (workloadLabels[m[1]] ??= {})[k] = v;
  }
  const credentials: Record<string, CredentialMode> = {};
  for (const spec of (values.credentials ?? []).flatMap((v) => v.split(','))) {
    const m = /^([a-z0-9-]+)=([a-z-]+)$/.exec(spec.trim());
    if (!m)
      throw new UsageError(
        `--credentials ${spec}: expected WORKLOAD=MODE[,WORKLOAD=MODE] (e.g. librechat=irsa,rag-api=gke-workload-identity)`,
      );
    const mode = m[2] as CredentialMode;
    if (!CREDENTIAL_MODES.includes(mode))
      throw new UsageError(`--credentials ${spec}: the mode must be one of ${CREDENTIAL_MODES.join(', ')}`);
    if (credentials[m[1]] && credentials[m[1]] !== mode)
      throw new UsageError(`--credentials names two modes for ${m[1]} (${credentials[m[1]]}, ${mode})`);
    credentials[m[1]] = mode;
  }
  try {
    const inputs =
      loaded ??
      loadInputs({
        config: { path: configPath },
        envFiles: values['env-from'],
        overlay: { path: values.overlay },
        chartValues: { path: values['chart-values'] },
        chartManifests: { path: values['chart-manifests'] },
      });
    const env = buildEnvironment({
      envFiles: inputs.envFiles,
      pairs: values.env ?? [],
      processEnv: values['process-env'] ? process.env : undefined,
    });
    const policy = readPolicyOptions({
      namespace: values.namespace,
      release: values.release,
      librechatLabels: labels,
      workloadLabels,
      accept: values.accept,
      decrypt: values.decrypt,
      chartVersion: values['chart-version'],
      cloud: values.cloud,
      region: values.region,
      failOn: values['fail-on'],
      egressProxy: values['egress-proxy'],
      aviatrix: { target: values.target, mode: values.mode, logProfile: values['log-profile'], form: values.form },
    });
    const c = buildContainment({
      ...inputs,
      env,
      librechatSchema: values['librechat-schema'],
      networkPolicies: !values['aviatrix-only'],
      failOn: policy.failOn,
      derive: { ...policy.derive, credentials, nodeLocalDns: values['node-local-dns'] },
      aviatrix: policy.aviatrix,
      // Checked by the core (pipeline.ts): an unknown backend or version is an ArgumentError.
      enforcement: { backend: values.backend as Backend | undefined, ciliumVersion: values['cilium-version'] },
    });
    // Metadata only, after validation: the wave changes when Argo CD applies an object, not what it allows.
    if (wave !== undefined) c.objects = gitops().withSyncWave(c.objects, wave);
    return c;
  } catch (e) {
    if (e instanceof ArgumentError) throw cliError(e);
    throw e;
  }
}
