// Every kind of finding the derivation can report. An `error` blocks rendering until the user
// accepts that finding by its id; accepting never widens the policy, it only records that a
// person has seen what LibreChat will try and the firewall will refuse.
import { createHash } from 'node:crypto';
import type { Finding, Severity, SourceRef } from './model';
import { withFields } from '../config/source';
import { byText } from './names';
import { escapeControl, redactUrls, truncate } from '../config/display';
import { findingText, type FindingParams, type FindingRule } from './finding-texts';

export interface FindingKind {
  severity: Severity;
  /** What it means, for the README's table of findings. */
  summary: string;
}

export const FINDING_KINDS = {
  'unresolved-variable': {
    severity: 'error',
    summary: 'a host comes from a ${VAR} that the given environment does not define',
  },
  'user-provided-url': {
    severity: 'error',
    summary: 'each user types the URL (`user_provided`): the destination is unbounded',
  },
  'per-user-host': { severity: 'error', summary: 'the host contains a {{...}} placeholder filled per user or request' },
  'invalid-url': { severity: 'error', summary: 'a URL in the config cannot be parsed' },
  'mcp-user-servers': {
    severity: 'error',
    summary: 'users may add their own MCP servers (interface.mcpServers.create) to any host',
  },
  'actions-unrestricted': {
    severity: 'error',
    summary: 'agent Actions may call any public host (no actions.allowedDomains)',
  },
  'stdio-package-fetch': {
    severity: 'error',
    summary: 'a stdio MCP server is downloaded (npx, uvx) from a public package registry at every start',
  },
  'stdio-unbounded': { severity: 'error', summary: 'a stdio MCP server fetches arbitrary URLs or drives a browser' },
  'stdio-shared-identity': {
    severity: 'warning',
    summary: 'stdio MCP servers run inside the LibreChat pod and share its allow-list',
  },
  'overlay-mismatch': {
    severity: 'error',
    summary:
      'the MCP overlay and librechat.yaml disagree (a server in one and not the other, or an in-cluster server without pod labels)',
  },
  'mcp-downstream-unknown': {
    severity: 'warning',
    summary: 'an MCP server in the cluster with no declared downstream hosts: it gets deny-all',
  },
  'namespace-not-owned': {
    severity: 'warning',
    summary:
      'an in-cluster MCP server runs in a namespace the stack does not own: no NetworkPolicy is rendered there (the owner of that namespace must contain it)',
  },
  'unused-workload': {
    severity: 'info',
    summary: "the chart runs a data store that LibreChat's env does not use: it gets deny-all and no clients",
  },
  'bitnami-networkpolicy': {
    severity: 'warning',
    summary: 'a Bitnami subchart renders its own permissive NetworkPolicy, which would add to these',
  },
  'special-address': {
    severity: 'error',
    summary:
      'a config value points at a cloud metadata or credential endpoint, a link-local, multicast, reserved, documentation or benchmarking address, the Kubernetes API or the kubelet: it is never allowed',
  },
  'plaintext-internet': {
    severity: 'error',
    summary:
      'a connection to an internet host without TLS (http://, mongodb or redis without TLS), for every host of a connection string',
  },
  'wildcard-too-broad': {
    severity: 'error',
    summary: 'an allow-list entry is `*`, a public suffix wildcard or not a domain',
  },
  'unknown-key': {
    severity: 'error',
    summary: "a config key this tool (and LibreChat's pinned schema) does not know, which may hold a destination",
  },
  'ignored-key': {
    severity: 'warning',
    summary: "a config key LibreChat's schema does not know and drops; it causes no egress",
  },
  'legacy-key': { severity: 'warning', summary: 'a key from an older config format' },
  'newer-config-version': {
    severity: 'warning',
    summary: 'the config declares a newer version than the schema this tool knows',
  },
  'internal-destination': {
    severity: 'info',
    summary: 'a destination inside the cluster or private network: not an internet domain',
  },
  'in-cluster-unselected': {
    severity: 'warning',
    summary:
      'a Kubernetes service the config names whose pods the overlay does not describe: it is denied (never opened to a whole namespace)',
  },
  'docker-host': { severity: 'warning', summary: 'host.docker.internal does not exist in Kubernetes' },
  'non-http-destination': {
    severity: 'warning',
    summary: 'a non-HTTP protocol (SMTP, LDAP, ...) that a web group cannot match by name',
  },
  'non-web-port': {
    severity: 'warning',
    summary: 'a port on which Aviatrix web groups may not match (they match 80, 443, 8080, 8443)',
  },
  'public-ip': {
    severity: 'warning',
    summary: 'a destination given as a public IP address: allowed as a /32, not by name',
  },
  'builtin-not-enabled': {
    severity: 'warning',
    summary:
      'a built-in endpoint is configured, but its key variable is not in the given environment: nothing is allowed for it',
  },
  'builtin-baseurl-ignored': {
    severity: 'warning',
    summary: 'LibreChat ignores baseURL on a built-in endpoint: the env override or default host is allowed instead',
  },
  'allowlist-contradiction': {
    severity: 'warning',
    summary: "LibreChat's own allow-list (mcpSettings/actions) and the derived policy disagree",
  },
  'egress-proxy': {
    severity: 'error',
    summary:
      'traffic goes through a proxy on the internet (an unbounded hop); a warning when the proxy is in the cluster or is the declared egress proxy',
  },
  'duplicate-name': { severity: 'warning', summary: 'two entries share a name; LibreChat uses the first' },
  'capability-not-configured': {
    severity: 'info',
    summary: 'a default agent capability whose service is not configured: its hosts are not allowed',
  },
  'unknown-endpoint-reference': { severity: 'warning', summary: 'a setting names an endpoint that is not configured' },
  'openid-endpoints-unknown': {
    severity: 'warning',
    summary: 'an OpenID issuer whose token, JWKS or user info endpoints may be on hosts the issuer does not name',
  },
  'per-user-credentials': {
    severity: 'warning',
    summary:
      'a LibreChat default lets users bring their own key for a built-in tool, web search or code execution: its fixed hosts are denied',
  },
  'image-host-unknown': {
    severity: 'warning',
    summary: 'an image tool downloads its result from a host this tool cannot know in advance',
  },
  'mcp-oauth-discovery': {
    severity: 'warning',
    summary:
      'a remote MCP server may announce an OAuth authorization server on another host (RFC 9728); that host is not allowed',
  },
  'accept-unused': { severity: 'warning', summary: '--accept names a finding that this config does not produce' },
  'librechat-schema': {
    severity: 'warning',
    summary: "LibreChat's own schema rejects the config (only with --librechat-schema)",
  },
  'stdio-ca-env': {
    severity: 'warning',
    summary: 'a stdio MCP server will not see NODE_EXTRA_CA_CERTS: decrypted TLS will fail in it',
  },
  // Chart names, rendered manifests and keyless cloud credentials (issue 8 §1-§2).
  'chart-name-mismatch': {
    severity: 'warning',
    summary: "the chart's own names disagree (a subchart override the parent's env does not follow)",
  },
  'credentials-region-missing': {
    severity: 'error',
    summary: 'a workload uses IRSA, which needs the regional STS host, and no region is known (AWS_REGION, --region)',
  },
  'credentials-mode-unverified': {
    severity: 'warning',
    summary:
      'the chart values name a keyless credential mode only in part (an Azure client-id without the pod label): no endpoint is allowed',
  },
  'credentials-conflict': {
    severity: 'warning',
    summary: "the explicit --credentials mode differs from what the workload's service account annotations say",
  },
  'chart-manifests-missing-workload': {
    severity: 'error',
    summary: 'the config needs a workload that the rendered chart manifests (--chart-manifests) do not run',
  },
  'chart-manifests-unreadable': {
    severity: 'error',
    summary: 'a chart workload in --chart-manifests has no selector labels: its pods cannot be selected',
  },
  'backend-wildcard-narrowed': {
    severity: 'warning',
    summary:
      'the enforcement backend matches one label per `*` where LibreChat and Aviatrix match any depth (or cannot write the glob at all): deeper sub-domains are denied',
  },
  'backend-watch': {
    severity: 'warning',
    summary:
      'watch mode with an FQDN backend (Cilium, GKE, EKS) enforces no egress allow-list: it only makes the flows visible',
  },
} as const satisfies Record<string, FindingKind>;

export type FindingKindName = keyof typeof FINDING_KINDS;

/**
 * A finding of `kind`, reported by `rule` (a template in FINDING_TEXTS) with its values. The id
 * is `kind:subject`; the subject, not the text, is what a user accepts.
 */
export function makeFinding<K extends FindingKindName, R extends FindingRule<K>>(
  kind: K,
  rule: R,
  params: FindingParams<K, R>,
  subject: string | undefined,
  source?: SourceRef,
  severity: Severity = FINDING_KINDS[kind].severity,
): Finding {
  const { message, fix } = findingText(kind, rule, params);
  const id = escapeControl(subject ? `${kind}:${findingSlug(subject)}` : kind);
  // One place for every finding text: no URL userinfo, query or fragment (where credentials
  // live), no control characters (a newline or an ANSI escape in a name must not forge log lines).
  return {
    id,
    kind,
    severity,
    // Bounded: a long name from the config must not flood a CI log.
    message: truncate(escapeControl(redactUrls(message)), 2000),
    fix: truncate(escapeControl(redactUrls(fix)), 1000),
    ...(source ? { source: safeSource(source) } : {}),
  };
}

function safeSource(source: SourceRef): SourceRef {
  return withFields(source, {
    file: escapeControl(source.file),
    path: escapeControl(redactUrls(source.path)),
    via: source.via ? safeSource(source.via) : undefined,
  });
}

/**
 * The subject of a finding id, usable in a shell without quoting: list indexes and names in
 * brackets become dotted segments (`endpoints.custom[My API].baseURL` → `endpoints.custom.My-API.baseURL`),
 * every other character outside `[A-Za-z0-9._:/@+=-]` becomes `-`. Deterministic, so an accepted id
 * stays valid while the config does not change.
 */
export function findingSlug(subject: string): string {
  const slug = subject
    .replace(/\[([^\]]*)\]/g, '.$1')
    .replace(/[^A-Za-z0-9._:/@+=-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/(^[-.]+)|([-.]+$)/g, '');
  return slug || 'x';
}

/** A short, stable suffix that tells apart two subjects whose slugs collide. */
export function subjectHash(subject: string): string {
  return createHash('sha256').update(subject).digest('hex').slice(0, 6);
}

export type FailOn = 'error' | 'warning';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning'];

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byText(a.id, b.id));
}
