// The TLS inspection CA, made trusted by LibreChat without an image rebuild: the CA is validated,
// published in a ConfigMap beside LibreChat, and attached to the running Deployments with
// server-side-apply patches (a read-only mount plus NODE_EXTRA_CA_CERTS for Node, and a combined
// bundle plus the CA variables of the Python clients for Python, so decryption adds trust instead of
// replacing the public roots). The public roots of that bundle are a set the user pins (never the
// deployer's Node store, never fetched). Pure: no Pulumi, no I/O, the clock only when none is given.
import { createHash, X509Certificate } from 'node:crypto';
import { InputError } from '../config/errors';
import { LIBRECHAT_WORKLOAD } from '../policy/context';
import type { ContainmentPolicy, Finding } from '../policy/model';
import { byText, stableName } from '../policy/names';
import type { KubeObject } from './objects';
import { MANAGED_BY } from './objects';

/** Where the ConfigMap is mounted in the patched containers. */
export const CA_MOUNT_PATH = '/etc/librechat-containment/ca';
export const CA_FILE = 'ca.crt';
export const BUNDLE_FILE = 'ca-bundle.crt';
export const CA_VOLUME = 'librechat-containment-ca';
/** Pod template annotation carrying the CA fingerprint: a new CA rolls the pods (Node reads the file only at start). */
export const CA_ANNOTATION = 'librechat-containment/ca-sha256';

export interface CaInfo {
  /** The certificate(s), re-encoded as canonical PEM blocks (two CAs while one is rotated). */
  pem: string;
  subject: string;
  /** Lower-case hex SHA-256 of the DER encoding (of the concatenated DER for a chain). */
  sha256: string;
  validFrom: Date;
  validTo: Date;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Validates the inspection CA: one PEM certificate, or a chain of them when the CA is being
 * rotated (the old and the new CA side by side), every one a CA (basicConstraints CA:TRUE, and
 * keyUsage keyCertSign when the certificate has a keyUsage extension), valid now (or at `now`),
 * none twice. Throws an InputError saying what is wrong and how to fix it.
 */
export function validateCaPem(text: string, now: Date = new Date(), what = 'tls.caPem'): CaInfo {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InputError(
      `${what} is empty`,
      'Pass the PEM of the inspection CA (CoPilot: DCF > Settings > Decryption CA Certificate > Download Certificate).',
    );
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new InputError(
      `${what} contains a private key`,
      'Pass only the CA certificate; the key stays on the Aviatrix controller.',
    );
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0)
    throw new InputError(
      `${what} holds no PEM certificate (no BEGIN CERTIFICATE block)`,
      'Pass the CA as PEM text, not DER or a file path.',
    );
  const certs = blocks.map((block, k) => {
    const which = blocks.length > 1 ? `${what} holds ${blocks.length} certificates: certificate ${k + 1}` : what;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (e) {
      throw new InputError(
        `${which} is not a readable X.509 certificate (${(e as Error).message})`,
        'Check that the PEM was copied whole.',
      );
    }
    const subject = cert.subject.replace(/\n/g, ', ');
    const usage = keyUsageBits(cert.raw);
    if (usage !== undefined && (usage & KEY_CERT_SIGN) === 0) {
      throw new InputError(
        `${which} (${subject}) may not sign certificates (its keyUsage has no keyCertSign)`,
        'Pass the decryption CA, whose keyUsage includes keyCertSign.',
      );
    }
    if (!cert.ca)
      throw new InputError(
        `${which} (${subject}) is not a CA certificate (basicConstraints CA is false)`,
        'Pass the decryption CA, not a server or leaf certificate.',
      );
    const validFrom = new Date(cert.validFrom);
    const validTo = new Date(cert.validTo);
    if (validTo.getTime() <= now.getTime())
      throw new InputError(
        `${which} expired on ${validTo.toISOString()}`,
        'Rotate the decryption CA on the Aviatrix controller and pass the new one.',
      );
    if (validFrom.getTime() > now.getTime())
      throw new InputError(
        `${which} is not valid before ${validFrom.toISOString()}`,
        'Check the clock, or wait until the CA is valid.',
      );
    return { cert, subject, validFrom, validTo, sha256: createHash('sha256').update(cert.raw).digest('hex') };
  });
  if (new Set(certs.map((c) => c.sha256)).size !== certs.length) {
    throw new InputError(
      `${what} holds ${certs.length} certificates, the same one more than once`,
      'Pass each CA once (two different CAs while rotating).',
    );
  }
  const pem = certs.map((c) => canonicalPem(c.cert)).join('');
  return {
    pem,
    subject: certs.map((c) => c.subject).join(' | '),
    // One certificate: its fingerprint; a chain: the fingerprint of the concatenated DER.
    sha256:
      certs.length === 1
        ? certs[0]!.sha256
        : createHash('sha256')
            .update(Buffer.concat(certs.map((c) => c.cert.raw)))
            .digest('hex'),
    validFrom: new Date(Math.max(...certs.map((c) => c.validFrom.getTime()))),
    validTo: new Date(Math.min(...certs.map((c) => c.validTo.getTime()))),
  };
}

/** keyUsage bit keyCertSign (bit 5 of the BIT STRING, in its first byte). */
const KEY_CERT_SIGN = 0x04;
const KEY_USAGE_OID = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]);

/**
 * The first byte of the keyUsage extension's bits (2.5.29.15), or undefined when the certificate
 * has none. Reads the DER directly: node's X509Certificate exposes only the extended key usage.
 */
export function keyUsageBits(der: Buffer): number | undefined {
  const at = der.indexOf(KEY_USAGE_OID);
  if (at < 0) return undefined;
  let k = at + KEY_USAGE_OID.length;
  if (der[k] === 0x01 && der[k + 1] === 0x01) k += 3; // critical BOOLEAN
  if (der[k] !== 0x04) return undefined; // extnValue OCTET STRING
  k += 2;
  if (der[k] !== 0x03) return undefined; // BIT STRING
  const len = der[k + 1]!;
  if (len < 2) return 0;
  return der[k + 3]!;
}

function canonicalPem(cert: X509Certificate): string {
  const b64 = cert.raw
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * The pinned public roots followed by the CA: for Python clients, whose SSL_CERT_FILE replaces the
 * trust store instead of extending it. No roots: the CA alone.
 */
export function combinedBundle(caPem: string, roots: readonly string[]): string {
  return [...roots.map((r) => r.trim()), caPem.trim()].join('\n') + '\n';
}

/**
 * Where the public roots of `ca-bundle.crt` come from (tls.publicRoots): `pem`, a bundle the user
 * pins in the repository (tls.publicRootsPem: e.g. the `cacert.pem` of the certifi release the RAG
 * API image pins, or the distribution's ca-certificates bundle), or `ca-only` (the inspection CA
 * alone: right only for clients whose every TLS connection is decrypted). Never the deployer's Node
 * store (two machines with different Node releases would flap the ConfigMap) and never fetched.
 */
export const PUBLIC_ROOT_SOURCES = ['ca-only', 'pem'] as const;
export type PublicRootSource = (typeof PUBLIC_ROOT_SOURCES)[number];

/**
 * Reads a pinned public root bundle: PEM certificates, each readable and a CA, in the order given
 * (the file's order, so the bundle is the same on every machine), re-encoded canonically, each once.
 * Expiry is not checked: a root bundle may carry roots past their date, which clients skip.
 */
export function validatePublicRoots(text: string, what = 'tls.publicRootsPem'): string[] {
  if (typeof text !== 'string' || text.trim() === '')
    throw new InputError(
      `${what} is empty`,
      'Pass the text of a pinned root bundle (PEM), or set tls.publicRoots ca-only.',
    );
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    throw new InputError(`${what} contains a private key`, 'Pass only public root certificates.');
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0)
    throw new InputError(
      `${what} holds no PEM certificate (no BEGIN CERTIFICATE block)`,
      'Pass the bundle as PEM text.',
    );
  const seen = new Set<string>();
  const out: string[] = [];
  blocks.forEach((block, k) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (e) {
      throw new InputError(
        `${what}: certificate ${k + 1} is not a readable X.509 certificate (${(e as Error).message})`,
        'Check that the bundle was copied whole.',
      );
    }
    if (!cert.ca)
      throw new InputError(
        `${what}: certificate ${k + 1} (${cert.subject.replace(/\n/g, ', ')}) is not a CA certificate`,
        'A root bundle holds only CA certificates.',
      );
    const pem = canonicalPem(cert);
    if (seen.has(pem)) return;
    seen.add(pem);
    out.push(pem);
  });
  return out;
}

/** What the CA ConfigMap holds: the inspection CA and the pinned public roots of its bundle. */
export interface TrustMaterial {
  ca: CaInfo;
  /** Canonical PEM blocks (validatePublicRoots); empty with `ca-only`. */
  roots: readonly string[];
}

/**
 * Which workloads' permits may decrypt: those whose pods the component makes trust the CA (the
 * Deployments it patches). Decryption on any other workload would break its TLS.
 */
export function decryptingWorkloads(t: { patchLibreChat: boolean; patchRagApi: boolean }): string[] {
  return [...(t.patchLibreChat ? [LIBRECHAT_WORKLOAD] : []), ...(t.patchRagApi ? [RAG_API_WORKLOAD] : [])];
}

export const RAG_API_WORKLOAD = 'rag-api';

/**
 * Whether the Aviatrix objects must wait for the CA ConfigMap and the Deployment patches: when any
 * rule decrypts, so the gateways never decrypt for pods that do not trust the CA yet.
 */
export function policiesWaitForTrust(policy: Pick<ContainmentPolicy, 'rules'>): boolean {
  return policy.rules.some((r) => r.decrypt);
}

export interface TrustOptions {
  namespace: string;
  release: string;
  /** ConfigMap name (default `<release>-containment-ca`). */
  configMapName?: string;
  /** LibreChat Deployment and container (default `<release>-librechat` for both, as the chart names them). */
  deployment?: string;
  container?: string;
  /** RAG API Deployment and container (default `<release>-librechat-rag-api`, container `<...>-rag`). */
  ragDeployment?: string;
  ragContainer?: string;
  mountPath?: string;
}

/**
 * The Deployments to patch, as the chart really names them: with `fullnameOverride`/`nameOverride`
 * (or `--chart-manifests`) the LibreChat and RAG API Deployments are not `<release>-librechat[-rag-api]`.
 * Names given explicitly win; otherwise they come from the derived workloads.
 */
export function withChartDeployments(o: TrustOptions, policy: Pick<ContainmentPolicy, 'workloads'>): TrustOptions {
  const named = (id: string) => policy.workloads.find((w) => w.id === id)?.deployment;
  return {
    ...o,
    deployment: o.deployment ?? named('librechat'),
    ragDeployment: o.ragDeployment ?? named('rag-api'),
  };
}

export interface TrustNames {
  /** The ConfigMap's base name: the applied one is caConfigMapName(base, data), content-hashed. */
  configMap: string;
  deployment: string;
  container: string;
  ragDeployment: string;
  ragContainer: string;
  mountPath: string;
  caFile: string;
  bundleFile: string;
}

export function trustNames(o: TrustOptions): TrustNames {
  const deployment = o.deployment ?? `${o.release}-librechat`;
  const ragDeployment = o.ragDeployment ?? `${o.release}-librechat-rag-api`;
  const mountPath = (o.mountPath ?? CA_MOUNT_PATH).replace(/\/+$/, '');
  if (!mountPath.startsWith('/')) throw new RangeError(`mountPath "${mountPath}" must be an absolute path`);
  return {
    configMap: stableName([o.configMapName ?? `${o.release}-containment-ca`], CONFIG_MAP_BASE_MAX),
    deployment,
    container: o.container ?? deployment,
    ragDeployment,
    ragContainer: o.ragContainer ?? `${ragDeployment}-rag`,
    mountPath,
    caFile: `${mountPath}/${CA_FILE}`,
    bundleFile: `${mountPath}/${BUNDLE_FILE}`,
  };
}

/** Room for `-<10 hex>` within the 63-character name limit. */
const CONFIG_MAP_BASE_MAX = 52;

/** The ConfigMap's data: the bundle (pinned roots + CA) and the CA. */
export function caConfigMapData(m: TrustMaterial): Record<string, string> {
  return { [BUNDLE_FILE]: combinedBundle(m.ca.pem, m.roots), [CA_FILE]: m.ca.pem };
}

/**
 * The ConfigMap's name, hashed from its content: a new CA or root set is a new ConfigMap (created
 * before the old one is deleted), and the Deployments' volumes change to it, which rolls their pods;
 * no pod ever mounts a ConfigMap that is being replaced in place.
 */
export function caConfigMapName(base: string, data: Record<string, string>): string {
  const canonical = JSON.stringify(
    Object.keys(data)
      .sort()
      .map((k) => [k, data[k]]),
  );
  return `${base}-${createHash('sha256').update(canonical).digest('hex').slice(0, 10)}`;
}

/** The names with the applied (content-hashed) ConfigMap name. */
export function trustNamesFor(o: TrustOptions, m: TrustMaterial): TrustNames {
  const n = trustNames(o);
  return { ...n, configMap: caConfigMapName(n.configMap, caConfigMapData(m)) };
}

function labels(release: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': release };
}

/** The ConfigMap with the CA (`ca.crt`) and the combined bundle (`ca-bundle.crt`), content-hashed name. */
export function renderCaConfigMap(o: TrustOptions, m: TrustMaterial): KubeObject {
  const n = trustNamesFor(o, m);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: n.configMap,
      namespace: o.namespace,
      labels: labels(o.release),
      annotations: { [CA_ANNOTATION]: m.ca.sha256 },
    },
    data: caConfigMapData(m),
  };
}

export type TrustFlavour = 'node' | 'python';

/**
 * The env variables each flavour needs, pointing into the mount. Node (LibreChat): only
 * NODE_EXTRA_CA_CERTS, which adds the CA to Node's own store for https, fetch and grpc-js alike
 * (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH would replace grpc-js's roots, so it is not set). Python (the
 * RAG API, danny-avila/rag_api requirements.txt at 4985b37: openai and langchain over httpx,
 * requests, boto3 through langchain-aws, the Google clients): each client reads its own variable,
 * and each replaces the store, so all point at the combined bundle: SSL_CERT_FILE (OpenSSL's
 * default verify paths, httpx), REQUESTS_CA_BUNDLE (requests), AWS_CA_BUNDLE (botocore),
 * GRPC_DEFAULT_SSL_ROOTS_FILE_PATH (grpcio's bundled roots).
 */
export function caEnv(n: TrustNames, flavour: TrustFlavour): { name: string; value: string }[] {
  return flavour === 'node'
    ? [{ name: 'NODE_EXTRA_CA_CERTS', value: n.caFile }]
    : [
        { name: 'AWS_CA_BUNDLE', value: n.bundleFile },
        { name: 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', value: n.bundleFile },
        { name: 'REQUESTS_CA_BUNDLE', value: n.bundleFile },
        { name: 'SSL_CERT_FILE', value: n.bundleFile },
      ];
}

function caVolume(n: TrustNames) {
  return { name: CA_VOLUME, configMap: { name: n.configMap } };
}

function caVolumeMount(n: TrustNames) {
  return { name: CA_VOLUME, mountPath: n.mountPath, readOnly: true };
}

/**
 * The partial Deployment applied with server-side apply (Pulumi `DeploymentPatch`): one volume, one
 * read-only mount and the env variables on the named container, and the CA fingerprint as a pod
 * template annotation so that a new CA restarts the pods. Lists merge by name, so the chart's own
 * volumes, mounts and env stay.
 */
export function renderDeploymentPatch(o: TrustOptions, m: TrustMaterial, flavour: TrustFlavour): KubeObject {
  const n = trustNamesFor(o, m);
  const { ca } = m;
  const name = flavour === 'node' ? n.deployment : n.ragDeployment;
  const container = flavour === 'node' ? n.container : n.ragContainer;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: o.namespace },
    spec: {
      template: {
        metadata: { annotations: { [CA_ANNOTATION]: ca.sha256 } },
        spec: {
          containers: [{ name: container, env: caEnv(n, flavour), volumeMounts: [caVolumeMount(n)] }],
          volumes: [caVolume(n)],
        },
      },
    },
  };
}

/**
 * The same wiring as values for LibreChat's Helm chart, for programs that install the chart
 * themselves: `librechat.configEnv` (the chart's env ConfigMap), `volumes` / `volumeMounts`,
 * `podAnnotations`, and the RAG API subchart's `env` / `volumes` / `volumeMounts`.
 */
export function helmValuesFragment(o: TrustOptions, m: TrustMaterial): Record<string, unknown> {
  const n = trustNamesFor(o, m);
  const { ca } = m;
  return {
    librechat: { configEnv: Object.fromEntries(caEnv(n, 'node').map((e) => [e.name, e.value])) },
    podAnnotations: { [CA_ANNOTATION]: ca.sha256 },
    volumes: [caVolume(n)],
    volumeMounts: [caVolumeMount(n)],
    'librechat-rag-api': {
      env: caEnv(n, 'python'),
      volumes: [caVolume(n)],
      volumeMounts: [caVolumeMount(n)],
    },
  };
}

export interface StdioCaFix {
  /** The finding it resolves (`stdio-ca-env:<server>`). */
  findingId: string;
  server: string;
  /** YAML lines to add under `mcpServers.<server>`, indented for that block. */
  yaml: string;
}

/**
 * For every `stdio-ca-env` finding (a stdio MCP server whose child process will not see the CA
 * variable: the MCP SDK passes only HOME, LOGNAME, PATH, SHELL, TERM, USER), the `env:` lines that
 * fix it. Paths are literal, so they work whatever LibreChat's own environment holds.
 */
export function stdioCaEnvFixes(policy: Pick<ContainmentPolicy, 'findings'>, o: TrustOptions): StdioCaFix[] {
  const n = trustNames(o);
  return policy.findings
    .filter((f: Finding) => f.kind === 'stdio-ca-env')
    .map((f) => {
      const server = f.id.slice('stdio-ca-env:'.length);
      return {
        findingId: f.id,
        server,
        yaml: [
          '    env:',
          `      NODE_EXTRA_CA_CERTS: "${n.caFile}"`,
          `      SSL_CERT_FILE: "${n.bundleFile}"`,
          `      REQUESTS_CA_BUNDLE: "${n.bundleFile}"`,
        ].join('\n'),
      };
    })
    .sort((a, b) => byText(a.server, b.server));
}
