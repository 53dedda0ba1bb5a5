// The MCP overlay: an explicit, reviewed file next to librechat.yaml (by convention
// `<config name>.overlay.yaml`) that says what LibreChat's config cannot: where an MCP server runs
// when it runs in the cluster (namespace, pod labels, port) and which hosts it reaches itself.
// Keyed by the same server names as `mcpServers`.
//
//   mcpServers:
//     docs:
//       namespace: mcp-servers
//       matchLabels: { app.kubernetes.io/name: docs-mcp }
//       egress: [api.github.com, "https://docs.example.com:8443"]
//       catalog: "@modelcontextprotocol/server-github"
//   accept:                                   # findings a reviewer accepted, each with its reason
//     - id: mcp-user-servers
//       reason: users may add servers; the denied hosts are expected (ticket SEC-123)
import type { SourceRef } from './source';
import type { ConfigDocument } from './document';
import { InputError } from './errors';
import { labelProblem } from './labels';
import { escapeControl, truncate } from './display';

/** Namespaces of the cluster itself (CoreDNS, the API server's helpers): never a place for a policy. */
export const SYSTEM_NAMESPACE = /^kube-/;

export interface OverlayServer {
  name: string;
  source: SourceRef;
  namespace?: string;
  matchLabels?: Record<string, string>;
  port?: number;
  egress: { value: string; source: SourceRef }[];
  catalog?: string;
}

/** One accepted finding of the committed accept list: the id, why, and where it was written. */
export interface AcceptEntry {
  id: string;
  reason: string;
  source: SourceRef;
}

/** The pods behind an in-cluster service that librechat.yaml names by URL (`http://ollama:11434`). */
export interface OverlayService {
  name: string;
  source: SourceRef;
  namespace?: string;
  matchLabels: Record<string, string>;
}

export interface McpOverlay {
  file: string;
  servers: Map<string, OverlayServer>;
  /** The committed accept list (`accept:`), reviewed in the pull request like the config. */
  accept?: AcceptEntry[];
  /** By service name (`ollama`) or full in-cluster host (`ollama.ai-models.svc.cluster.local`). */
  services?: Map<string, OverlayService>;
}

const SERVER_KEYS = new Set(['namespace', 'matchLabels', 'port', 'egress', 'catalog']);

/** Reads and checks an overlay document; every mistake is an InputError with its position. */
export function readOverlay(doc: ConfigDocument): McpOverlay {
  const data = doc.data as Record<string, unknown>;
  const fail = (path: (string | number)[], what: string, fix: string, onKey = false): never => {
    const at = onKey ? doc.atKey(path) : doc.at(path);
    throw new InputError(`${at.file}:${at.line}:${at.column}: ${what}`, fix);
  };
  for (const key of Object.keys(data))
    if (key !== 'mcpServers' && key !== 'accept' && key !== 'services')
      fail(
        [key],
        `unknown key "${truncate(escapeControl(key), 80)}" in the overlay`,
        'The overlay has three sections: mcpServers, services and accept.',
        true,
      );
  const accept = readAcceptList(doc, data.accept, fail);
  const servers = new Map<string, OverlayServer>();
  const section = data.mcpServers ?? {};
  if (typeof section !== 'object' || Array.isArray(section))
    fail(['mcpServers'], 'mcpServers must be a mapping of server names', 'Write mcpServers: { <name>: { ... } }.');
  for (const [rawName, raw] of Object.entries(section as Record<string, unknown>)) {
    const path = ['mcpServers', rawName];
    const name = truncate(escapeControl(rawName), 80);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      fail(path, `mcpServers.${name} must be a mapping`, 'Give namespace, matchLabels, port, egress or catalog.');
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s))
      if (!SERVER_KEYS.has(key))
        fail(
          [...path, key],
          `unknown key "${truncate(escapeControl(key), 80)}" in mcpServers.${name}`,
          `Use ${[...SERVER_KEYS].join(', ')}.`,
          true,
        );
    if (
      s.namespace !== undefined &&
      (typeof s.namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s.namespace))
    )
      fail(
        [...path, 'namespace'],
        'namespace must be a Kubernetes namespace name (DNS-1123 label: [a-z0-9-], at most 63 characters)',
        'Use [a-z0-9-].',
      );
    if (typeof s.namespace === 'string' && (s.namespace.length > 63 || SYSTEM_NAMESPACE.test(s.namespace)))
      fail(
        [...path, 'namespace'],
        s.namespace.length > 63
          ? 'namespace is longer than 63 characters'
          : `namespace ${s.namespace} belongs to the cluster itself (CoreDNS, kube-proxy): no MCP server policy may select pods there`,
        'Run the MCP server in a namespace of its own, or in the stack namespace.',
      );
    if (s.port !== undefined && (!Number.isInteger(s.port) || (s.port as number) < 1 || (s.port as number) > 65535))
      fail(
        [...path, 'port'],
        'port must be a number from 1 to 65535',
        'Give the container port the server listens on.',
      );
    if (s.catalog !== undefined && typeof s.catalog !== 'string')
      fail(
        [...path, 'catalog'],
        'catalog must be a package name',
        'For example "@modelcontextprotocol/server-github".',
      );
    let matchLabels: Record<string, string> | undefined;
    if (s.matchLabels !== undefined) {
      if (
        !s.matchLabels ||
        typeof s.matchLabels !== 'object' ||
        Array.isArray(s.matchLabels) ||
        Object.keys(s.matchLabels).length === 0
      ) {
        fail(
          [...path, 'matchLabels'],
          'matchLabels must be a non-empty mapping of pod labels',
          "Give the labels that select the server's pods, e.g. { app.kubernetes.io/name: docs-mcp }.",
        );
      }
      matchLabels = {};
      for (const [k, v] of Object.entries(s.matchLabels as Record<string, unknown>)) {
        const problem = labelProblem(k, v);
        if (problem)
          fail(
            [...path, 'matchLabels', k],
            `mcpServers.${name}.matchLabels: ${problem}`,
            'Use label keys and values as Kubernetes accepts them (kubernetes.io/docs/concepts/overview/working-with-objects/labels).',
            true,
          );
        matchLabels[k] = v as string;
      }
    }
    const egress: OverlayServer['egress'] = [];
    if (s.egress !== undefined) {
      if (!Array.isArray(s.egress))
        fail(
          [...path, 'egress'],
          'egress must be a list of hosts',
          'Write egress: [api.example.com, "https://host:8443"].',
        );
      (s.egress as unknown[]).forEach((v, i) => {
        if (typeof v !== 'string')
          fail([...path, 'egress', i], 'each egress entry must be a host or URL string', 'Write the host as a string.');
        egress.push({ value: v as string, source: doc.at([...path, 'egress', i], `mcpServers.${name}.egress[${i}]`) });
      });
    }
    servers.set(rawName, {
      name: rawName,
      source: doc.at(path, `mcpServers.${name}`),
      namespace: s.namespace as string | undefined,
      matchLabels,
      port: s.port as number | undefined,
      egress,
      catalog: s.catalog as string | undefined,
    });
  }
  return { file: doc.file, servers, services: readServices(doc, fail), ...(accept ? { accept } : {}) };
}

/** A finding id as printed: no spaces or shell metacharacters (see policy/findings.ts findingSlug). */
const FINDING_ID = /^[a-z][a-z0-9-]*(:[A-Za-z0-9._:/@+=-]+)?$/;

function readAcceptList(
  doc: ConfigDocument,
  raw: unknown,
  fail: (path: (string | number)[], what: string, fix: string, onKey?: boolean) => never,
): AcceptEntry[] | undefined {
  if (raw === undefined) return undefined;
  const example = 'Write accept: [{ id: <finding id>, reason: <why this is acceptable> }].';
  if (!Array.isArray(raw)) fail(['accept'], 'accept must be a list of { id, reason }', example);
  const seen = new Set<string>();
  return (raw as unknown[]).map((item, i) => {
    const path = ['accept', i];
    if (!item || typeof item !== 'object' || Array.isArray(item))
      fail(path, `accept[${i}] must be a mapping with id and reason`, example);
    const e = item as Record<string, unknown>;
    for (const key of Object.keys(e))
      if (key !== 'id' && key !== 'reason') fail([...path, key], `unknown key "${key}" in accept[${i}]`, example, true);
    if (typeof e.id !== 'string' || !FINDING_ID.test(e.id))
      fail(
        [...path, 'id'],
        `accept[${i}].id must be a finding id as \`explain\` prints it (no spaces)`,
        'Copy the id from the findings of `librechat-containment explain`.',
      );
    if (typeof e.reason !== 'string' || e.reason.trim().length < 3)
      fail(
        [...path, 'reason'],
        `accept[${i}] needs a reason: why the reviewer accepts ${String(e.id)}`,
        'Add reason: <why the denied traffic is expected>, so the pull request records the decision.',
      );
    if (seen.has(e.id as string))
      fail([...path, 'id'], `accept[${i}] repeats the id ${String(e.id)}`, 'Accept each finding once.');
    seen.add(e.id as string);
    return { id: e.id as string, reason: (e.reason as string).trim(), source: doc.at(path, `accept[${i}]`) };
  });
}

/**
 * `services:`: the pods behind in-cluster services that the config reaches by URL, so the
 * NetworkPolicy can select exactly them (a service name alone selects nothing).
 *
 *   services:
 *     ollama: { namespace: ai-models, matchLabels: { app.kubernetes.io/name: ollama } }
 */
function readServices(
  doc: ConfigDocument,
  fail: (path: (string | number)[], what: string, fix: string, onKey?: boolean) => never,
): Map<string, OverlayService> {
  const out = new Map<string, OverlayService>();
  const section = (doc.data as Record<string, unknown>).services;
  if (section === undefined) return out;
  if (!section || typeof section !== 'object' || Array.isArray(section))
    fail(['services'], 'services must be a mapping of service names', 'Write services: { <name>: { ... } }.');
  for (const [name, raw] of Object.entries(section as Record<string, unknown>)) {
    const path = ['services', name];
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name))
      fail(
        path,
        `"${name}" is not a Kubernetes service name`,
        'Use the service name as in the URL, e.g. ollama.',
        true,
      );
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      fail(path, `services.${name} must be a mapping`, 'Give namespace and matchLabels.');
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s))
      if (key !== 'namespace' && key !== 'matchLabels')
        fail([...path, key], `unknown key "${key}" in services.${name}`, 'Use namespace, matchLabels.', true);
    if (
      s.namespace !== undefined &&
      (typeof s.namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s.namespace))
    )
      fail([...path, 'namespace'], 'namespace must be a Kubernetes namespace name', 'Use [a-z0-9-].');
    if (s.namespace === 'kube-system' || /(^|\.)kube-system(\.|$)/.test(name))
      fail(
        [...path, 'namespace'],
        'services in kube-system (CoreDNS, the control plane) are never opened to LibreChat',
        'Remove the entry; DNS is already allowed to kube-dns.',
      );
    const labels = s.matchLabels;
    if (!labels || typeof labels !== 'object' || Array.isArray(labels) || Object.keys(labels).length === 0)
      fail(
        [...path, 'matchLabels'],
        'matchLabels must be a non-empty mapping of pod labels',
        "Give the labels of the service's pods, e.g. { app.kubernetes.io/name: ollama }.",
      );
    const matchLabels: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
      const problem = labelProblem(k, v);
      if (problem)
        fail(
          [...path, 'matchLabels', k],
          `${truncate(escapeControl(`${k}: ${String(v)}`), 120)} is not a valid pod label: ${problem}`,
          'Use label keys and values as Kubernetes accepts them.',
        );
      matchLabels[k] = v as string;
    }
    out.set(name, {
      name,
      source: doc.at(path, `services.${name}`),
      namespace: s.namespace as string | undefined,
      matchLabels,
    });
  }
  return out;
}
