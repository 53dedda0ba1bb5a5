// LibreChatContainment: a thin Pulumi shell over the pure core. It derives the same objects the
// CLI renders (buildContainment), connects to the cluster through the cloud's own provider, and
// applies, on an explicit Kubernetes provider: the Aviatrix CRDs and avx-controller RBAC, the
// controller's cloud grants, the CA ConfigMap and Deployment patches, then one CustomResource per
// rendered object, each depending on the CRDs, the RBAC and the grants (aviatrix.md §7).
import { readFileSync } from 'node:fs';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { connectAks } from '../cloud/aks';
import { connectEks } from '../cloud/eks';
import { checkControllerRole, connectGke } from '../cloud/gke';
import { acceptFindings as acceptPreflight, isPreflightId, KUBELOGIN_MODES } from '../cloud/kubeconfig';
import type { ClusterConnection } from '../cloud/types';
import { assertNoSecrets, collectSecrets, type Secret } from '../config/secrets';
import { buildEnvironment } from '../config/env';
import { conventionalOverlay, displayName } from '../config/files';
import { InputError, OptionError } from '../config/errors';
import { buildContainment, type Containment } from '../pipeline';
import { CHART_VERSIONS, type ChartVersion } from '../catalog/chart';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE, type DeriveOptions } from '../policy/derive';
import type { Finding } from '../policy/model';
import { AVIATRIX_TARGETS, type AviatrixOptions, type AviatrixTarget } from '../render/aviatrix';
import { renderAviatrixCrds, renderControllerRbac, renderGcpServiceAccountBinding } from '../render/cluster';
import type { KubeObject } from '../render/objects';
import {
  helmValuesFragment,
  renderCaConfigMap,
  renderDeploymentPatch,
  stdioCaEnvFixes,
  validateCaPem,
  type CaInfo,
  type StdioCaFix,
  type TrustOptions,
} from '../render/trust';
import { CLOUDS, type LibreChatContainmentArgs } from './args';

export const TYPE_TOKEN = 'librechat-containment:index:LibreChatContainment';

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MODES = ['enforce', 'watch'];
const LOG_PROFILES = ['start', 'end', 'start/end'];
const FORMS = ['firewall-policy', 'webgroup-policy'];

function isPending(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function')
  );
}

/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
export function objectId(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return [o.kind, o.metadata.namespace, o.metadata.name].filter(Boolean).join('/');
}

/** Allowed domains (and addresses) per workload id, from the policy. */
export function allowedDomainsByWorkload(c: Containment): Record<string, string[]> {
  const groups = new Map(c.policy.groups.map((g) => [g.name, g]));
  const out: Record<string, string[]> = {};
  for (const w of c.policy.workloads) {
    const hosts = c.policy.rules
      .filter((r) => r.workload === w.id)
      .flatMap((r) => groups.get(r.group)?.destinations.map((d) => d.host) ?? []);
    out[w.id] = [...new Set(hosts)].sort();
  }
  return out;
}

export class LibreChatContainment extends pulumi.ComponentResource {
  /** Allowed domains per workload (`librechat` → [...]). */
  declare readonly allowedDomains: pulumi.Output<Record<string, string[]>>;
  /** `Kind/namespace/name` of every Kubernetes object this component applies. */
  declare readonly objectNames: pulumi.Output<string[]>;
  /** The cluster id in the form the Aviatrix controller expects (EKS ARN, lower-cased AKS id, GKE self link). */
  declare readonly clusterId: pulumi.Output<string>;
  /** The kubeconfig of the Kubernetes provider (secret). */
  declare readonly kubeconfig: pulumi.Output<string>;
  /** Config findings and cluster preflight findings, accepted ones marked. */
  declare readonly findings: pulumi.Output<Finding[]>;
  /** The Aviatrix custom resources as applied (the same objects `librechat-containment render` writes). */
  declare readonly objects: pulumi.Output<KubeObject[]>;
  /** Node image pulls as Aviatrix controller objects in Terraform JSON (apply them with the Aviatrix provider). */
  declare readonly imagePulls: pulumi.Output<Record<string, unknown>>;
  /** With `tls`: the equivalent values for LibreChat's Helm chart. */
  declare readonly helmValues: pulumi.Output<Record<string, unknown> | undefined>;
  /** With `tls`: the `env:` lines that give each stdio MCP server the CA. */
  declare readonly stdioCaEnvFixes: pulumi.Output<StdioCaFix[]>;
  /** The explicit Kubernetes provider every Kubernetes child uses. */
  declare readonly provider: k8s.Provider;

  constructor(name: string, args: LibreChatContainmentArgs, opts?: pulumi.ComponentResourceOptions) {
    // Empty inputs, as awsx does: the arguments (config text, CA, secrets) are not copied into the component's state.
    super(TYPE_TOKEN, name, {}, opts);
    const fail = (arg: string, message: string): never => {
      throw new pulumi.ResourceError(`LibreChatContainment ${name}: ${arg}: ${message}`, this);
    };
    const plain = <T>(value: pulumi.Input<T> | undefined, arg: string): T | undefined => {
      if (isPending(value))
        fail(
          arg,
          'must be a plain value known when the program starts (it decides which resources exist), not an Output or a Promise',
        );
      return value as T | undefined;
    };
    const str = (value: pulumi.Input<string> | undefined, arg: string): string | undefined => {
      const v = plain(value, arg);
      if (v !== undefined && typeof v !== 'string') fail(arg, `must be a string (got ${typeof v})`);
      return v;
    };
    const bool = (value: pulumi.Input<boolean> | undefined, arg: string, dflt: boolean): boolean => {
      const v = plain(value, arg);
      if (v !== undefined && typeof v !== 'boolean') fail(arg, `must be true or false (got ${JSON.stringify(v)})`);
      return v ?? dflt;
    };
    const oneOf = (
      value: pulumi.Input<string> | undefined,
      arg: string,
      choices: readonly string[],
    ): string | undefined => {
      const v = str(value, arg);
      if (v !== undefined && !choices.includes(v)) fail(arg, `must be one of ${choices.join(', ')} (got "${v}")`);
      return v;
    };
    if (!args || typeof args !== 'object') fail('args', 'are required');

    // ---- plain, structural arguments --------------------------------------------------------
    const cloud = oneOf(args.cloud, 'cloud', CLOUDS);
    if (cloud === undefined) fail('cloud', `is required (${CLOUDS.join(', ')})`);
    for (const other of CLOUDS) {
      if (other !== cloud && args[other] !== undefined)
        fail(other, `is set but cloud is "${cloud}": remove it or set cloud to "${other}"`);
    }
    if (args[cloud as (typeof CLOUDS)[number]] === undefined) fail(cloud!, `is required when cloud is "${cloud}"`);
    const required = (obj: Record<string, unknown>, prefix: string, fields: string[]): void => {
      for (const f of fields) if (obj[f] === undefined || obj[f] === '') fail(`${prefix}.${f}`, 'is required');
    };
    if (cloud === 'eks') required(args.eks as unknown as Record<string, unknown>, 'eks', ['clusterName', 'region']);
    if (cloud === 'aks')
      required(args.aks as unknown as Record<string, unknown>, 'aks', ['resourceGroupName', 'clusterName']);
    if (cloud === 'gke')
      required(args.gke as unknown as Record<string, unknown>, 'gke', ['project', 'location', 'clusterName']);
    if (cloud === 'kubeconfig')
      required(args.kubeconfig as unknown as Record<string, unknown>, 'kubeconfig', ['kubeconfig', 'clusterId']);

    // Identities of the controller, checked now when they are plain (Outputs are checked by the cloud).
    const shape = (value: pulumi.Input<string> | undefined, arg: string, re: RegExp, what: string): void => {
      if (value !== undefined && !isPending(value) && !re.test(String(value))) fail(arg, `"${value}" is not ${what}`);
    };
    if (cloud === 'eks')
      shape(
        args.eks!.controllerRoleArn,
        'eks.controllerRoleArn',
        /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
        'an IAM role ARN (arn:aws:iam::<account>:role/aviatrix-role-app)',
      );
    if (cloud === 'aks') {
      shape(
        args.aks!.controllerPrincipalId,
        'aks.controllerPrincipalId',
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        'an Entra object id (a GUID)',
      );
      if (!isPending(args.aks!.loginMode)) oneOf(args.aks!.loginMode, 'aks.loginMode', KUBELOGIN_MODES);
    }
    if (cloud === 'gke' && args.gke!.controllerRole !== undefined && !isPending(args.gke!.controllerRole)) {
      try {
        checkControllerRole(String(args.gke!.controllerRole));
      } catch (e) {
        fail('gke.controllerRole', (e as Error).message.replace(/^gke\.controllerRole /, ''));
      }
    }
    if (cloud === 'gke')
      shape(
        args.gke!.controllerServiceAccount,
        'gke.controllerServiceAccount',
        /^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/,
        'a service account e-mail (<name>@<project>.iam.gserviceaccount.com)',
      );

    const namespace = str(args.namespace, 'namespace') ?? DEFAULT_NAMESPACE;
    if (!K8S_NAME.test(namespace) || namespace.length > 63)
      fail('namespace', `"${namespace}" is not a valid Kubernetes name ([a-z0-9-], at most 63 characters)`);
    const release = str(args.release, 'release') ?? DEFAULT_RELEASE;
    if (!K8S_NAME.test(release) || release.length > 53)
      fail('release', `"${release}" is not a valid Helm release name ([a-z0-9-], at most 53 characters)`);
    const labels =
      args.librechatLabels === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(plain(args.librechatLabels, 'librechatLabels') ?? {}).map(([k, v]) => [
              k,
              str(v, `librechatLabels.${k}`)!,
            ]),
          );
    const workloadLabels = Object.fromEntries(
      Object.entries(plain(args.workloadLabels, 'workloadLabels') ?? {}).map(([w, ls]) => {
        if (!K8S_NAME.test(w))
          fail(
            `workloadLabels.${w}`,
            'is not a workload id (rag-api, mongodb, meilisearch, postgresql, redis, mcp-...)',
          );
        return [
          w,
          Object.fromEntries(
            Object.entries(plain(ls, `workloadLabels.${w}`) ?? {}).map(([k, v]) => [
              k,
              str(v, `workloadLabels.${w}.${k}`)!,
            ]),
          ),
        ];
      }),
    );
    const chartVersion = oneOf(args.chartVersion, 'chartVersion', CHART_VERSIONS) as ChartVersion | undefined;
    const networkPolicies = bool(args.networkPolicies, 'networkPolicies', true);
    const installCrds = bool(args.installCrds, 'installCrds', true);
    const installRbac = bool(args.installRbac, 'installRbac', true);
    const rbacArgs = plain(args.rbac, 'rbac') ?? {};
    const rbac = {
      aiVisibility: bool(rbacArgs.aiVisibility, 'rbac.aiVisibility', false),
      manageNetworkPolicies: bool(rbacArgs.manageNetworkPolicies, 'rbac.manageNetworkPolicies', false),
    };
    const librechatSchema = bool(args.librechatSchema, 'librechatSchema', false);
    // The cloud whose nodes pull the images, and the EKS region (regional ECR hosts).
    const nodeCloud = cloud === 'kubeconfig' ? undefined : (cloud as 'eks' | 'aks' | 'gke');
    const region = cloud === 'eks' ? str(args.eks!.region, 'eks.region') : undefined;

    const av = plain(args.aviatrix, 'aviatrix') ?? {};
    const aviatrix: AviatrixOptions = {
      target: oneOf(av.target, 'aviatrix.target', AVIATRIX_TARGETS) as AviatrixTarget | undefined,
      mode: oneOf(av.mode, 'aviatrix.mode', MODES) as AviatrixOptions['mode'],
      logProfile: oneOf(av.logProfile, 'aviatrix.logProfile', LOG_PROFILES) as AviatrixOptions['logProfile'],
      form: oneOf(av.form, 'aviatrix.form', FORMS) as AviatrixOptions['form'],
    };
    if (aviatrix.target === 'chart-8.2' && aviatrix.mode === 'watch')
      fail('aviatrix.mode', 'watch needs aviatrix.target chart-10.1 (chart 8.2 has no watch field)');

    const acceptRaw = plain(args.acceptFindings, 'acceptFindings') ?? [];
    if (!Array.isArray(acceptRaw)) fail('acceptFindings', 'must be a list of finding ids');
    const accept = acceptRaw.map((id, i) => str(id, `acceptFindings[${i}]`)!);
    const acceptConfig = accept.filter((id) => !isPreflightId(id));
    const acceptCluster = accept.filter(isPreflightId);

    const tls = plain(args.tls, 'tls');
    if (tls !== undefined && tls.caPem === undefined) fail('tls.caPem', 'is required when tls is set');
    const decrypt = tls !== undefined && bool(tls.decrypt, 'tls.decrypt', false);
    if (decrypt && aviatrix.target === 'chart-8.2')
      fail(
        'tls.decrypt',
        'decryption per rule needs aviatrix.target chart-10.1 (chart 8.2 has no decryptPolicy field); set tls.decrypt false to only mount the CA',
      );
    const trust: TrustOptions | undefined = tls && {
      namespace,
      release,
      configMapName: str(tls.configMapName, 'tls.configMapName'),
      deployment: str(tls.deployment, 'tls.deployment'),
      container: str(tls.container, 'tls.container'),
      ragDeployment: str(tls.ragDeployment, 'tls.ragDeployment'),
      ragContainer: str(tls.ragContainer, 'tls.ragContainer'),
      mountPath: str(tls.mountPath, 'tls.mountPath'),
    };
    if (trust?.mountPath !== undefined && !trust.mountPath.startsWith('/'))
      fail('tls.mountPath', 'must be an absolute path');
    const patches: [boolean, 'node' | 'python', string][] = tls
      ? [
          [bool(tls.patchLibreChat, 'tls.patchLibreChat', true), 'node', 'librechat-ca-patch'],
          [bool(tls.patchRagApi, 'tls.patchRagApi', false), 'python', 'rag-api-ca-patch'],
        ]
      : [];
    let caInfo: pulumi.Output<CaInfo> | undefined;
    if (tls) {
      const check = (pem: string): CaInfo => {
        try {
          return validateCaPem(pem);
        } catch (e) {
          if (e instanceof InputError) fail('tls.caPem', `${e.message.replace(/^tls\.caPem /, '')}. ${e.fix}`);
          throw e;
        }
      };
      // A plain PEM is checked now; one from an Output (e.g. fetched from the controller) at deployment.
      caInfo = isPending(tls.caPem) ? pulumi.output(tls.caPem).apply(check) : pulumi.output(check(tls.caPem as string));
    }

    // ---- the config and its environment -------------------------------------------------------
    const config = plain(args.config, 'config');
    if (!config || typeof config !== 'object') fail('config', 'is required ({ path } or { text })');
    const path = str(config!.path, 'config.path');
    const text = str(config!.text, 'config.text');
    if ((path === undefined) === (text === undefined)) fail('config', 'set exactly one of config.path and config.text');
    const readArg = (file: string, arg: string): string => {
      try {
        return readFileSync(file, 'utf8');
      } catch (e) {
        return fail(arg, `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    };
    const configText = text ?? readArg(path!, 'config.path');
    // As the CLI: a file is named in findings as given, relative to the working directory (the
    // Pulumi project) when absolute, never as a machine path in state.
    const display = (file: string): string => displayName(file);
    const configFile = str(config!.name, 'config.name') ?? (path ? display(path) : 'librechat.yaml');
    const textFile = (
      pathArg: 'overlayPath' | 'chartValuesPath',
      textArg: 'overlayText' | 'chartValuesText',
      dflt?: string,
    ): { file: string; text: string } | undefined => {
      const p = str(config![pathArg], `config.${pathArg}`) ?? (config![textArg] === undefined ? dflt : undefined);
      const t = str(config![textArg], `config.${textArg}`);
      if (p !== undefined && t !== undefined)
        fail(`config.${pathArg}`, `set config.${pathArg} or config.${textArg}, not both`);
      if (t !== undefined)
        return { file: textArg === 'overlayText' ? 'librechat.overlay.yaml' : 'values.yaml', text: t };
      return p === undefined ? undefined : { file: display(p), text: readArg(p, `config.${pathArg}`) };
    };
    // As the CLI: `<dir>/librechat.overlay.yaml` beside `<dir>/librechat.yaml`, when it exists.
    const overlay = textFile('overlayPath', 'overlayText', path === undefined ? undefined : conventionalOverlay(path));
    const chartValues = textFile('chartValuesPath', 'chartValuesText');
    const envFilePath = str(config!.envFile, 'config.envFile');
    const envFiles = envFilePath ? [{ file: display(envFilePath), text: readArg(envFilePath, 'config.envFile') }] : [];
    const envKnown: Record<string, string> = {};
    const envPending: Record<string, pulumi.Input<string>> = {};
    for (const [k, v] of Object.entries(plain(config!.env, 'config.env') ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k)) fail(`config.env.${k}`, 'is not an environment variable name');
      if (isPending(v)) envPending[k] = v;
      else if (typeof v === 'string') envKnown[k] = v;
      else fail(`config.env.${k}`, `must be a string (got ${typeof v})`);
    }
    const derive: DeriveOptions = {
      namespace,
      release,
      librechatLabels: labels,
      workloadLabels,
      accept: acceptConfig,
      decrypt,
      chartVersion,
      cloud: nodeCloud,
      region,
      ...(args.egressProxy !== undefined ? { egressProxy: str(args.egressProxy, 'egressProxy') } : {}),
    };
    const contain = (env: Record<string, string>): { c: Containment; secrets: Secret[] } => {
      try {
        const environment = buildEnvironment({ envFiles, pairs: env });
        const c = buildContainment({
          configText,
          configFile,
          env: environment,
          overlay,
          chartValues,
          derive,
          aviatrix,
          networkPolicies,
          librechatSchema,
        });
        return { c, secrets: collectSecrets(environment, c.config) };
      } catch (e) {
        if (e instanceof InputError) return fail(path ? 'config.path' : 'config.text', `${e.message}. ${e.fix}`);
        if (e instanceof OptionError && /^egressProxy/.test(e.message)) return fail('egressProxy', e.message);
        if (e instanceof RangeError) return fail('aviatrix', e.message);
        throw e;
      }
    };
    const blockingError = (blocking: Finding[], what: string, hidden = 0): string =>
      `${blocking.length + hidden} error finding(s) ${what} are not accepted, so nothing is applied:\n${blocking.map((f) => `  ${f.id}: ${f.message}`).join('\n')}${hidden > 0 ? `\n  (${hidden} more that depend on the secret env value(s) of ${pendingNames.join(', ')}: not shown, they may quote them)` : ''}\nFix them, or accept each by id in acceptFindings: ${JSON.stringify(blocking.map((f) => f.id))}`;
    // The CLI's secret guard over what goes to plain state: a secret from the env file, plain env
    // pairs or the config itself (an API key, a password) must never reach a plain output.
    const guard = (c: Containment, secrets: Secret[]): void => {
      try {
        assertNoSecrets(
          JSON.stringify([c.objects, c.policy.findings, allowedDomainsByWorkload(c), c.imagePulls]),
          secrets,
        );
      } catch (e) {
        if (e instanceof InputError)
          fail(
            'config',
            `${e.message.replace(/^refusing to print or write the output: it/, 'the plain outputs (objects, findings, allowedDomains)')}. Pass that variable as a secret (pulumi.secret) or check that it is not used as a host`,
          );
        throw e;
      }
    };
    /** What a secret env value may influence: compared between the stand-in and the real build. */
    const influenced = (a: Containment, b: Containment): boolean =>
      JSON.stringify([a.objects, a.policy.findings, allowedDomainsByWorkload(a), a.imagePulls]) !==
      JSON.stringify([b.objects, b.policy.findings, allowedDomainsByWorkload(b), b.imagePulls]);

    // With every env value known, the whole derivation happens now and findings fail construction.
    // Secret (Output) env values are resolved at deployment: the plan (which objects exist) is made
    // with a stand-in for them, the specs come from the real values and must name the same objects.
    // Whether a secret reaches the outputs is decided by influence, not by searching its text (it
    // may arrive lower-cased, or as the host of a URL): when the real values change anything the
    // stand-ins did not, every output derived from the config stays secret.
    const pendingNames = Object.keys(envPending).sort();
    const { c: planned, secrets: plannedSecrets } = contain({
      ...envKnown,
      ...Object.fromEntries(pendingNames.map((k) => [k, PENDING_SECRET])),
    });
    if (pendingNames.length === 0 && planned.blocking.length > 0)
      fail('config', blockingError(planned.blocking, 'in the LibreChat config'));
    if (pendingNames.length === 0) guard(planned, plannedSecrets);
    let secretOutputs: pulumi.Output<boolean> = pulumi.output(false);
    const containment: pulumi.Output<Containment> =
      pendingNames.length === 0
        ? (pulumi.output(planned) as unknown as pulumi.Output<Containment>)
        : (() => {
            const resolved = pulumi.all(envPending).apply((values) => {
              const { c: real, secrets } = contain({ ...envKnown, ...values });
              const leaks = influenced(planned, real);
              if (real.blocking.length > 0) {
                // A finding that differs from the stand-in build's may quote a secret: shown whole only
                // when identical, by id alone when the stand-in build has the same id, else counted.
                const same = new Set(planned.policy.findings.map((f) => JSON.stringify(f)));
                const ids = new Set(planned.policy.findings.map((f) => f.id));
                const shown = !leaks
                  ? real.blocking
                  : real.blocking.flatMap((f) =>
                      same.has(JSON.stringify(f))
                        ? [f]
                        : ids.has(f.id)
                          ? [
                              {
                                ...f,
                                message: `(not shown: it depends on the secret value of ${pendingNames.join(', ')})`,
                              },
                            ]
                          : [],
                    );
                fail('config', blockingError(shown, 'in the LibreChat config', real.blocking.length - shown.length));
              }
              if (real.objects.map(objectId).join('\n') !== planned.objects.map(objectId).join('\n')) {
                fail(
                  'config.env',
                  `the secret value(s) of ${pendingNames.join(', ')} change which objects are rendered; pass them as plain values`,
                );
              }
              if (!leaks)
                guard(
                  real,
                  secrets.filter(
                    (s) =>
                      !pendingNames.includes(s.name) && !pendingNames.some((n) => s.name === `the password in ${n}`),
                  ),
                );
              return { real, leaks };
            });
            const plainResolved = pulumi.unsecret(resolved);
            secretOutputs = plainResolved.apply((r) => r.leaks);
            return plainResolved.apply(({ real, leaks }) =>
              leaks ? pulumi.secret(real) : real,
            ) as unknown as pulumi.Output<Containment>;
          })();
    /** An output derived from the config: secret when a secret env value influences it. */
    const derived = <T>(value: pulumi.Input<T>): pulumi.Output<T> =>
      pulumi.all([secretOutputs, value]).apply(([s, v]) => (s ? pulumi.secret(v) : v)) as pulumi.Output<T>;

    // ---- the cluster ----------------------------------------------------------------------------
    // The gate: true once the config (with the real env values) and the cluster preflight have no
    // unaccepted error finding; it fails otherwise. The provider's kubeconfig and the inputs of
    // every cloud grant wait for it, so a blocking finding known only at deployment (a secret env
    // value, the looked-up cluster) stops everything before it reaches the cloud or the cluster.
    let ready: pulumi.Output<boolean> | undefined;
    const gate = (raw: pulumi.Output<Finding[]>): pulumi.Output<boolean> => {
      ready ??= pulumi.unsecret(
        pulumi.all([raw, containment]).apply(([findings]) => {
          const blocking = acceptPreflight(findings, acceptCluster).filter(
            (f) => f.severity === 'error' && !f.accepted,
          );
          if (blocking.length > 0) fail(cloud!, blockingError(blocking, 'from the cluster preflight'));
          return true;
        }),
      );
      return ready;
    };
    const ctx = { name, parent: this, gate };
    let connection: ClusterConnection;
    try {
      if (cloud === 'eks') connection = connectEks(ctx, args.eks!);
      else if (cloud === 'aks') connection = connectAks(ctx, args.aks!);
      else if (cloud === 'gke') connection = connectGke(ctx, args.gke!);
      else {
        const kc = args.kubeconfig!;
        connection = {
          kubeconfig: pulumi.secret(kc.kubeconfig),
          clusterId: pulumi.output(kc.clusterId),
          preflight: pulumi.output([]),
          grants: [],
          kubeObjects: [],
        };
      }
    } catch (e) {
      if (e instanceof pulumi.ResourceError) throw e;
      return fail(cloud!, (e as Error).message);
    }
    const preflight = connection.preflight.apply((f) => acceptPreflight(f, acceptCluster));
    // The provider's kubeconfig waits for the gate: a blocking config or cluster finding stops every
    // Kubernetes child (CRDs, RBAC, the CA ConfigMap and patches, the policies) before anything
    // reaches the cluster.
    const gatedKubeconfig = pulumi.all([connection.kubeconfig, gate(connection.preflight)]).apply(([kc]) => kc);
    const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: pulumi.secret(gatedKubeconfig) }, { parent: this });
    const k8sOpts = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
      parent: this,
      provider,
      dependsOn,
    });

    const applied: KubeObject[] = [];
    const foundation: pulumi.Resource[] = [...connection.grants];
    const apply = (
      o: KubeObject,
      suffix: string,
      dependsOn: pulumi.Resource[] = [],
      extra: pulumi.CustomResourceOptions = {},
    ): pulumi.CustomResource => {
      applied.push(o);
      return createObject(`${name}-${suffix}`, o, { ...k8sOpts(dependsOn), ...extra });
    };

    // Every argument is checked above: from here on, resources are created.
    // Cluster-scoped objects (CRDs, the controller's ClusterRoles and bindings) are shared by every
    // instance on the cluster: one instance owns them (installCrds/installRbac true), the others
    // set both false. The CRDs are retained on delete: deleting a CRD deletes every FirewallPolicy
    // and WebgroupPolicy in the cluster, including other instances' and other teams'.
    if (installCrds) {
      for (const crd of renderAviatrixCrds(aviatrix.target ?? 'chart-10.1'))
        foundation.push(apply(crd, `crd-${crd.metadata.name.split('.')[0]}`, [], { retainOnDelete: true }));
    }
    if (installRbac) {
      for (const o of renderControllerRbac(rbac)) {
        foundation.push(apply(o, o.kind === 'ClusterRole' ? 'avx-controller-role' : 'avx-controller-binding'));
      }
    }
    if (installRbac) {
      for (const o of connection.kubeObjects)
        foundation.push(apply(o, `${o.metadata.name}-${o.kind === 'ClusterRole' ? 'role' : 'binding'}`));
    }
    if (installRbac && cloud === 'gke' && args.gke!.controllerServiceAccount !== undefined) {
      const binding = renderGcpServiceAccountBinding('(service account)');
      applied.push(binding);
      foundation.push(
        new k8s.rbac.v1.ClusterRoleBinding(
          `${name}-avx-controller-gcp-sa-binding`,
          {
            metadata: binding.metadata,
            roleRef: binding.roleRef as k8s.types.input.rbac.v1.RoleRef,
            subjects: [
              { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: args.gke!.controllerServiceAccount },
            ],
          },
          k8sOpts(),
        ),
      );
    }

    // ---- the CA ---------------------------------------------------------------------------------
    let helmValues: pulumi.Output<Record<string, unknown> | undefined> = pulumi.output(undefined);
    if (tls && trust && caInfo) {
      const cm = caInfo.apply((ca) => renderCaConfigMap(trust, ca));
      const planCm = renderCaConfigMap(trust, PLACEHOLDER_CA, []);
      applied.push(planCm);
      // Names, namespaces and labels are known now (a preview shows them even when the CA is an
      // Output); only the CA's fingerprint annotation and the data wait for it.
      const configMap = new k8s.core.v1.ConfigMap(
        `${name}-ca`,
        {
          metadata: { ...planCm.metadata, annotations: cm.apply((o) => o.metadata.annotations!) },
          data: cm.apply((o) => o.data as Record<string, string>),
        },
        k8sOpts(),
      );
      for (const [enabled, flavour, suffix] of patches) {
        if (!enabled) continue;
        const patch = caInfo.apply((ca) => renderDeploymentPatch(trust, ca, flavour));
        const planPatch = renderDeploymentPatch(trust, PLACEHOLDER_CA, flavour);
        applied.push(planPatch);
        new k8s.apps.v1.DeploymentPatch(
          `${name}-${suffix}`,
          {
            metadata: planPatch.metadata,
            spec: patch.apply((o) => o.spec as k8s.types.input.apps.v1.DeploymentSpecPatch),
          },
          k8sOpts([configMap]),
        );
      }
      helmValues = caInfo.apply((ca) => helmValuesFragment(trust, ca));
    }

    // ---- the containment: exactly buildContainment(...).objects ----------------------------------
    // Aviatrix custom resources wait for the CRDs, the RBAC and the controller grants (aviatrix.md
    // §7); NetworkPolicies are enforced by the CNI and wait for nothing.
    for (const o of planned.objects) {
      const id = objectId(o);
      const real =
        pendingNames.length === 0
          ? undefined
          : containment.apply((c) => {
              const found = c.objects.find((r) => objectId(r) === id);
              return found ?? fail('config', `${id} is no longer rendered`);
            });
      applied.push(o);
      const aviatrixKind = o.apiVersion.startsWith('networking.aviatrix.com/');
      const fields = Object.keys(o).filter((k) => k !== 'apiVersion' && k !== 'kind');
      const inputs: Record<string, unknown> = { apiVersion: o.apiVersion, kind: o.kind };
      for (const k of fields)
        inputs[k] = real ? real.apply((r) => (r as Record<string, unknown>)[k]) : o[k as keyof KubeObject];
      createObject(
        `${name}-${o.kind.toLowerCase()}-${o.metadata.namespace && o.metadata.namespace !== namespace ? `${o.metadata.namespace}-` : ''}${o.metadata.name}`,
        inputs as unknown as KubeObject,
        k8sOpts(aviatrixKind ? foundation : []),
      );
    }

    const findings = pulumi.all([containment, preflight]).apply(([c, p]) => [...c.policy.findings, ...p]);
    this.provider = provider;
    this.allowedDomains = containment.apply(allowedDomainsByWorkload);
    this.objectNames = pulumi.output(applied.map(objectId));
    this.clusterId = connection.clusterId;
    this.kubeconfig = pulumi.secret(connection.kubeconfig);
    this.findings = findings;
    this.objects = containment.apply((c) => c.objects);
    this.helmValues = derived(helmValues);
    this.imagePulls = containment.apply((c) => c.imagePulls);
    this.stdioCaEnvFixes = derived(
      trust ? containment.apply((c) => stdioCaEnvFixes(c.policy, trust)) : pulumi.output([]),
    );
    this.registerOutputs({
      allowedDomains: this.allowedDomains,
      objectNames: this.objectNames,
      clusterId: this.clusterId,
      kubeconfig: this.kubeconfig,
      findings: this.findings,
      objects: this.objects,
      helmValues: this.helmValues,
      imagePulls: this.imagePulls,
      stdioCaEnvFixes: this.stdioCaEnvFixes,
    });
  }
}

/** Stands in for a secret env value when the plan is made (and to measure what the value influences). */
const PENDING_SECRET = 'librechat-containment-pending-secret';

/** Stands in for the CA when only names are needed (objectNames is known before the CA is). */
const PLACEHOLDER_CA: CaInfo = { pem: '', subject: '', sha256: '', validFrom: new Date(0), validTo: new Date(0) };

/** One plain Kubernetes object as the matching typed @pulumi/kubernetes resource. */
function createObject(name: string, o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  const fields = rest as any;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'apiextensions.k8s.io/v1/CustomResourceDefinition':
      return new k8s.apiextensions.v1.CustomResourceDefinition(name, fields, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRole':
      return new k8s.rbac.v1.ClusterRole(name, fields, opts);
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return new k8s.rbac.v1.ClusterRoleBinding(name, fields, opts);
    case 'v1/ConfigMap':
      return new k8s.core.v1.ConfigMap(name, fields, opts);
    case 'networking.k8s.io/v1/NetworkPolicy':
      return new k8s.networking.v1.NetworkPolicy(name, fields, opts);
    default:
      return new k8s.apiextensions.CustomResource(name, { apiVersion: o.apiVersion, kind: o.kind, ...fields }, opts);
  }
}
