// Regression tests for inputs a reviewer used to make the tool permit more than the config names,
// leak a secret, crash, or depend on the machine. Each must fail closed.
import { strict as assert } from 'node:assert';
import { buildEnvironment, resolve } from '../../lib/config/env';
import { parseConnectionString } from '../../lib/config/uri';
import { buildContainment } from '../../lib/pipeline';
import { byText } from '../../lib/policy/names';
import { contain, findingIds, groupsOf, QUIET, renderedDomains } from '../support/core';

describe('adversarial inputs', () => {
  it('never permits a wildcard, a list or a public suffix taken from a URL or an instance name', () => {
    const c = contain(`${QUIET}  custom:
    - name: A
      baseURL: https://*.co.uk/v1
    - name: B
      baseURL: https://%2A.github.io/v1
    - name: C
      baseURL: https://a.com,b.com/v1
    - name: D
      baseURL: https://co.uk/v1
  azureOpenAI:
    groups:
      - group: star
        instanceName: "*"
        models: { m: true }
      - group: suffix
        instanceName: "*.azure.com"
        models: { m: true }
`);
    assert.deepEqual(groupsOf(c), {});
    assert.deepEqual(renderedDomains(c), []);
    assert.ok(c.blocking.length >= 6, findingIds(c, 'error').join(', '));
  });

  it('refuses a mongodb+srv name directly under a public suffix', () => {
    const c = contain(QUIET, { MONGO_URI: 'mongodb+srv://u:p@foo.co.uk/db' });
    assert.deepEqual(groupsOf(c), {});
    assert.ok(c.blocking.some((f) => f.kind === 'wildcard-too-broad'));
  });

  it('refuses registry hosts and regions that are not names', () => {
    const c = buildContainment({
      configText: QUIET,
      configFile: 'l.yaml',
      env: buildEnvironment({}),
      chartValues: { text: 'image:\n  registry: "*"\nmongodb:\n  image:\n    registry: "*.io"\n', file: 'v.yaml' },
      derive: { cloud: 'eks', region: '*' },
    });
    const hosts = c.policy.imagePulls.registries.map((r) => r.host);
    assert.ok(!hosts.some((h) => h.includes('*') && !h.startsWith('*.data.mcr')), hosts.join(', '));
    assert.ok(c.blocking.some((f) => f.id === 'invalid-url:image.registry'));
    assert.ok(c.blocking.some((f) => f.id === 'invalid-url:image-pulls:region'));
  });

  it('keeps MCP servers whose names slug alike as two workloads', () => {
    const c = buildContainment({
      configText: `${QUIET}mcpServers:\n  "docs one":\n    url: http://a.tools.svc.cluster.local:8000/mcp\n  docs-one:\n    url: http://b.tools.svc.cluster.local:8000/mcp\n`,
      configFile: 'l.yaml',
      env: buildEnvironment({}),
      overlay: {
        file: 'o.yaml',
        text: 'mcpServers:\n  "docs one":\n    matchLabels: { app: docs-one }\n    egress: [good.example.com]\n  docs-one:\n    matchLabels: { app: docs-two }\n    egress: [other.example.com]\n',
      },
    });
    const mcp = c.policy.workloads.filter((w) => w.role === 'mcp-server').map((w) => `${w.id}:${w.matchLabels.app}`);
    assert.deepEqual(mcp, ['mcp-docs-one:docs-one', 'mcp-docs-one-2:docs-two']);
    const egress = (id: string) =>
      c.policy.groups.filter((g) => g.workload === id).flatMap((g) => g.destinations.map((d) => d.host));
    assert.deepEqual([egress('mcp-docs-one'), egress('mcp-docs-one-2')], [['good.example.com'], ['other.example.com']]);
  });

  it('reads YAML merge keys as LibreChat (js-yaml) does', () => {
    const c = contain(
      `${QUIET}base: &fetch\n  command: uvx\n  args: [mcp-server-fetch]\nmcpServers:\n  fetch:\n    <<: *fetch\n`.replace(
        'base:',
        'x-base:',
      ),
    );
    assert.ok(c.blocking.some((f) => f.id === 'stdio-unbounded:fetch'));
  });

  it('never takes a password for a host, whatever characters it holds', () => {
    for (const uri of [
      'mongodb://admin:s3cr3t/x@db.example.com:27017/',
      'redis://:hunter2/x@r.example.com:6380',
      'mongodb://admin:p@ss@db.example.com/?tls=true',
    ]) {
      const t = parseConnectionString(uri)!;
      assert.ok(!JSON.stringify(t).match(/s3cr3t|hunter2|ss@|admin/), uri);
    }
    const c = contain(QUIET, {
      MONGO_URI: 'mongodb://admin:p@ss@db.example.com/?tls=true',
      USE_REDIS: 'true',
      REDIS_URI: 'redis://:hunter2/x@r.corp.internal:6380',
    });
    assert.ok(!JSON.stringify(c).match(/hunter2|p@ss|ss@db/));
    assert.deepEqual(groupsOf(c)['data-mongodb'], ['db.example.com:27017']);
  });

  it('treats an empty variable as unset and "${A}${B}" as one unknown name, as LibreChat does', () => {
    const env = buildEnvironment({ pairs: { SUB: '', A: 'api.openai.com', B: 'x' } });
    assert.equal(resolve('https://${SUB}evil.example.com', env).value, 'https://${SUB}evil.example.com');
    assert.equal(resolve('${A}${B}', env).value, '${A}${B}');
    assert.deepEqual(
      groupsOf(
        contain(`${QUIET}  custom:\n    - name: E\n      baseURL: https://\${SUB}evil.example.com/v1\n`, { SUB: '' }),
      ),
      {},
    );
  });

  it('warns that web groups may not match on other ports', () => {
    const c = contain(`${QUIET}  custom:\n    - name: G\n      baseURL: https://gw.example.com:9443/v1\n`);
    assert.ok(findingIds(c).includes('non-web-port:llm-g:gw.example.com:9443'));
  });

  it('keeps rule and web group names unique when a split group meets a group of that name', () => {
    const c = contain(
      `${QUIET}mcpServers:\n  x:\n    url: https://mcp.example.com/mcp\n    oauth:\n      token_url: https://auth.example.com:8443/token\n  "x 443":\n    url: https://other.example.com/mcp\n`,
    );
    const fp: any = c.objects.find(
      (o) => o.kind === 'FirewallPolicy' && o.metadata.name === 'librechat-librechat-egress',
    );
    const names = fp.spec.webGroups.map((w: any) => w.name);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(names, ['mcp-x-443', 'mcp-x-8443', 'mcp-x-443-2']);
  });

  it('reports aliases that expand too far, and reads a string document only once', () => {
    const laughs = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    assert.throws(() => contain(laughs), /cannot be expanded|must be a mapping|Excessive/);
    assert.throws(() => contain('https://example.com/librechat.yaml\n'), /must be a mapping/);
  });

  it('sorts the same way in every locale', () => {
    assert.deepEqual(['Zed', 'Aalto', 'aa', 'y', 'i'].sort(byText), ['Aalto', 'Zed', 'aa', 'i', 'y']);
  });
});
