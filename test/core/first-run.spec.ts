// Issue 8 §4, "a first run that renders": a blocking error only for what the config explicitly
// declares; LibreChat defaults that let users pick destinations are warnings that say what will be
// denied; --fail-on warning for teams that want them to block; a committed accept list with a
// reason; finding ids usable in a shell; one grouped finding for many servers with one problem.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { explainJson, explainText } from '../../lib/render/explain';
import { blockingFindings } from '../../lib/policy/model';
import { findingSlug } from '../../lib/policy/findings';
import { contain, findingIds, groupsOf } from '../support/core';

function withOverlay(yaml: string, overlay: string) {
  return buildContainment({
    configText: yaml,
    configFile: 'librechat.yaml',
    env: buildEnvironment({}),
    overlay: { file: 'librechat.overlay.yaml', text: overlay },
  });
}

describe('a first run that renders (issue 8 §4)', () => {
  it('LibreChat defaults alone (no capabilities list, no actions block, create unset) block nothing', () => {
    const c = contain('version: 1.3.9\n');
    assert.deepEqual(c.blocking, []);
    const actions = c.policy.findings.find((f) => f.id === 'actions-unrestricted')!;
    const user = c.policy.findings.find((f) => f.id === 'mcp-user-servers')!;
    assert.equal(actions.severity, 'warning');
    assert.equal(user.severity, 'warning');
    assert.match(actions.message, /users will see every Action call fail/);
    assert.match(actions.fix, /actions\.allowedDomains/);
    assert.match(user.message, /LibreChat defaults it to true/);
    assert.match(user.fix, /interface\.mcpServers\.create: false/);
  });

  it('the same keys written explicitly stay errors', () => {
    const explicitCaps = contain(
      'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [actions] } }\n',
    );
    assert.deepEqual(
      explicitCaps.blocking.map((f) => f.id),
      ['actions-unrestricted'],
    );
    const emptyList = contain(
      'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nactions: { allowedDomains: [] }\n',
    );
    assert.deepEqual(
      emptyList.blocking.map((f) => f.id),
      ['actions-unrestricted'],
    );
    const create = contain(
      'version: 1.3.9\ninterface: { mcpServers: { create: true } }\nendpoints: { agents: { capabilities: [] } }\n',
    );
    assert.deepEqual(
      create.blocking.map((f) => f.id),
      ['mcp-user-servers'],
    );
  });

  it('--fail-on warning makes the warnings block too, and accepting one by id lets it through', () => {
    const c = contain('version: 1.3.9\n');
    const warnings = blockingFindings(c.policy, 'warning').map((f) => f.id);
    assert.ok(warnings.includes('actions-unrestricted') && warnings.includes('mcp-user-servers'));
    assert.deepEqual(blockingFindings(c.policy, 'error'), []);
    const accepted = contain('version: 1.3.9\n', {}, { accept: warnings });
    assert.deepEqual(blockingFindings(accepted.policy, 'warning'), []);
    assert.deepEqual(groupsOf(accepted), groupsOf(c), 'accepting changed the allowed destinations');
    const strict = buildContainment({
      configText: 'version: 1.3.9\n',
      configFile: 'librechat.yaml',
      env: buildEnvironment({}),
      failOn: 'warning',
    });
    assert.ok(strict.blocking.some((f) => f.id === 'mcp-user-servers'));
  });

  it('finding ids need no quoting in a shell, and two names that slug alike keep distinct ids', () => {
    assert.equal(findingSlug('endpoints.custom[My API].baseURL'), 'endpoints.custom.My-API.baseURL');
    assert.equal(findingSlug("Bob's server"), 'Bob-s-server');
    const yaml =
      'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [] } }\n' +
      'mcpServers:\n  "docs one":\n    url: http://docs-one:8000/mcp\n  "docs-one":\n    url: http://docs-two:8000/mcp\n';
    const ids = findingIds(contain(yaml)).filter((id) => id.startsWith('overlay-mismatch'));
    assert.equal(ids.length, 2, ids.join(', '));
    assert.equal(new Set(ids).size, 2);
    for (const id of findingIds(contain(yaml))) assert.match(id, /^[A-Za-z0-9._:/@+=-]+$/, id);
    // Deterministic: the same config gives the same ids.
    assert.deepEqual(findingIds(contain(yaml)), findingIds(contain(yaml)));
  });

  it('many stdio servers fetched by one launcher are one finding that lists them', () => {
    const servers = Array.from(
      { length: 10 },
      (_, i) => `  s${i}:\n    command: npx\n    args: ['-y', '@example/server-${i}']\n`,
    ).join('');
    const c = contain(
      `version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints: { agents: { capabilities: [] } }\nmcpServers:\n${servers}`,
    );
    const fetches = c.policy.findings.filter((f) => f.kind === 'stdio-package-fetch');
    assert.deepEqual(
      fetches.map((f) => f.id),
      ['stdio-package-fetch:npx'],
    );
    for (let i = 0; i < 10; i++)
      assert.match(fetches[0].message, new RegExp(`\\bs${i} \\("npx @example/server-${i}"\\)`));
  });

  it('a committed accept list in the overlay accepts by id with a required reason, shown by explain', () => {
    const yaml =
      'version: 1.3.9\ninterface: { mcpServers: { create: true } }\nendpoints: { agents: { capabilities: [] } }\n';
    const c = withOverlay(
      yaml,
      'accept:\n  - id: mcp-user-servers\n    reason: users add servers; denied hosts are expected (SEC-1)\n',
    );
    assert.deepEqual(c.blocking, []);
    const f = c.policy.findings.find((x) => x.id === 'mcp-user-servers')!;
    assert.equal(f.accepted, true);
    assert.equal(f.acceptance?.reason, 'users add servers; denied hosts are expected (SEC-1)');
    assert.equal(f.acceptance?.source.line, 2);
    assert.match(
      explainText(c.policy),
      /accepted because: users add servers; denied hosts are expected \(SEC-1\) {2}\(librechat\.overlay\.yaml:2:5 accept\[0\]\)/,
    );
    const json = explainJson(c.policy) as { findings: { id: string; acceptedBecause?: { reason: string } }[] };
    assert.ok(json.findings.find((x) => x.id === 'mcp-user-servers')!.acceptedBecause!.reason.length > 0);
    assert.throws(() => withOverlay(yaml, 'accept:\n  - id: mcp-user-servers\n'), /needs a reason/);
    assert.throws(
      () => withOverlay(yaml, 'accept:\n  - id: "overlay-mismatch:Clickhouse Local"\n    reason: x y z\n'),
      /no spaces/,
    );
    const unused = withOverlay(yaml, 'accept:\n  - id: stdio-unbounded:gone\n    reason: removed last week\n');
    assert.ok(findingIds(unused, 'warning').includes('accept-unused:stdio-unbounded-gone'));
  });
});
