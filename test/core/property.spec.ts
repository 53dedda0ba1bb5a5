// Properties that must hold for every config, checked on generated ones with fast-check:
// no permit outside what the config names, no secret in any output, valid and stable names,
// and output that does not depend on the order of entries.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { explainJson, explainText } from '../../lib/render/explain';
import { validateObject } from '../support/validate';
import { renderManifests } from '../../lib/render/yaml';
import { contain, renderedDomains } from '../support/core';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const tld = fc.constantFrom('com', 'net', 'io', 'ai', 'co.uk', 'dev', 'example');
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([labels, t]) => `${labels.join('.')}.${t}`);
const inCluster = fc.oneof(
  label,
  label.map((l) => `${l}.ns.svc.cluster.local`),
  fc.constant('localhost'),
  fc.constant('10.0.0.7'),
  fc.constant('host.docker.internal'),
);
const host = fc.oneof({ weight: 4, arbitrary: domain }, { weight: 1, arbitrary: inCluster });
const port = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 65535 }));
// Some names slug to the same group name on purpose ("Dup one", "dup-one", "DUP_ONE").
const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._()-]{0,40}$/),
  fc.constantFrom('Dup one', 'dup-one', 'DUP_ONE'),
);
const secret = fc.stringMatching(/^sk-[A-Za-z0-9]{24}$/);

interface Generated {
  yaml: string;
  env: Record<string, string>;
  configured: Set<string>;
  secrets: string[];
}

const url = (h: string, p: number | undefined) => `https://${h}${p ? `:${p}` : ''}/v1`;

const config = fc
  .record({
    endpoints: fc.uniqueArray(fc.record({ name, host, port, viaEnv: fc.boolean(), key: secret }), {
      // Distinct as the duplicate-name rule compares names (trimmed, any case): two entries it reads
      // as one are order-dependent on purpose (the first wins, as in LibreChat), so they are not
      // generated here ("z " and "Z" once made the order test fail).
      selector: (e) => e.name.trim().toLowerCase(),
      maxLength: 6,
    }),
    servers: fc.uniqueArray(fc.record({ name: label, host, port }), { selector: (s) => s.name, maxLength: 4 }),
    actions: fc.array(domain, { maxLength: 3 }),
    unresolved: fc.boolean(),
  })
  .map((g): Generated => {
    const env: Record<string, string> = {};
    const configured = new Set<string>();
    const secrets: string[] = [];
    const lines = [
      'version: 1.3.9',
      'interface:',
      '  mcpServers:',
      '    create: false',
      'endpoints:',
      '  agents:',
      '    capabilities: [actions, tools]',
      '  custom:',
    ];
    g.endpoints.forEach((e, i) => {
      const u = url(e.host, e.port);
      configured.add(e.host);
      secrets.push(e.key);
      env[`KEY_${i}`] = e.key;
      let base = JSON.stringify(u);
      if (e.viaEnv) {
        env[`URL_${i}`] = u;
        base = `"\${URL_${i}}"`;
      }
      lines.push(
        `    - name: ${JSON.stringify(e.name)}`,
        `      apiKey: "\${KEY_${i}}"`,
        `      baseURL: ${base}`,
        '      models: { default: [m], fetch: true }',
      );
    });
    if (g.unresolved) lines.push('    - name: "Unresolved"', '      baseURL: "${NOT_SET_ANYWHERE}"');
    if (g.endpoints.length === 0 && !g.unresolved) lines.pop();
    if (g.actions.length) {
      lines.push('actions:', '  allowedDomains:', ...g.actions.map((a) => `    - ${JSON.stringify(a)}`));
      g.actions.forEach((a) => configured.add(a));
    }
    if (g.servers.length) {
      lines.push('mcpServers:');
      for (const s of g.servers) {
        lines.push(
          `  ${s.name}:`,
          `    url: ${JSON.stringify(url(s.host, s.port))}`,
          '    headers:',
          `      Authorization: "Bearer \${KEY_0}"`,
        );
        configured.add(s.host);
      }
    }
    return { yaml: `${lines.join('\n')}\n`, env, configured, secrets };
  });

function acceptAll(g: Generated) {
  const first = contain(g.yaml, g.env);
  return contain(g.yaml, g.env, { accept: first.blocking.map((f) => f.id) });
}

describe('properties of every generated config', () => {
  it('never permits a domain the config does not name, and never * or a bare suffix', () => {
    fc.assert(
      fc.property(config, (g) => {
        const c = acceptAll(g);
        for (const d of renderedDomains(c)) {
          assert.ok(g.configured.has(d), `${d} is not in the config`);
          assert.ok(!d.includes('*'));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every API key out of the manifests, the explain output and the findings', () => {
    fc.assert(
      fc.property(config, (g) => {
        const c = acceptAll(g);
        const outputs = [
          renderManifests(c.objects, '#'),
          explainText(c.policy),
          JSON.stringify(explainJson(c.policy)),
        ].join('\n');
        for (const s of g.secrets) assert.ok(!outputs.includes(s), 'a secret leaked into the output');
      }),
      { numRuns: 100 },
    );
  });

  it('renders only valid objects with Kubernetes-safe names', () => {
    fc.assert(
      fc.property(config, (g) => {
        const c = acceptAll(g);
        for (const o of c.objects) assert.deepEqual(validateObject(o), []);
        for (const group of c.policy.groups) assert.match(group.name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on the order of the custom endpoints or MCP servers', () => {
    fc.assert(
      fc.property(config, (g) => {
        const reversed = reverseEntries(g.yaml);
        const a = acceptAll(g);
        const b = acceptAll({ ...g, yaml: reversed });
        assert.equal(renderManifests(b.objects, '#'), renderManifests(a.objects, '#'));
      }),
      { numRuns: 60 },
    );
  });
});

/** Reverses the order of the `- name:` entries under endpoints.custom. */
function reverseEntries(yaml: string): string {
  const lines = yaml.split('\n');
  const start = lines.indexOf('  custom:');
  if (start < 0) return yaml;
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('    ')) end++;
  const entries: string[][] = [];
  for (const line of lines.slice(start + 1, end)) {
    if (line.startsWith('    - ')) entries.push([line]);
    else entries[entries.length - 1].push(line);
  }
  return [...lines.slice(0, start + 1), ...entries.reverse().flat(), ...lines.slice(end)].join('\n');
}

describe('properties of hostile inputs', () => {
  const hostish = fc.stringMatching(/^[a-zA-Z0-9*%,.:@_\-[\]]{1,30}$/);

  it('permits only plain host names from any baseURL text, and never a wildcard', () => {
    fc.assert(
      fc.property(hostish, (h) => {
        const c = contain(
          `version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints:\n  agents: { capabilities: [] }\n  custom:\n    - name: X\n      baseURL: ${JSON.stringify(`https://${h}/v1`)}\n`,
        );
        for (const d of renderedDomains(c)) {
          assert.match(d, /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)+$/, d);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never prints a password of a connection string, whatever it holds', () => {
    const password = fc.stringMatching(/^[A-Za-z0-9/:@!$&'()*+,;=._~-]{6,20}$/).filter((p) => /[A-Za-z]{3}/.test(p));
    fc.assert(
      fc.property(password, fc.constantFrom('mongodb', 'mongodb+srv', 'redis', 'rediss'), (pw, scheme) => {
        const variable = scheme.startsWith('redis') ? 'REDIS_URI' : 'MONGO_URI';
        const c = contain(
          'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [] } }\n',
          { USE_REDIS: 'true', [variable]: `${scheme}://user:${pw}@db.example-store.com:6380/x?tls=true` },
        );
        const text = [
          renderManifests(c.objects, '#'),
          explainText(c.policy),
          JSON.stringify(explainJson(c.policy)),
          JSON.stringify(c.imagePulls),
        ].join('\n');
        assert.ok(!text.includes(pw), 'a password reached the output');
      }),
      { numRuns: 200 },
    );
  });
});
