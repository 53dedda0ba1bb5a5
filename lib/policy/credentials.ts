// Keyless cloud credentials (issue 8 §1; fact sheet rows 65-66). Production installs get cloud
// credentials without keys: IRSA, EKS Pod Identity, GKE Workload Identity, Azure workload identity
// or managed identity. Each needs its own endpoint, and only the pods that use it need it. The
// mode is an explicit, named input per workload (--credentials, DeriveOptions.credentials) or
// read from the chart values' service account annotations; it never comes from a config value
// (a config value pointing at a metadata address is a blocking error elsewhere). The endpoints are
// kept apart from the config's destination groups: `credentialEndpoints` in the model, with the
// mode and where it was named as provenance.
import { isIP } from '../config/ip-text';
import { REGION_PATTERN } from '../catalog/providers';
import { ArgumentError } from '../config/errors';
import type { Derivation } from './context';
import type { CredentialEndpoint, CredentialMode, SourceRef } from './model';
import { asRecord } from './sources/values';
import { chartValue } from './sources/workloads';

export const CREDENTIAL_MODES: readonly CredentialMode[] = [
  'irsa',
  'eks-pod-identity',
  'gke-workload-identity',
  'azure-workload-identity',
  'azure-managed-identity',
];

const MODE_CLOUD: Record<CredentialMode, 'eks' | 'aks' | 'gke'> = {
  irsa: 'eks',
  'eks-pod-identity': 'eks',
  'gke-workload-identity': 'gke',
  'azure-workload-identity': 'aks',
  'azure-managed-identity': 'aks',
};

export const MODE_TITLE: Record<CredentialMode, string> = {
  irsa: 'IAM roles for service accounts (IRSA)',
  'eks-pod-identity': 'EKS Pod Identity',
  'gke-workload-identity': 'GKE Workload Identity',
  'azure-workload-identity': 'Azure workload identity',
  'azure-managed-identity': 'Azure managed identity (IMDS)',
};

/** The endpoints each mode needs (host may be a DNS name or an IP address). */
export function modeEndpoints(
  mode: CredentialMode,
  region?: string,
): { host: string; port: number; purpose: string }[] {
  switch (mode) {
    case 'irsa':
      // The pod identity webhook sets AWS_STS_REGIONAL_ENDPOINTS=regional; the SDK calls
      // AssumeRoleWithWebIdentity on the regional STS (fact sheet row 65).
      return [{ host: `sts.${region}.amazonaws.com`, port: 443, purpose: 'AssumeRoleWithWebIdentity (regional STS)' }];
    case 'eks-pod-identity':
      // The EKS Pod Identity agent on each node (AWS_CONTAINER_CREDENTIALS_FULL_URI; row 66).
      return [{ host: '169.254.170.23', port: 80, purpose: 'EKS Pod Identity agent on the node' }];
    case 'gke-workload-identity':
      // The GKE metadata server: pods connect to 169.254.169.254:80; on the iptables dataplane
      // (Dataplane V1) the node DNATs that to the gke-metadata-server at 169.254.169.252:988 before
      // NetworkPolicy is evaluated, so both are needed there (GKE Workload Identity docs,
      // "network policy"); Dataplane V2 evaluates the pre-NAT address. Row 66.
      return [
        { host: '169.254.169.254', port: 80, purpose: 'GKE metadata server (Workload Identity tokens)' },
        {
          host: '169.254.169.252',
          port: 988,
          purpose: 'GKE metadata server behind the node DNAT (Dataplane V1)',
        },
      ];
    case 'azure-workload-identity':
      // The federated token is exchanged at Entra ID's authority host; no IMDS.
      return [
        {
          host: 'login.microsoftonline.com',
          port: 443,
          purpose: 'Entra ID token exchange (federated service account token)',
        },
      ];
    case 'azure-managed-identity':
      return [
        { host: '169.254.169.254', port: 80, purpose: 'Azure Instance Metadata Service (managed identity tokens)' },
      ];
  }
}

export interface CredentialOptions {
  /** Explicit modes by workload id. */
  explicit: Record<string, CredentialMode>;
  values: Record<string, unknown>;
  valuesAt?: (path: string[]) => SourceRef;
  cloud?: 'eks' | 'aks' | 'gke';
  region?: string;
}

/** Where the chart puts each workload's service account and pod labels (values paths). */
const SERVICE_ACCOUNTS: Record<string, { annotations: string[][]; podLabels: string[][] }> = {
  librechat: {
    annotations: [
      ['serviceAccount', 'annotations'],
      ['librechat', 'serviceAccount', 'annotations'],
    ],
    podLabels: [['podLabels']],
  },
  'rag-api': {
    annotations: [['librechat-rag-api', 'serviceAccount', 'annotations']],
    podLabels: [['librechat-rag-api', 'podLabels']],
  },
};

export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
export const GKE_WI_ANNOTATION = 'iam.gke.io/gcp-service-account';
export const AZURE_WI_ANNOTATION = 'azure.workload.identity/client-id';
export const AZURE_WI_LABEL = 'azure.workload.identity/use';

export function deriveCredentials(d: Derivation, opts: CredentialOptions): CredentialEndpoint[] {
  const modes = new Map<string, { mode: CredentialMode; source: SourceRef }>();
  for (const [workload, spec] of Object.entries(SERVICE_ACCOUNTS)) {
    if (!d.workloads.has(workload)) continue;
    const seen = fromValues(d, workload, spec, opts);
    if (seen) modes.set(workload, seen);
  }
  for (const [workload, mode] of Object.entries(opts.explicit).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!d.workloads.has(workload))
      throw new ArgumentError(
        'credentials',
        `${workload}=${mode}: no workload "${workload}" in this stack (${[...d.workloads.keys()].join(', ')})`,
      );
    if (!CREDENTIAL_MODES.includes(mode))
      throw new ArgumentError(
        'credentials',
        `${workload}=${mode}: the mode must be one of ${CREDENTIAL_MODES.join(', ')}`,
      );
    if (opts.cloud && MODE_CLOUD[mode] !== opts.cloud)
      throw new ArgumentError(
        'credentials',
        `${workload}=${mode} is a ${MODE_CLOUD[mode]} mode, but --cloud is ${opts.cloud}`,
      );
    // An explicit option, not a default: named as such in explain.
    const source: SourceRef = { file: '(option)', path: `--credentials ${workload}=${mode}`, line: 0, column: 0 };
    const seen = modes.get(workload);
    if (seen && seen.mode !== mode)
      d.finding(
        'credentials-conflict',
        'annotation-mismatch',
        { mode, modeTitle: MODE_TITLE[mode], seenTitle: MODE_TITLE[seen.mode], workload },
        workload,
        seen.source,
      );
    modes.set(workload, { mode, source });
  }
  const out: CredentialEndpoint[] = [];
  for (const [workload, { mode, source }] of [...modes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let region: string | undefined;
    if (mode === 'irsa') {
      region = irsaRegion(d, opts);
      if (!region) {
        d.finding('credentials-region-missing', 'irsa', { workload }, workload, source);
        continue;
      }
    }
    for (const e of modeEndpoints(mode, region)) out.push({ workload, mode, ...e, source });
  }
  return out;
}

function irsaRegion(d: Derivation, opts: CredentialOptions): string | undefined {
  const region = d.env.value('AWS_REGION')?.trim() || opts.region;
  return region && REGION_PATTERN.test(region) ? region : undefined;
}

function fromValues(
  d: Derivation,
  workload: string,
  spec: { annotations: string[][]; podLabels: string[][] },
  opts: CredentialOptions,
): { mode: CredentialMode; source: SourceRef } | undefined {
  for (const path of spec.annotations) {
    const annotations = asRecord(chartValue(opts.values, path));
    const at = (key: string): SourceRef =>
      opts.valuesAt
        ? { ...opts.valuesAt([...path, key]), path: `${path.join('.')}.${key}` }
        : d.builtin(`chart value ${path.join('.')}.${key}`);
    // Annotation values are strings in Kubernetes; YAML may read an unquoted one as a number.
    const has = (key: string) => ['string', 'number'].includes(typeof annotations[key]) && annotations[key] !== '';
    if (has(IRSA_ANNOTATION)) return { mode: 'irsa', source: at(IRSA_ANNOTATION) };
    if (has(GKE_WI_ANNOTATION)) return { mode: 'gke-workload-identity', source: at(GKE_WI_ANNOTATION) };
    if (has(AZURE_WI_ANNOTATION)) {
      const labelled = spec.podLabels.some(
        (p) => String(asRecord(chartValue(opts.values, p))[AZURE_WI_LABEL]).toLowerCase() === 'true',
      );
      if (labelled) return { mode: 'azure-workload-identity', source: at(AZURE_WI_ANNOTATION) };
      d.finding(
        'credentials-mode-unverified',
        'azure-label',
        {
          annotation: AZURE_WI_ANNOTATION,
          label: AZURE_WI_LABEL,
          podLabels: spec.podLabels[0].join('.'),
          workload,
        },
        workload,
        at(AZURE_WI_ANNOTATION),
      );
    }
  }
  return undefined;
}

/** Whether a credential endpoint's host is an IP (a NetworkPolicy ipBlock) rather than a name. */
export function isIpEndpoint(e: Pick<CredentialEndpoint, 'host'>): boolean {
  return isIP(e.host) !== 0;
}
