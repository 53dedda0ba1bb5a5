// Fail closed: each finding that marks an unbounded or unknown destination is an error that blocks
// rendering until accepted by its exact id, and accepting it never widens the policy.
import { strict as assert } from 'node:assert';
import { FINDING_KINDS } from '../../lib/policy/findings';
import { contain, findingIds, groupsOf, QUIET, renderedDomains } from '../support/core';
import type { DeriveOptions } from '../../lib/policy/derive';
import { readChartManifests } from '../../lib/config/chart-manifests';

interface Case {
  id: string;
  yaml: string;
  env?: Record<string, string>;
  derive?: DeriveOptions;
}

const CASES: Record<string, Case> = {
  'an unresolved ${VAR} host': {
    id: 'unresolved-variable:endpoints.custom.Gateway.baseURL',
    yaml: `${QUIET}  custom:\n    - name: Gateway\n      baseURL: \${GATEWAY_URL}\n`,
  },
  'a sensitive variable in a host': {
    id: 'unresolved-variable:endpoints.custom.M.baseURL',
    yaml: `${QUIET}  custom:\n    - name: M\n      baseURL: \${CREDS_KEY}\n`,
    env: { CREDS_KEY: 'https://leak.example.com' },
  },
  'a user_provided base URL': {
    id: 'user-provided-url:endpoints.custom.BYO.baseURL',
    yaml: `${QUIET}  custom:\n    - name: BYO\n      apiKey: user_provided\n      baseURL: user_provided\n`,
  },
  'a per-user host placeholder': {
    id: 'per-user-host:mcpServers.tenant.url',
    yaml: `${QUIET}mcpServers:\n  tenant:\n    url: https://{{TENANT_ID}}.mcp.example.com/mcp\n`,
  },
  'a URL that is not one': {
    id: 'invalid-url:endpoints.custom.Bad.baseURL',
    yaml: `${QUIET}  custom:\n    - name: Bad\n      baseURL: api dot example dot com\n`,
  },
  'user-created MCP servers (create: true written) without a bound': {
    id: 'mcp-user-servers',
    yaml: 'version: 1.3.9\ninterface: { mcpServers: { create: true } }\nendpoints:\n  agents:\n    capabilities: [tools]\n',
  },
  'Actions listed in capabilities without actions.allowedDomains': {
    id: 'actions-unrestricted',
    yaml: 'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [actions] } }\n',
  },
  'a stdio server fetched by npx': {
    id: 'stdio-package-fetch:everything',
    yaml: `${QUIET}mcpServers:\n  everything:\n    command: npx\n    args: ['-y', '@modelcontextprotocol/server-everything']\n`,
  },
  'an unbounded stdio tool': {
    id: 'stdio-unbounded:browser',
    yaml: `${QUIET}mcpServers:\n  browser:\n    command: /opt/bin/mcp-server-playwright\n`,
  },
  'a bare * in actions.allowedDomains': {
    id: 'wildcard-too-broad:actions.allowedDomains.0',
    yaml: 'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nactions:\n  allowedDomains: ["*"]\n',
  },
  'a public-suffix wildcard in mcpSettings': {
    id: 'wildcard-too-broad:mcpSettings.allowedDomains.0',
    yaml: `${QUIET}mcpSettings:\n  allowedDomains: ['*.co.uk']\n`,
  },
  'an unknown top-level key': { id: 'unknown-key:egressHooks', yaml: `${QUIET}egressHooks:\n  enabled: true\n` },
  'an unknown nested key holding a URL': {
    id: 'unknown-key:mcpServers.x.fallbackUrl',
    yaml: `${QUIET}mcpServers:\n  x:\n    url: https://mcp.example.com/mcp\n    fallbackUrl: https://backup.example.net/mcp\n`,
  },
  'an in-cluster MCP server the overlay does not describe': {
    id: 'overlay-mismatch:docs',
    yaml: `${QUIET}mcpServers:\n  docs:\n    type: streamable-http\n    url: http://docs-mcp.tools.svc.cluster.local:8000/mcp\n`,
  },
  'a cloud metadata address as a base URL': {
    id: 'special-address:llm-meta:169.254.169.254:80',
    yaml: `${QUIET}  custom:\n    - name: Meta\n      baseURL: http://169.254.169.254/latest/\n`,
  },
  'a proxy on the internet': {
    id: 'egress-proxy:HTTPS_PROXY',
    yaml: QUIET,
    env: { HTTPS_PROXY: 'http://proxy.example.net:3128' },
  },
  'a second MongoDB host on the internet without TLS': {
    id: 'plaintext-internet:MONGO_URI:mongo.example.net',
    yaml: QUIET,
    env: { MONGO_URI: 'mongodb://mongodb.librechat.svc.cluster.local:27017,mongo.example.net:27017/LibreChat' },
  },
  'a credentialed API over plain HTTP on the internet': {
    id: 'plaintext-internet:llm-gw:api.example.net:80',
    yaml: `${QUIET}  custom:\n    - name: GW\n      apiKey: k\n      baseURL: http://api.example.net/v1\n`,
  },
  'an unknown endpoints key (LibreChat is strict there)': {
    id: 'unknown-key:endpoints.vertexAI',
    yaml: `${QUIET}  vertexAI:\n    region: us-central1\n`,
  },
  'chart manifests that do not run LibreChat': {
    id: 'chart-manifests-missing-workload:librechat',
    yaml: QUIET,
    derive: { chartManifests: readChartManifests('kind: ConfigMap\nmetadata: { name: x }\n', 'manifests.yaml') },
  },
  'a chart workload without selector labels in the manifests': {
    id: 'chart-manifests-unreadable:librechat',
    yaml: QUIET,
    derive: {
      chartManifests: readChartManifests(
        'kind: Deployment\nmetadata:\n  name: lc\n  labels: { helm.sh/chart: librechat-2.0.8 }\nspec:\n  template:\n    spec:\n      containers: [{ name: lc, image: x/y:1 }]\n',
        'manifests.yaml',
      ),
    },
  },
  'IRSA without a region (fact sheet row 65)': {
    id: 'credentials-region-missing:librechat',
    yaml: QUIET,
    derive: { credentials: { librechat: 'irsa' } },
  },
};

describe('fail-closed findings', () => {
  for (const [what, c] of Object.entries(CASES)) {
    it(`${what} is the error ${c.id}, blocks until accepted, and accepting opens nothing`, () => {
      const before = contain(c.yaml, c.env, c.derive);
      assert.ok(
        before.blocking.some((f) => f.id === c.id),
        `${c.id} not among ${findingIds(before, 'error').join(', ')}`,
      );
      const finding = before.policy.findings.find((f) => f.id === c.id)!;
      assert.ok(finding.message.length > 20 && finding.fix.length > 10);
      const accepted = contain(c.yaml, c.env, { ...c.derive, accept: before.blocking.map((f) => f.id) });
      assert.deepEqual(accepted.blocking, []);
      assert.ok(accepted.policy.findings.find((f) => f.id === c.id)!.accepted);
      assert.deepEqual(groupsOf(accepted), groupsOf(before), 'accepting changed the allowed destinations');
      for (const d of renderedDomains(accepted)) assert.ok(d !== '*' && !/^\*\.[a-z]+$/.test(d), d);
      // No permit to the anywhere SmartGroup without web groups narrowing it (that would be 0.0.0.0/0).
      for (const o of accepted.objects.filter((x) => x.kind === 'FirewallPolicy'))
        for (const r of (o as any).spec.rules.filter((x: any) => x.action === 'permit'))
          assert.ok(
            r.webGroups?.length > 0 || !r.destinationSmartGroups.some((g: any) => g.name === 'anywhere'),
            `${r.name} permits anywhere`,
          );
    });
  }

  it('has a test above for every error kind that can block', () => {
    const tested = new Set(Object.values(CASES).map((c) => c.id.split(':')[0]));
    const errorKinds = Object.entries(FINDING_KINDS)
      .filter(([, k]) => k.severity === 'error')
      .map(([name]) => name);
    assert.deepEqual(
      errorKinds.filter((k) => !tested.has(k)),
      [],
    );
  });

  it('never substitutes a sensitive variable, even when it is set', () => {
    const c = contain(CASES['a sensitive variable in a host'].yaml, CASES['a sensitive variable in a host'].env, {
      accept: ['unresolved-variable:endpoints.custom.M.baseURL'],
    });
    assert.deepEqual(groupsOf(c), {});
  });

  it('accepts only exact ids, and warns about an --accept that matches nothing', () => {
    const c = contain(
      'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [actions] } }\n',
      {},
      { accept: ['actions-*', 'stdio-unbounded:nothing'] },
    );
    assert.deepEqual(
      c.blocking.map((f) => f.id),
      ['actions-unrestricted'],
    );
    assert.deepEqual(
      findingIds(c, 'warning').filter((id) => id.startsWith('accept-unused')),
      ['accept-unused:actions', 'accept-unused:stdio-unbounded-nothing'],
    );
  });

  it('keeps the unknown-but-harmless keys as one warning instead of errors', () => {
    const c = contain(
      `${QUIET}  custom:\n    - name: A\n      baseURL: https://a.example.com/v1\n      summarize: false\n      iconURL: https://cdn.example.com/a.png\n`,
    );
    assert.deepEqual(c.blocking, []);
    const ignored = c.policy.findings.find((f) => f.id === 'ignored-key')!;
    assert.match(ignored.message, /drops them, so they cause no egress: endpoints\.custom\[\]\.summarize\.$/);
  });

  it('says when the config is newer than the schema it knows', () => {
    assert.ok(
      findingIds(
        contain(
          'version: 9.0.0\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [] } }\n',
        ),
      ).includes('newer-config-version'),
    );
  });

  it('cross-checks mcpSettings.allowedDomains against the configured servers', () => {
    const c = contain(
      `${QUIET}mcpSettings:\n  allowedDomains: ['docs.example.com', 'unused.example.com']\nmcpServers:\n  a:\n    url: https://mcp.example.org/mcp\n`,
    );
    assert.ok(findingIds(c).includes('allowlist-contradiction:mcpServers.a.url'));
    assert.ok(findingIds(c).includes('allowlist-contradiction:mcpSettings.allowedDomains.1'));
  });

  it('bounds user-created MCP servers by mcpSettings.allowedDomains as one group, as a warning', () => {
    const c = contain(
      'version: 1.3.9\nendpoints:\n  agents:\n    capabilities: [tools]\nmcpSettings:\n  allowedDomains: ["*.tools.example.com", "https://mcp.partner.example.org"]\n',
    );
    assert.deepEqual(c.blocking, []);
    assert.deepEqual(groupsOf(c), { 'mcp-user-servers': ['*.tools.example.com:443', 'mcp.partner.example.org:443'] });
    assert.ok(findingIds(c, 'warning').includes('mcp-user-servers:bounded'));
  });
});
