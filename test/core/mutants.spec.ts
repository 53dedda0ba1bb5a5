// Tests that kill one-line changes to real behaviour which the rest of the suite let through
// (issue 9 §4). Each `describe` names the mutant it kills; scripts/mutants.js applies them to the
// compiled code and expects this suite (or another core suite) to fail.
import { createHash } from 'node:crypto';
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { explainJson } from '../../lib/render/explain';
import { classifyHost } from '../../lib/policy/hosts';
import { stableName } from '../../lib/policy/names';
import { NON_INTERNET_CIDRS } from '../../lib/render/network-policies';
import { renderManifests } from '../../lib/render/yaml';
import { QUIET, contain, findingIds, groupsOf } from '../support/core';

const UNRESOLVED = `${QUIET}  custom:\n    - name: A\n      baseURL: \${A_URL}\n`;
// Ids name the path shell-safely (issue 8 §4): endpoints.custom[A] becomes endpoints.custom.A.
const UNRESOLVED_ID = 'unresolved-variable:endpoints.custom.A.baseURL';

describe('mutants: --accept takes exact ids only (the only way past the gate)', () => {
  it('accepts an error by its exact id', () => {
    const c = contain(UNRESOLVED, {}, { accept: [UNRESOLVED_ID] });
    assert.ok(c.policy.findings.find((f) => f.id === UNRESOLVED_ID)!.accepted);
    assert.ok(!c.blocking.some((f) => f.id === UNRESOLVED_ID));
  });

  for (const partial of ['unresolved-variable', 'unresolved-variable:', 'unresolved-variable:endpoints.custom.A']) {
    it(`does not accept ${UNRESOLVED_ID} for the prefix "${partial}", and says the prefix names no finding`, () => {
      const c = contain(UNRESOLVED, {}, { accept: [partial] });
      const f = c.policy.findings.find((x) => x.id === UNRESOLVED_ID)!;
      assert.ok(!f.accepted);
      assert.ok(c.blocking.some((x) => x.id === UNRESOLVED_ID));
      assert.ok(
        findingIds(c).some((id) => id.startsWith('accept-unused:')),
        findingIds(c).join(', '),
      );
    });
  }

  it('does not accept an id that only extends a real one, nor one in another case', () => {
    for (const id of [`${UNRESOLVED_ID}x`, UNRESOLVED_ID.toUpperCase(), ` ${UNRESOLVED_ID}`]) {
      const c = contain(UNRESOLVED, {}, { accept: [id] });
      assert.ok(
        c.blocking.some((x) => x.id === UNRESOLVED_ID),
        id,
      );
    }
  });

  it('marks a warning as accepted by its exact id only (warnings block with --fail-on warning)', () => {
    const base = contain(UNRESOLVED);
    const warnings = base.policy.findings.filter((f) => f.severity === 'warning').map((f) => f.id);
    assert.ok(warnings.length > 0);
    const exact = contain(UNRESOLVED, {}, { accept: warnings });
    assert.ok(exact.policy.findings.filter((f) => f.severity === 'warning').every((f) => f.accepted));
    const prefixes = contain(UNRESOLVED, {}, { accept: warnings.map((id) => id.slice(0, -1)) });
    assert.ok(prefixes.policy.findings.filter((f) => f.severity === 'warning').every((f) => !f.accepted));
  });
});

describe('mutants: only findings that can block can be accepted', () => {
  it('an info finding named in --accept stays unaccepted (it never blocks, so accepting it means nothing)', () => {
    // MongoDB outside the cluster: the chart's own MongoDB is unused (unused-workload, info).
    const env = { MONGO_URI: 'mongodb+srv://app:pw@chat.abcde.mongodb.net/app' };
    const base = contain(QUIET, env);
    const infos = base.policy.findings.filter((f) => f.severity === 'info').map((f) => f.id);
    assert.ok(infos.length > 0, base.policy.findings.map((f) => `${f.id}:${f.severity}`).join(', '));
    const c = contain(QUIET, env, { accept: infos });
    assert.ok(c.policy.findings.filter((f) => f.severity === 'info').every((f) => !f.accepted));
  });
});

describe('mutants: an external data store with several hosts keeps every host', () => {
  it('allows each member of a MongoDB replica set given in MONGO_URI', () => {
    const c = contain(QUIET, {
      MONGO_URI:
        'mongodb://u:p@db1.example-store.com:27017,db2.example-store.com:27018,db3.example-store.com/app?tls=true',
    });
    const hosts = Object.values(groupsOf(c)).flat();
    for (const h of ['db1.example-store.com:27017', 'db2.example-store.com:27018', 'db3.example-store.com:27017'])
      assert.ok(hosts.includes(h), `${h} missing from ${hosts.join(', ')}`);
  });

  it('allows each host of a Redis cluster given in REDIS_URI', () => {
    const c = contain(QUIET, {
      USE_REDIS: 'true',
      REDIS_URI: 'rediss://r1.example-cache.com:6380,r2.example-cache.com:6381',
    });
    const hosts = Object.values(groupsOf(c)).flat();
    assert.ok(hosts.includes('r1.example-cache.com:6380'), hosts.join(', '));
    assert.ok(hosts.includes('r2.example-cache.com:6381'), hosts.join(', '));
  });
});

function withOverlay(config: string, overlay: string) {
  return buildContainment({
    configText: `${QUIET}${config}`,
    configFile: 'librechat.yaml',
    env: buildEnvironment({}),
    overlay: { file: 'librechat.overlay.yaml', text: overlay },
  });
}

describe('mutants: overlay-mismatch for labels that are not used, and for in-cluster servers without labels', () => {
  it('is an error when the overlay gives matchLabels for a server on the internet', () => {
    const c = withOverlay(
      'mcpServers:\n  web:\n    type: streamable-http\n    url: https://mcp.example-tools.io/mcp\n',
      'mcpServers:\n  web:\n    matchLabels: { app: web }\n',
    );
    assert.ok(
      c.blocking.some((f) => f.id === 'overlay-mismatch:web:matchLabels'),
      findingIds(c, 'error').join(', '),
    );
  });

  it('is an error when the overlay gives matchLabels for a stdio server', () => {
    const c = withOverlay(
      'mcpServers:\n  local:\n    command: node\n    args: [server.js]\n',
      'mcpServers:\n  local:\n    matchLabels: { app: local }\n',
    );
    assert.ok(
      c.blocking.some((f) => f.id === 'overlay-mismatch:local:matchLabels'),
      findingIds(c).join(', '),
    );
  });

  it('is no error when the labels are used (the server runs in the cluster)', () => {
    const c = withOverlay(
      'mcpServers:\n  docs:\n    type: streamable-http\n    url: http://docs.tools.svc.cluster.local:8000/mcp\n',
      'mcpServers:\n  docs:\n    matchLabels: { app: docs }\n    egress: [api.example-docs.com]\n',
    );
    assert.ok(!findingIds(c).some((id) => id.startsWith('overlay-mismatch')), findingIds(c).join(', '));
  });

  it('is an error when an in-cluster server has an overlay entry without matchLabels', () => {
    const c = withOverlay(
      'mcpServers:\n  docs:\n    type: streamable-http\n    url: http://docs.tools.svc.cluster.local:8000/mcp\n',
      'mcpServers:\n  docs:\n    egress: [api.example-docs.com]\n',
    );
    assert.ok(
      c.blocking.some((f) => f.id === 'overlay-mismatch:docs'),
      findingIds(c, 'error').join(', '),
    );
  });
});

describe('mutants: a public IP address destination is reported (public-ip)', () => {
  it('warns for a custom endpoint at a public IPv4 address, and allows it as that address only', () => {
    const c = contain(`${QUIET}  custom:\n    - name: Raw\n      baseURL: https://8.8.4.4/v1\n      apiKey: k\n`);
    const f = c.policy.findings.find((x) => x.id.startsWith('public-ip:'));
    assert.ok(f, findingIds(c).join(', '));
    assert.equal(f.severity, 'warning');
    assert.match(f.id, /8\.8\.4\.4$/);
    assert.match(f.message, /8\.8\.4\.4/);
  });

  it('warns for a public IPv6 address too, and not for a name', () => {
    const v6 = contain(`${QUIET}  custom:\n    - name: Raw\n      baseURL: "https://[2001:4860::8888]/v1"\n`);
    assert.ok(
      findingIds(v6).some((id) => id.startsWith('public-ip:')),
      findingIds(v6).join(', '),
    );
    const named = contain(`${QUIET}  custom:\n    - name: Named\n      baseURL: https://api.example-llm.com/v1\n`);
    assert.ok(!findingIds(named).some((id) => id.startsWith('public-ip:')));
  });
});

describe('mutants: the NetworkPolicy internet rule excludes the private and special ranges', () => {
  it('excludes at least RFC 1918, shared address space (RFC 6598) and link-local (RFC 3927)', () => {
    for (const cidr of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'])
      assert.ok(NON_INTERNET_CIDRS.includes(cidr), `${cidr} is not excluded`);
  });

  it('renders exactly that exported list in every internet rule', () => {
    const c = contain(`${QUIET}  custom:\n    - name: A\n      baseURL: https://api.example-llm.com/v1\n`);
    const rules = c.objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .flatMap((o: any) => (o.spec.egress ?? []) as any[])
      .flatMap((r) => (r.to ?? []) as any[])
      .filter((t) => t.ipBlock?.cidr === '0.0.0.0/0');
    assert.ok(rules.length > 0, 'no internet rule rendered');
    for (const t of rules) assert.deepEqual(t.ipBlock.except, [...NON_INTERNET_CIDRS]);
  });
});

describe('mutants: MCP servers give the same output in any order', () => {
  // Remote servers on the internet, in the cluster (with overlay labels), stdio servers, and names
  // that slug alike ("docs one" / "docs-one") so that the order decides which gets the suffix.
  const serverName = fc.constantFrom('docs one', 'docs-one', 'DOCS_ONE', 'fetch', 'github', 'web', 'web2', 'zeta');
  const kind = fc.constantFrom('remote', 'cluster', 'stdio');
  const servers = fc.uniqueArray(fc.record({ name: serverName, kind, n: fc.integer({ min: 0, max: 3 }) }), {
    selector: (s) => s.name,
    minLength: 2,
    maxLength: 6,
  });

  function render(list: { name: string; kind: string; n: number }[]): string {
    const config = ['mcpServers:'];
    const overlay = ['mcpServers:'];
    for (const s of list) {
      const key = JSON.stringify(s.name);
      const slug = s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      if (s.kind === 'stdio') config.push(`  ${key}:`, '    command: npx', `    args: ["-y", "pkg-${slug}"]`);
      else if (s.kind === 'cluster') {
        config.push(`  ${key}:`, '    type: streamable-http', `    url: http://${slug}-${s.n}.tools.svc:8000/mcp`);
        // A label of its own per server: two servers with one selector would select each other's
        // pods, which is an input error (issue 7 §4), not an ordering question.
        const id = createHash('sha256').update(s.name).digest('hex').slice(0, 12);
        overlay.push(
          `  ${key}:`,
          `    matchLabels: { app: ${slug}-${s.n}, server: s${id} }`,
          `    egress: [api.${slug}.example.com]`,
        );
      } else
        config.push(`  ${key}:`, '    type: streamable-http', `    url: https://mcp-${s.n}.${slug}.example.io/mcp`);
    }
    const c = buildContainment({
      configText: `${QUIET}${config.join('\n')}\n`,
      configFile: 'librechat.yaml',
      env: buildEnvironment({}),
      overlay: overlay.length > 1 ? { file: 'librechat.overlay.yaml', text: `${overlay.join('\n')}\n` } : undefined,
    });
    const json = JSON.stringify(explainJson(c.policy), (k, v) => (k === 'line' || k === 'column' ? undefined : v));
    return `${renderManifests(c.objects, '#')}\n${json}`;
  }

  it('renders identical manifests and findings for every permutation of the servers', () => {
    fc.assert(
      fc.property(
        servers.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        ([list, shuffled]) => {
          assert.equal(render(shuffled), render(list));
        },
      ),
      { numRuns: 60 },
    );
  });
});

// The further mutants of scripts/mutants.js on lib/policy and lib/render that the suites let through.
describe('mutants: allow-list matching (mcpSettings.allowedDomains against configured servers)', () => {
  const server = (allowed: string, url: string) =>
    contain(
      `${QUIET}mcpSettings:\n  allowedDomains: [${JSON.stringify(allowed)}]\nmcpServers:\n  x:\n    type: streamable-http\n    url: ${url}\n`,
    );
  const contradicts = (allowed: string, url: string) =>
    findingIds(server(allowed, url)).includes('allowlist-contradiction:mcpServers.x.url');

  it('*.example.com admits a subdomain, and not a name that only ends in "example.com"', () => {
    assert.ok(!contradicts('*.example-tools.com', 'https://mcp.example-tools.com/mcp'));
    assert.ok(contradicts('*.example-tools.com', 'https://mcp.evilexample-tools.com/mcp'));
    assert.ok(contradicts('*.example-tools.com', 'https://evilexample-tools.com/mcp'));
  });

  it('an entry with a port admits that port only', () => {
    assert.ok(!contradicts('https://mcp.example-tools.com:8443', 'https://mcp.example-tools.com:8443/mcp'));
    assert.ok(contradicts('https://mcp.example-tools.com:8443', 'https://mcp.example-tools.com/mcp'));
  });
});

describe('mutants: host classes at the edges of the private ranges', () => {
  for (const [ip, cls] of [
    ['172.15.255.255', 'public-ip'],
    ['172.16.0.1', 'private-ip'],
    ['172.31.255.255', 'private-ip'],
    ['172.32.0.1', 'public-ip'],
    ['100.63.255.255', 'public-ip'],
    ['100.64.0.1', 'private-ip'],
    ['100.127.255.255', 'private-ip'],
    ['100.128.0.1', 'public-ip'],
    // Link-local and the metadata address are special-purpose (issue 7 §1): never opened by a config value.
    ['169.254.169.254', 'special'],
    ['169.254.1.1', 'special'],
    ['192.168.0.1', 'private-ip'],
    ['192.169.0.1', 'public-ip'],
    ['127.0.0.1', 'loopback'],
  ] as const) {
    it(`${ip} is ${cls}`, () => assert.equal(classifyHost(ip), cls));
  }
});

describe('mutants: destinations and names', () => {
  it('keeps two ports of the same host in one group as two destinations', () => {
    const c = contain(
      `${QUIET.replace("['file_search', 'tools']", '[actions]')}actions:\n  allowedDomains: ["https://api.example-actions.com", "https://api.example-actions.com:8443"]\n`,
    );
    const hosts = Object.values(groupsOf(c)).flat();
    assert.ok(hosts.includes('api.example-actions.com:443'), hosts.join());
    assert.ok(hosts.includes('api.example-actions.com:8443'), hosts.join());
  });

  it('truncates a name of 64 characters (with a hash) and keeps one of 63', () => {
    const n63 = 'a'.repeat(63);
    assert.equal(stableName([n63]), n63);
    const n64 = stableName(['a'.repeat(64)]);
    assert.ok(n64.length <= 63, n64);
    assert.match(n64, /-[0-9a-f]{6}$/);
  });
});

describe('mutants: in-cluster private addresses in NetworkPolicies', () => {
  it('allows a private IP destination as exactly that address (/32)', () => {
    const c = contain(`${QUIET}  custom:\n    - name: Local\n      baseURL: http://10.0.0.7:8080/v1\n`);
    const blocks = c.objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .flatMap((o: any) => (o.spec.egress ?? []) as any[])
      .flatMap((r) => (r.to ?? []) as any[])
      .filter((t) => t.ipBlock && t.ipBlock.cidr !== '0.0.0.0/0')
      .map((t) => t.ipBlock.cidr);
    assert.deepEqual(blocks, ['10.0.0.7/32']);
  });
});
