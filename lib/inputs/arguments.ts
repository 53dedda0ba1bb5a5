// Reading and checking arguments, without Pulumi: the options the CLI and the component share
// (names, labels, chart version, Aviatrix options, accepted findings) and the rest of the
// component's arguments (the cloud and its cluster, TLS, RBAC, the config and its environment).
// Every problem is an ArgumentError naming the argument's path, raised before anything is created.
// What the core checks itself (namespace and release names, the chart 8.2 limits) is left to it.
import { ArgumentError, InputError } from '../config/errors';
import type { ChartVersion } from '../catalog/chart';
import type { OnboardingMode } from '../cloud/kubeconfig';
import { lazy } from '../config/lazy';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE, type DeriveOptions } from '../policy/derive';
import type { FailOn } from '../policy/findings';
import type { EnforcementOptions } from '../pipeline';
import type { AviatrixOptions } from '../render/aviatrix';
import { CONTROLLER_SA_NAMESPACE, type ExistingObjectChoice } from '../render/cluster';
import { DECRYPT_NEEDS_10_1 } from '../render/aviatrix';
import {
  decryptingWorkloads,
  validateCaPem,
  validatePublicRoots,
  type CaInfo,
  type PublicRootSource,
  type TrustOptions,
} from '../render/trust';
import { CHOICES, CLOUDS, type ChoiceName, type Cloud, type NodeCloud } from './choices';
import type { InputSources } from './load';

// The cloud wiring (kubeconfigs, preflight) matters to the component's arguments only: the CLI's
// path through this module does not load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloudWiring = lazy(() => require('../cloud/kubeconfig') as typeof import('../cloud/kubeconfig'));

/** Whether a value is only known later (a Pulumi Output or a Promise): the component says. */
export type IsDeferred = (value: unknown) => boolean;

const WORKLOAD_ID = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Typed reads of raw argument values, each naming the argument when it is wrong. */
export class ArgumentReader {
  constructor(private readonly deferred: IsDeferred = () => false) {}

  isDeferred(value: unknown): boolean {
    return this.deferred(value);
  }

  /** A value that decides which resources exist: it must be known now. */
  plain<T>(value: unknown, arg: string): T | undefined {
    if (this.deferred(value))
      throw new ArgumentError(
        arg,
        'must be a plain value known when the program starts (it decides which resources exist), not an Output or a Promise',
      );
    return value as T | undefined;
  }

  string(value: unknown, arg: string): string | undefined {
    const v = this.plain(value, arg);
    if (v !== undefined && typeof v !== 'string') throw new ArgumentError(arg, `must be a string (got ${typeof v})`);
    return v as string | undefined;
  }

  boolean(value: unknown, arg: string, dflt: boolean): boolean {
    const v = this.plain(value, arg);
    if (v !== undefined && typeof v !== 'boolean')
      throw new ArgumentError(arg, `must be true or false (got ${JSON.stringify(v)})`);
    return (v as boolean | undefined) ?? dflt;
  }

  /** One of the option's listed values (lib/inputs/choices.ts). */
  oneOf<T extends string>(value: unknown, arg: string, choice: ChoiceName): T | undefined {
    const v = this.string(value, arg);
    const { values } = CHOICES[choice] as { values: readonly string[] };
    if (v !== undefined && !values.includes(v))
      throw new ArgumentError(arg, `must be one of ${values.join(', ')} (got "${v}")`);
    return v as T | undefined;
  }

  /** NAME → string value. */
  strings(value: unknown, arg: string): Record<string, string> | undefined {
    const v = this.plain<Record<string, unknown>>(value, arg);
    if (v === undefined) return undefined;
    return Object.fromEntries(Object.entries(v).map(([k, s]) => [k, this.string(s, `${arg}.${k}`)!]));
  }
}

/** The options that shape the policy, as the CLI and the component both take them. */
export interface PolicyOptionValues {
  namespace?: unknown;
  release?: unknown;
  librechatLabels?: unknown;
  workloadLabels?: unknown;
  chartVersion?: unknown;
  aviatrix?: { target?: unknown; mode?: unknown; logProfile?: unknown; form?: unknown };
  decrypt?: boolean;
  /** The nodes' cloud (image pulls) and region. */
  cloud?: unknown;
  region?: unknown;
  /** Finding ids accepted in the config (not the cluster preflight's). */
  accept?: readonly string[];
  /** Which unaccepted findings block: error (default) or warning. */
  failOn?: unknown;
  /** The deployment's declared egress proxy (`http://host:port`). */
  egressProxy?: unknown;
  /** Keyless cloud credential mode per workload (`{ librechat: 'irsa' }`). */
  credentials?: unknown;
  /** Node-local DNS cache addresses the pods use. */
  nodeLocalDns?: unknown;
  /** The enforcement backend (`aviatrix`, `cilium`, `gke-fqdn`, `eks-anp`) and its version. */
  enforcement?: { backend?: unknown; ciliumVersion?: unknown };
}

export interface PolicyOptions {
  derive: DeriveOptions;
  aviatrix: AviatrixOptions;
  failOn?: FailOn;
  enforcement?: EnforcementOptions;
}

export function readPolicyOptions(values: PolicyOptionValues, read = new ArgumentReader()): PolicyOptions {
  const workloadLabels = Object.fromEntries(
    Object.entries(read.plain<Record<string, unknown>>(values.workloadLabels, 'workloadLabels') ?? {}).map(
      ([w, labels]) => {
        if (!WORKLOAD_ID.test(w))
          throw new ArgumentError(
            `workloadLabels.${w}`,
            'is not a workload id (rag-api, mongodb, meilisearch, postgresql, redis, mcp-...)',
          );
        return [w, read.strings(labels, `workloadLabels.${w}`) ?? {}];
      },
    ),
  );
  const av = values.aviatrix ?? {};
  return {
    failOn: read.oneOf<FailOn>(values.failOn, 'failOn', 'failOn'),
    derive: {
      namespace: read.string(values.namespace, 'namespace'),
      release: read.string(values.release, 'release'),
      librechatLabels: read.strings(values.librechatLabels, 'librechatLabels'),
      workloadLabels,
      accept: values.accept,
      decrypt: values.decrypt,
      chartVersion: read.oneOf<ChartVersion>(values.chartVersion, 'chartVersion', 'chartVersion'),
      cloud: read.oneOf<NodeCloud>(values.cloud, 'cloud', 'nodeCloud'),
      region: read.string(values.region, 'region'),
      egressProxy: read.string(values.egressProxy, 'egressProxy'),
      ...(values.credentials !== undefined
        ? { credentials: read.strings(values.credentials, 'credentials') as DeriveOptions['credentials'] }
        : {}),
      ...(values.nodeLocalDns !== undefined
        ? { nodeLocalDns: readList(values.nodeLocalDns, 'nodeLocalDns', read) }
        : {}),
    },
    ...(values.enforcement !== undefined
      ? {
          enforcement: {
            backend: read.string(values.enforcement.backend, 'enforcement.backend') as EnforcementOptions['backend'],
            ciliumVersion: read.string(values.enforcement.ciliumVersion, 'enforcement.ciliumVersion'),
          },
        }
      : {}),
    aviatrix: {
      target: read.oneOf(av.target, 'aviatrix.target', 'aviatrix.target'),
      mode: read.oneOf(av.mode, 'aviatrix.mode', 'aviatrix.mode'),
      logProfile: read.oneOf(av.logProfile, 'aviatrix.logProfile', 'aviatrix.logProfile'),
      form: read.oneOf(av.form, 'aviatrix.form', 'aviatrix.form'),
    },
  };
}

/**
 * installCrds/installRbac and what to do when the objects already exist (existingCrds/existingRbac):
 * `skip` is installX false; `adopt` with installX false is a contradiction.
 */
function checkInstall(
  args: Record<string, unknown>,
  what: 'Crds' | 'Rbac',
  read: ArgumentReader,
): { install: boolean; existing: 'fail' | 'adopt' } {
  const install = read.boolean(args[`install${what}`], `install${what}`, true);
  const existing = read.oneOf<ExistingObjectChoice>(args[`existing${what}`], `existing${what}`, `existing${what}`);
  if (!install && existing === 'adopt')
    throw new ArgumentError(
      `existing${what}`,
      `adopt needs install${what} true (install${what} false leaves them to their owner)`,
      `remove install${what}: false, or use existing${what}: 'skip'`,
    );
  return { install: install && existing !== 'skip', existing: existing === 'adopt' ? 'adopt' : 'fail' };
}

/** The component's arguments, checked: plain where they decide what exists, `D` where deferred. */
export interface ComponentSettings<D = unknown> {
  cloud: Cloud;
  policy: PolicyOptions;
  networkPolicies: boolean;
  librechatSchema: boolean;
  /** Accepted finding ids: the config's go to the core, the cluster preflight's to the gate. */
  accept: { config: string[]; cluster: string[] };
  installCrds: boolean;
  installRbac: boolean;
  /** With installCrds/installRbac: create them (`fail` when one already exists) or `adopt` existing ones. */
  existingCrds: 'fail' | 'adopt';
  existingRbac: 'fail' | 'adopt';
  rbac: { aiVisibility: boolean; manageNetworkPolicies: boolean };
  /** How the controller reaches the API server; with a token, the ServiceAccount's namespace. */
  onboarding: { mode: OnboardingMode; namespace: string };
  tls?: {
    trust: TrustOptions;
    /** The CA as given: deferred ones are checked at deployment (checkCaPem). */
    caPem: string | D;
    /** A plain CA, checked now. */
    ca?: CaInfo;
    patchLibreChat: boolean;
    patchRagApi: boolean;
    /** Where the bundle's public roots come from, and those roots (canonical PEM; none with ca-only). */
    publicRoots: PublicRootSource;
    roots: string[];
  };
  sources: InputSources;
  /** Env values known now, and the deferred (secret) ones resolved at deployment. */
  env: { known: Record<string, string>; pending: Record<string, D> };
}

/** Fields each cloud's sub-object must have. */
const REQUIRED: Record<Cloud, string[]> = {
  eks: ['clusterName', 'region'],
  aks: ['resourceGroupName', 'clusterName'],
  gke: ['project', 'location', 'clusterName'],
  kubeconfig: ['kubeconfig', 'clusterId'],
};

/** Shapes of the controller's identities, checked when plain (the cloud checks deferred ones). */
const IDENTITIES: { cloud: Cloud; field: string; shape: RegExp; what: string }[] = [
  {
    cloud: 'eks',
    field: 'controllerRoleArn',
    shape: /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
    what: 'an IAM role ARN (arn:aws:iam::<account>:role/aviatrix-role-app)',
  },
  {
    cloud: 'aks',
    field: 'controllerPrincipalId',
    shape: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    what: 'an Entra object id (a GUID)',
  },
  {
    cloud: 'gke',
    field: 'controllerServiceAccount',
    shape: /^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/,
    what: 'a service account e-mail (<name>@<project>.iam.gserviceaccount.com)',
  },
];

function checkCluster(args: Record<string, unknown>, read: ArgumentReader): Cloud {
  const cloud = read.oneOf<Cloud>(args.cloud, 'cloud', 'cloud');
  if (cloud === undefined) throw new ArgumentError('cloud', `is required (${CLOUDS.join(', ')})`);
  for (const other of CLOUDS) {
    if (other !== cloud && args[other] !== undefined)
      throw new ArgumentError(other, `is set but cloud is "${cloud}": remove it or set cloud to "${other}"`);
  }
  const sub = args[cloud] as Record<string, unknown> | undefined;
  if (sub === undefined) throw new ArgumentError(cloud, `is required when cloud is "${cloud}"`);
  for (const f of REQUIRED[cloud])
    if (sub[f] === undefined || sub[f] === '') throw new ArgumentError(`${cloud}.${f}`, 'is required');
  for (const { field, shape, what } of IDENTITIES.filter((i) => i.cloud === cloud)) {
    const value = sub[field];
    if (value !== undefined && !read.isDeferred(value) && !shape.test(String(value)))
      throw new ArgumentError(`${cloud}.${field}`, `"${value}" is not ${what}`);
  }
  if (cloud === 'aks' && !read.isDeferred(sub.loginMode)) read.oneOf(sub.loginMode, 'aks.loginMode', 'aks.loginMode');
  if (cloud === 'gke' && sub.controllerRole !== undefined && !read.isDeferred(sub.controllerRole)) {
    try {
      cloudWiring().checkControllerRole(String(sub.controllerRole));
    } catch (e) {
      throw new ArgumentError('gke.controllerRole', (e as Error).message.replace(/^gke\.controllerRole /, ''));
    }
  }
  return cloud;
}

/** The inspection CA, as the component takes it: a CA certificate (or a chain of them), not expired. */
export function checkCaPem(pem: string): CaInfo {
  try {
    return validateCaPem(pem);
  } catch (e) {
    if (e instanceof InputError)
      throw new ArgumentError('tls.caPem', `${e.message.replace(/^tls\.caPem /, '')}. ${e.fix}`);
    throw e;
  }
}

function checkTls<D>(
  tls: Record<string, unknown> | undefined,
  names: { namespace: string; release: string; target?: string },
  read: ArgumentReader,
): { settings: ComponentSettings<D>['tls']; decrypt: boolean; decryptWorkloads?: string[] } {
  if (tls === undefined) return { settings: undefined, decrypt: false };
  if (tls.caPem === undefined) throw new ArgumentError('tls.caPem', 'is required when tls is set');
  const decrypt = read.boolean(tls.decrypt, 'tls.decrypt', false);
  if (decrypt && names.target === 'chart-8.2')
    throw new ArgumentError(
      'tls.decrypt',
      `${DECRYPT_NEEDS_10_1}; set tls.decrypt false to only mount the CA (aviatrix.target chart-10.1 decrypts)`,
    );
  const trust: TrustOptions = {
    namespace: names.namespace,
    release: names.release,
    configMapName: read.string(tls.configMapName, 'tls.configMapName'),
    deployment: read.string(tls.deployment, 'tls.deployment'),
    container: read.string(tls.container, 'tls.container'),
    ragDeployment: read.string(tls.ragDeployment, 'tls.ragDeployment'),
    ragContainer: read.string(tls.ragContainer, 'tls.ragContainer'),
    mountPath: read.string(tls.mountPath, 'tls.mountPath'),
  };
  if (trust.mountPath !== undefined && !trust.mountPath.startsWith('/'))
    throw new ArgumentError('tls.mountPath', 'must be an absolute path');
  const patchLibreChat = read.boolean(tls.patchLibreChat, 'tls.patchLibreChat', true);
  const patchRagApi = read.boolean(tls.patchRagApi, 'tls.patchRagApi', false);
  const { publicRoots, roots } = checkPublicRoots(tls, { decrypt, patchRagApi }, read);
  // Decryption only where the pods trust the CA: the Deployments this component patches.
  const decryptWorkloads = decryptingWorkloads({ patchLibreChat, patchRagApi });
  if (decrypt && decryptWorkloads.length === 0)
    throw new ArgumentError(
      'tls.decrypt',
      'would decrypt for pods that do not trust the CA: tls.patchLibreChat and tls.patchRagApi are both false, so no Deployment gets the CA',
      'set tls.patchLibreChat (or tls.patchRagApi) true, or tls.decrypt false',
    );
  const settings = {
    trust,
    patchLibreChat,
    patchRagApi,
    publicRoots,
    roots,
    caPem: tls.caPem as string | D,
    // A plain PEM is checked now; one from an Output (e.g. fetched from the controller) at deployment.
    ca: read.isDeferred(tls.caPem) ? undefined : checkCaPem(tls.caPem as string),
  };
  return { settings, decrypt, ...(decrypt ? { decryptWorkloads } : {}) };
}

/**
 * `tls.publicRoots` and `tls.publicRootsPem`: the public roots of the Python bundle, pinned by the
 * user. With `tls.patchRagApi` the choice is required (the RAG API's clients replace their whole
 * store with the bundle); `ca-only` there needs decryption (otherwise every TLS connection of the
 * RAG API fails). Without it the default is `ca-only`, or `pem` when a bundle is given.
 */
function checkPublicRoots(
  tls: Record<string, unknown>,
  t: { decrypt: boolean; patchRagApi: boolean },
  read: ArgumentReader,
): { publicRoots: PublicRootSource; roots: string[] } {
  const chosen = read.oneOf<PublicRootSource>(tls.publicRoots, 'tls.publicRoots', 'tls.publicRoots');
  const pem = read.string(tls.publicRootsPem, 'tls.publicRootsPem');
  const publicRoots: PublicRootSource | undefined =
    chosen ?? (pem !== undefined ? 'pem' : t.patchRagApi ? undefined : 'ca-only');
  if (publicRoots === undefined)
    throw new ArgumentError(
      'tls.publicRoots',
      'is required with tls.patchRagApi: the RAG API trusts only the bundle it is given, so it needs the CA plus a public root set you pin',
      "set tls.publicRoots 'pem' with tls.publicRootsPem (e.g. the cacert.pem of the certifi release your RAG API image pins, checked into your repository), or 'ca-only' when every RAG API connection is decrypted",
    );
  if (publicRoots === 'pem' && pem === undefined)
    throw new ArgumentError(
      'tls.publicRootsPem',
      "is required with tls.publicRoots 'pem' (the pinned root bundle's PEM text)",
    );
  if (publicRoots === 'ca-only' && pem !== undefined)
    throw new ArgumentError('tls.publicRootsPem', "is set but tls.publicRoots is 'ca-only': drop one of them");
  if (publicRoots === 'ca-only' && t.patchRagApi && !t.decrypt)
    throw new ArgumentError(
      'tls.publicRoots',
      "'ca-only' with tls.patchRagApi and without tls.decrypt leaves the RAG API trusting only the inspection CA, which signs nothing it reaches",
      "set tls.publicRoots 'pem' with a pinned tls.publicRootsPem, or turn tls.decrypt on",
    );
  if (publicRoots === 'ca-only') return { publicRoots, roots: [] };
  try {
    return { publicRoots, roots: validatePublicRoots(pem!) };
  } catch (e) {
    if (e instanceof InputError)
      throw new ArgumentError('tls.publicRootsPem', `${e.message.replace(/^tls\.publicRootsPem:? /, '')}. ${e.fix}`);
    throw e;
  }
}

function checkConfig<D>(
  config: Record<string, unknown> | undefined,
  read: ArgumentReader,
): Pick<ComponentSettings<D>, 'sources' | 'env'> {
  if (!config || typeof config !== 'object') throw new ArgumentError('config', 'is required ({ path } or { text })');
  const file = (name: 'overlay' | 'chartValues' | 'chartManifests') => ({
    path: read.string(config[`${name}Path`], `config.${name}Path`),
    text: read.string(config[`${name}Text`], `config.${name}Text`),
  });
  const envFile = read.string(config.envFile, 'config.envFile');
  const sources: InputSources = {
    config: {
      path: read.string(config.path, 'config.path'),
      text: read.string(config.text, 'config.text'),
      name: read.string(config.name, 'config.name'),
    },
    overlay: file('overlay'),
    chartValues: file('chartValues'),
    chartManifests: file('chartManifests'),
    envFiles: envFile ? [envFile] : [],
  };
  const known: Record<string, string> = {};
  const pending: Record<string, D> = {};
  for (const [k, v] of Object.entries(read.plain<Record<string, unknown>>(config.env, 'config.env') ?? {})) {
    if (!ENV_NAME.test(k)) throw new ArgumentError(`config.env.${k}`, 'is not an environment variable name');
    if (read.isDeferred(v)) pending[k] = v as D;
    else if (typeof v === 'string') known[k] = v;
    else throw new ArgumentError(`config.env.${k}`, `must be a string (got ${typeof v})`);
  }
  return { sources, env: { known, pending } };
}

function readList(value: unknown, arg: string, read: ArgumentReader): string[] {
  const list = read.plain<unknown[]>(value, arg);
  if (!Array.isArray(list)) throw new ArgumentError(arg, 'must be a list of strings');
  return list.map((v, i) => read.string(v, `${arg}[${i}]`)!);
}

/** `onboarding`: plain, since it decides which objects exist (the ServiceAccount and its token Secret). */
function checkOnboarding(o: Record<string, unknown>, read: ArgumentReader): ComponentSettings['onboarding'] {
  const mode = (read.plain<string>(o.mode, 'onboarding.mode') ?? 'cloud-credentials') as OnboardingMode;
  const { ONBOARDING_MODES } = cloudWiring();
  if (!ONBOARDING_MODES.includes(mode))
    throw new ArgumentError('onboarding.mode', `must be one of ${ONBOARDING_MODES.join(', ')} (got "${String(mode)}")`);
  const namespace = read.plain<string>(o.namespace, 'onboarding.namespace') ?? CONTROLLER_SA_NAMESPACE;
  if (typeof namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || namespace.length > 63)
    throw new ArgumentError('onboarding.namespace', `"${String(namespace)}" is not a namespace name`);
  return { mode, namespace };
}

/** Checks the component's arguments (LibreChatContainmentArgs) before anything is created. */
export function checkComponentArgs<D = unknown>(raw: unknown, deferred: IsDeferred): ComponentSettings<D> {
  const read = new ArgumentReader(deferred);
  if (!raw || typeof raw !== 'object') throw new ArgumentError('args', 'are required');
  const args = raw as Record<string, unknown>;
  const cloud = checkCluster(args, read);
  const sub = args[cloud] as Record<string, unknown>;
  const accepted = read.plain<unknown[]>(args.acceptFindings, 'acceptFindings') ?? [];
  if (!Array.isArray(accepted)) throw new ArgumentError('acceptFindings', 'must be a list of finding ids');
  const accept = accepted.map((id, i) => read.string(id, `acceptFindings[${i}]`)!);
  const av = read.plain<Record<string, unknown>>(args.aviatrix, 'aviatrix') ?? {};
  const tlsArgs = read.plain<Record<string, unknown>>(args.tls, 'tls');
  const policyValues: PolicyOptionValues = {
    namespace: args.namespace,
    release: args.release,
    librechatLabels: args.librechatLabels,
    workloadLabels: args.workloadLabels,
    chartVersion: args.chartVersion,
    aviatrix: av,
    cloud: cloud === 'kubeconfig' ? undefined : cloud,
    region: cloud === 'eks' ? read.string(sub.region, 'eks.region') : undefined,
    accept: accept.filter((id) => !cloudWiring().isPreflightId(id)),
    failOn: args.failOn,
    egressProxy: args.egressProxy,
    credentials: args.credentials,
    nodeLocalDns: args.nodeLocalDns,
    enforcement: read.plain<PolicyOptionValues['enforcement']>(args.enforcement, 'enforcement'),
  };
  const derived = readPolicyOptions(policyValues, read);
  const namespace = derived.derive.namespace ?? DEFAULT_NAMESPACE;
  const release = derived.derive.release ?? DEFAULT_RELEASE;
  const tls = checkTls<D>(tlsArgs, { namespace, release, target: derived.aviatrix.target }, read);
  const policy = {
    ...derived,
    derive: {
      ...derived.derive,
      namespace,
      release,
      decrypt: tls.decrypt,
      ...(tls.decryptWorkloads ? { decryptWorkloads: tls.decryptWorkloads } : {}),
    },
  };
  const rbac = read.plain<Record<string, unknown>>(args.rbac, 'rbac') ?? {};
  const crds = checkInstall(args, 'Crds', read);
  const rbacInstall = checkInstall(args, 'Rbac', read);
  const settings: ComponentSettings<D> = {
    cloud,
    policy,
    networkPolicies: read.boolean(args.networkPolicies, 'networkPolicies', true),
    installCrds: crds.install,
    installRbac: rbacInstall.install,
    existingCrds: crds.existing,
    existingRbac: rbacInstall.existing,
    rbac: {
      aiVisibility: read.boolean(rbac.aiVisibility, 'rbac.aiVisibility', false),
      manageNetworkPolicies: read.boolean(rbac.manageNetworkPolicies, 'rbac.manageNetworkPolicies', false),
    },
    onboarding: checkOnboarding(read.plain<Record<string, unknown>>(args.onboarding, 'onboarding') ?? {}, read),
    librechatSchema: read.boolean(args.librechatSchema, 'librechatSchema', false),
    accept: { config: policyValues.accept as string[], cluster: accept.filter(cloudWiring().isPreflightId) },
    tls: tls.settings,
    ...checkConfig<D>(read.plain(args.config, 'config'), read),
  };
  const backend = settings.policy.enforcement?.backend ?? 'aviatrix';
  if (backend !== 'aviatrix') {
    // Nothing Aviatrix-specific for another backend: no CRDs, controller RBAC, grants or onboarding.
    const controller = { eks: 'controllerRoleArn', aks: 'controllerPrincipalId', gke: 'controllerServiceAccount' }[
      cloud as 'eks' | 'aks' | 'gke'
    ];
    if (controller && sub?.[controller] !== undefined)
      throw new ArgumentError(
        `${cloud}.${controller}`,
        `grants the Aviatrix controller, which the ${backend} backend does not use`,
      );
    if (settings.onboarding.mode !== 'cloud-credentials')
      throw new ArgumentError(
        'onboarding.mode',
        `onboards the Aviatrix controller, which the ${backend} backend does not use`,
      );
    settings.installCrds = false;
    settings.installRbac = false;
  }
  if (
    cloud === 'gke' &&
    sub.controllerServiceAccount !== undefined &&
    sub.controllerRole === undefined &&
    !settings.installRbac
  )
    // The default custom role grants only get/getCredentials: inside the cluster the controller is
    // authorized by the avx-controller-gcp-sa binding, which installRbac creates.
    throw new ArgumentError(
      'installRbac',
      'is false, so the avx-controller-gcp-sa binding that authorizes gke.controllerServiceAccount inside the cluster is not created, and the default custom role (container.clusters.get and getCredentials) alone cannot reconcile',
      `set installRbac true, or gke.controllerRole ${cloudWiring().GKE_CONTROLLER_ROLE} (IAM then authorizes the API access itself)`,
    );
  if (settings.onboarding.mode === 'service-account-token' && !settings.installRbac)
    throw new ArgumentError(
      'onboarding.mode',
      'service-account-token needs installRbac true (the avx-controller binding names the ServiceAccount)',
      'set installRbac: true, or install chart k8s-firewall with serviceAccount.create=true and register its avx-controller-token yourself',
    );
  return settings;
}
