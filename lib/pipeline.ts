// The whole pure pipeline in one call: config text + environment + options → the policy model
// and the validated Kubernetes objects. The CLI and the Pulumi component both call this, so what
// `render` writes and what `pulumi up` applies are the same objects.
import { readConfigDocument, readLibreChatConfig, type ConfigDocument } from './config/document';
import type { EnvEntry, Environment } from './config/env';
import { readOverlay } from './config/overlay';
import { readChartManifests } from './config/chart-manifests';
import { checkSections } from './config/sections';
import { collectSecrets, type Secret } from './config/secrets';
import { renderImagePullsTerraform } from './render/terraform';
import { checkWithLibreChatSchema } from './config/librechat-schema';
import { schemaFindings } from './policy/schema-findings';
import { derivePolicy, type DeriveOptions } from './policy/derive';
import type { FailOn } from './policy/findings';
import { blockingFindings, type ContainmentPolicy, type Finding } from './policy/model';
import { renderAviatrix, type AviatrixOptions } from './render/aviatrix';
import { renderNetworkPolicies } from './render/network-policies';
import { sortObjects, type KubeObject } from './render/objects';
import { assertValidAviatrix } from './render/validate';
import { ArgumentError } from './config/errors';
import { lazy } from './config/lazy';
import { sortFindings } from './policy/findings';

// The in-cluster backends (renderer and validator of each) are loaded only when chosen: the
// default Aviatrix render does not pay for them.
/* eslint-disable @typescript-eslint/no-require-imports */
const cilium = lazy(() => require('./render/cilium') as typeof import('./render/cilium'));
const ciliumValidate = lazy(() => require('./render/cilium-validate') as typeof import('./render/cilium-validate'));
const gkeFqdn = lazy(() => require('./render/gke-fqdn') as typeof import('./render/gke-fqdn'));
const gkeFqdnValidate = lazy(
  () => require('./render/gke-fqdn-validate') as typeof import('./render/gke-fqdn-validate'),
);
const eksAnp = lazy(() => require('./render/eks-anp') as typeof import('./render/eks-anp'));
const eksAnpValidate = lazy(() => require('./render/eks-anp-validate') as typeof import('./render/eks-anp-validate'));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Who enforces the egress allow-list: the Aviatrix gateway (default), or by name in the cluster
 * (Cilium, GKE FQDNNetworkPolicy, EKS ApplicationNetworkPolicy). There is no `auto`: the right
 * backend depends on what the cluster runs, which the inputs do not say (README, "Choosing a backend").
 */
export type Backend = 'aviatrix' | 'cilium' | 'gke-fqdn' | 'eks-anp';
export const BACKENDS: readonly Backend[] = ['aviatrix', 'cilium', 'gke-fqdn', 'eks-anp'];

export interface EnforcementOptions {
  /** Default `aviatrix`: the output is then exactly what it was before backends existed. */
  backend?: Backend;
  /** Cilium minor version (`1.18`, `1.19`, or a patch release of them). Default 1.19. */
  ciliumVersion?: string;
  /** Cilium: also require the TLS SNI on port 443 (`serverNames`, needs the L7 proxy). Default off. */
  ciliumServerNames?: boolean;
}

export interface TextFile {
  text: string;
  /** The name to show in findings (as given; never resolved to a machine path). */
  file: string;
}

export interface ContainmentInput {
  /** The text of librechat.yaml. */
  configText: string;
  /** The name to show for it in findings and headers (as given; not resolved to a machine path). */
  configFile: string;
  env: Environment;
  /** The MCP overlay next to librechat.yaml (in-cluster MCP servers: labels, downstream hosts). */
  overlay?: TextFile;
  /** The LibreChat chart's values (which subcharts run, images, librechat.configEnv). */
  chartValues?: TextFile;
  /**
   * The chart's rendered manifests (`helm template`): the real names, selector labels, ports and
   * images of its workloads, instead of the model of the chart's naming.
   */
  chartManifests?: TextFile;
  derive?: DeriveOptions;
  aviatrix?: AviatrixOptions;
  /** Which backend enforces the egress allow-list (default Aviatrix). `aviatrix.mode` is the mode for every backend. */
  enforcement?: EnforcementOptions;
  /** Also check the config with LibreChat's own schema (needs librechat-data-provider; slower). */
  librechatSchema?: boolean;
  /** Render the in-cluster Kubernetes NetworkPolicies too (default true). */
  networkPolicies?: boolean;
  /** Which findings block when not accepted: `error` (default), or `warning` (errors and warnings). */
  failOn?: FailOn;
}

export interface Containment {
  policy: ContainmentPolicy;
  /** The parsed config (before `${VAR}` resolution), for the CLI's secret guard. */
  config: unknown;
  /** Every secret value of the inputs (env, chart configEnv, config, overlay, URL userinfo): never to be output. */
  secrets: Secret[];
  /** Node image pulls as Aviatrix controller objects in Terraform JSON (`image-pulls.tf.json`). */
  imagePulls: Record<string, unknown>;
  /** Aviatrix custom resources (validated against the vendored CRDs) and NetworkPolicies, sorted by kind and name. */
  objects: KubeObject[];
  /** Findings not accepted by id that block (errors; with failOn warning, warnings too). */
  blocking: Finding[];
  /** Who enforces, as rendered (for `explain`'s enforcement lines). */
  enforcement: { backend: Backend; mode: string; ciliumVersion?: string };
}

export function buildContainment(input: ContainmentInput): Containment {
  // A chart values file given as the config: its librechat.configYamlContent is the config, and it
  // is the chart values too unless others are given.
  const read = readLibreChatConfig(input.configText, input.configFile);
  const doc = read.doc;
  checkSections(doc);
  const extraFindings = input.librechatSchema ? schemaFindings(doc, checkWithLibreChatSchema(doc.data)) : [];
  const overlayDoc = input.overlay ? readConfigDocument(input.overlay.text, input.overlay.file) : undefined;
  const overlay = overlayDoc ? readOverlay(overlayDoc) : input.derive?.overlay;
  const valuesDoc = input.chartValues
    ? readConfigDocument(input.chartValues.text, input.chartValues.file)
    : input.derive?.chartValues
      ? undefined
      : read.values;
  const chartValues = (valuesDoc?.data as Record<string, unknown> | undefined) ?? input.derive?.chartValues;
  const env = valuesDoc ? input.env.withDefaults(chartConfigEnv(valuesDoc)) : input.env;
  const chartValuesAt = valuesDoc ? (path: string[]) => valuesDoc.at(path) : input.derive?.chartValuesAt;
  const chartManifests = input.chartManifests
    ? readChartManifests(input.chartManifests.text, input.chartManifests.file)
    : input.derive?.chartManifests;
  const derived = derivePolicy(doc, env, {
    ...input.derive,
    overlay,
    chartValues,
    chartValuesAt,
    chartManifests,
    extraFindings,
  });
  const { policy, objects } = renderBackend(derived, input);
  const result = {
    policy,
    config: doc.data,
    objects,
    imagePulls: renderImagePullsTerraform(policy, { mode: input.aviatrix?.mode }),
    blocking: blockingFindings(policy, input.failOn),
    enforcement: enforcementOf(input),
  } as Omit<Containment, 'secrets'>;
  // Not enumerable: a JSON.stringify or a spread of the containment never carries the secrets.
  Object.defineProperty(result, 'secrets', {
    value: collectSecrets(env, doc.data, { overlay: overlayDoc?.data, chartValues: valuesDoc?.data }),
    enumerable: false,
  });
  return result as Containment;
}

/** The backend's objects and the NetworkPolicies, and the policy with the backend's findings joined. */
function renderBackend(
  policy: ContainmentPolicy,
  input: ContainmentInput,
): { policy: ContainmentPolicy; objects: KubeObject[] } {
  const backend = input.enforcement?.backend ?? 'aviatrix';
  if (backend === 'aviatrix') {
    const aviatrix = renderAviatrix(policy, input.aviatrix);
    assertValidAviatrix(aviatrix, input.aviatrix?.target);
    const objects = sortObjects([
      ...aviatrix,
      ...(input.networkPolicies === false ? [] : renderNetworkPolicies(policy)),
    ]);
    return { policy, objects };
  }
  if ((backend as string) === 'auto')
    throw new ArgumentError(
      'enforcement.backend',
      `cannot be "auto": which backend enforces depends on what the cluster runs (Cilium, GKE Dataplane V2 with FQDN policy, EKS Auto Mode), which the inputs do not say; name one of ${BACKENDS.join(', ')}`,
    );
  if (!BACKENDS.includes(backend))
    throw new ArgumentError('enforcement.backend', `must be one of ${BACKENDS.join(', ')} (got "${String(backend)}")`);
  const a = input.aviatrix ?? {};
  const aviatrixOnly = (['target', 'form', 'logProfile'] as const).filter((k) => a[k] !== undefined);
  if (aviatrixOnly.length > 0)
    throw new ArgumentError(`aviatrix.${aviatrixOnly[0]}`, `is an Aviatrix option, not used by the ${backend} backend`);
  if (policy.rules.some((r) => r.decrypt))
    throw new ArgumentError('tls.decrypt', `is an Aviatrix gateway feature: the ${backend} backend cannot decrypt`);
  if (input.networkPolicies === false)
    throw new ArgumentError(
      'networkPolicies',
      `cannot be off with the ${backend} backend: the NetworkPolicies carry the in-cluster traffic and ingress`,
    );
  const mode = a.mode ?? 'enforce';
  // In watch mode nothing may be enforced by name, so the NetworkPolicies stay as for Aviatrix.
  const byName = mode !== 'watch';
  let rendered: { objects: KubeObject[]; findings: Finding[] };
  let networkPolicies: KubeObject[];
  if (backend === 'cilium') {
    const version = cilium().ciliumVersion(input.enforcement?.ciliumVersion);
    rendered = cilium().renderCilium(policy, { version, mode, serverNames: input.enforcement?.ciliumServerNames });
    ciliumValidate().assertValidCilium(rendered.objects, version);
    networkPolicies = renderNetworkPolicies(policy, { internetEgress: !byName, dnsEgress: !byName });
  } else {
    if (input.enforcement?.ciliumVersion !== undefined || input.enforcement?.ciliumServerNames !== undefined)
      throw new ArgumentError('enforcement.ciliumVersion', 'needs the cilium backend');
    // GKE's and EKS's FQDN policies do not carry DNS: the NetworkPolicies keep their plain DNS allow.
    networkPolicies = renderNetworkPolicies(policy, { internetEgress: !byName });
    if (backend === 'gke-fqdn') {
      rendered = gkeFqdn().renderGkeFqdn(policy, { mode, takenNames: networkPolicies.map((o) => o.metadata.name) });
      gkeFqdnValidate().assertValidGkeFqdn(rendered.objects);
    } else {
      rendered = eksAnp().renderEksAnp(policy, { mode });
      eksAnpValidate().assertValidEksAnp(rendered.objects);
    }
  }
  const withFindings = { ...policy, findings: sortFindings([...policy.findings, ...rendered.findings]) };
  return { policy: withFindings, objects: sortObjects([...rendered.objects, ...networkPolicies]) };
}

function enforcementOf(input: ContainmentInput): Containment['enforcement'] {
  const backend = input.enforcement?.backend ?? 'aviatrix';
  const mode = input.aviatrix?.mode ?? 'enforce';
  return backend === 'cilium'
    ? { backend, mode, ciliumVersion: cilium().ciliumVersion(input.enforcement?.ciliumVersion) }
    : { backend, mode };
}

/** `librechat.configEnv` of the chart values: env the chart gives LibreChat (lower precedence). */
function chartConfigEnv(values: ConfigDocument): [string, EnvEntry][] {
  const configEnv = ((values.data as Record<string, unknown>).librechat as Record<string, unknown> | undefined)
    ?.configEnv;
  if (!configEnv || typeof configEnv !== 'object') return [];
  return Object.entries(configEnv as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => [k, { value: String(v), source: values.at(['librechat', 'configEnv', k]) }]);
}
