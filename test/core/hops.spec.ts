// Issue 7 §3: every hop that bypasses the allow-list is a blocking error: proxies, plain text to
// the internet on any host of a connection string, and package fetchers or unbounded fetchers
// behind any wrapper of a stdio MCP command.
import { strict as assert } from 'node:assert';
import { effectiveCommands, launchedPackage } from '../../lib/catalog/mcp';
import { contain, findingIds, groupsOf, QUIET } from '../support/core';
import type { Containment } from '../../lib/pipeline';

const hosts = (c: Containment) => c.policy.groups.flatMap((g) => g.destinations.map((d) => `${d.host}:${d.port}`));

describe('hops that bypass the allow-list (issue 7 §3)', () => {
  describe('proxies', () => {
    const INTERNET = 'http://proxy.example.net:3128';
    for (const variable of [
      'PROXY',
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'http_proxy',
      'https_proxy',
      'Https_Proxy',
      'ALL_PROXY',
      'all_proxy',
      'GLOBAL_AGENT_HTTP_PROXY',
    ]) {
      it(`${variable} on the internet is the error egress-proxy:${variable} and opens nothing`, () => {
        const c = contain(QUIET, { [variable]: INTERNET });
        assert.ok(
          c.blocking.some((f) => f.id === `egress-proxy:${variable}`),
          findingIds(c).join(),
        );
        assert.deepEqual(hosts(c), []);
        const accepted = contain(QUIET, { [variable]: INTERNET }, { accept: c.blocking.map((f) => f.id) });
        assert.deepEqual(hosts(accepted), [], 'accepting the finding opened the proxy');
      });
    }

    it('reads a proxy without a scheme (host:port) and a socks proxy the same way', () => {
      for (const value of ['proxy.example.net:3128', 'socks5://proxy.example.net:1080', 'socks5h://1.2.3.4:1080']) {
        const c = contain(QUIET, { HTTPS_PROXY: value });
        assert.ok(
          c.blocking.some((f) => f.id === 'egress-proxy:HTTPS_PROXY'),
          `${value}: ${findingIds(c).join()}`,
        );
        assert.deepEqual(hosts(c), []);
      }
    });

    it('allows only the declared egress proxy, and says so', () => {
      const c = contain(
        QUIET,
        { HTTPS_PROXY: INTERNET, HTTP_PROXY: 'http://other.example.org:8080' },
        {
          egressProxy: INTERNET,
        },
      );
      assert.deepEqual(groupsOf(c), { proxy: ['proxy.example.net:3128'] });
      const declared = c.policy.findings.find((f) => f.id === 'egress-proxy:HTTPS_PROXY')!;
      assert.equal(declared.severity, 'warning');
      assert.match(declared.message, /declares as its egress proxy/);
      const other = c.policy.findings.find((f) => f.id === 'egress-proxy:HTTP_PROXY')!;
      assert.equal(other.severity, 'error');
      assert.match(other.message, /the declared egress proxy is proxy\.example\.net:3128/);
    });

    it('refuses an egressProxy option that is not an internet proxy', () => {
      for (const bad of ['http://169.254.169.254:80', 'http://squid.proxy.svc.cluster.local:3128', 'not a url'])
        assert.throws(() => contain(QUIET, {}, { egressProxy: bad }), /egressProxy/);
    });

    it('keeps an in-cluster proxy a warning, and refuses a special-purpose one', () => {
      const inCluster = contain(QUIET, { HTTPS_PROXY: 'http://squid.proxy.svc.cluster.local:3128' });
      assert.ok(findingIds(inCluster, 'warning').includes('egress-proxy:HTTPS_PROXY'));
      const metadata = contain(QUIET, { HTTPS_PROXY: 'http://169.254.169.254:80' });
      assert.ok(metadata.blocking.some((f) => f.kind === 'special-address'));
      assert.deepEqual(metadata.policy.internal, []);
    });

    it("refuses a per-MCP-server proxy and a proxy in a stdio server's env", () => {
      const c = contain(`${QUIET}mcpServers:
  remote:
    url: https://mcp.example.com/mcp
    proxy: http://proxy.example.net:3128
  local:
    command: /opt/bin/mcp-server-time
    env:
      https_proxy: http://proxy.example.net:3128
`);
      assert.ok(
        c.blocking.some((f) => f.id === 'egress-proxy:mcpServers.remote'),
        findingIds(c).join(),
      );
      assert.ok(c.blocking.some((f) => f.id === 'egress-proxy:mcpServers.local.env.https_proxy'));
      assert.ok(!hosts(c).some((h) => h.startsWith('proxy.example.net')));
    });

    it('refuses RAG_OPENAI_PROXY and any other RAG_*_PROXY of the RAG API (rag_api app/config.py:202-205)', () => {
      for (const variable of ['RAG_OPENAI_PROXY', 'RAG_AZURE_PROXY']) {
        const c = contain(
          QUIET,
          { [variable]: 'http://proxy.example.net:3128' },
          { chartValues: { 'librechat-rag-api': { enabled: true } } },
        );
        assert.ok(
          c.blocking.some((f) => f.id === `egress-proxy:${variable}`),
          `${variable}: ${findingIds(c).join()}`,
        );
        assert.ok(!hosts(c).some((h) => h.startsWith('proxy.example.net')));
      }
    });
  });

  describe('plain text to the internet', () => {
    it('is an error for every host of a multi-host connection string, not only the first', () => {
      const c = contain(QUIET, {
        MONGO_URI: 'mongodb://mongodb.librechat.svc.cluster.local:27017,a.example.net:27017,b.example.org:27018/db',
      });
      const ids = findingIds(c, 'error');
      assert.ok(ids.includes('plaintext-internet:MONGO_URI:a.example.net'), ids.join());
      assert.ok(ids.includes('plaintext-internet:MONGO_URI:b.example.org'), ids.join());
      assert.ok(!hosts(c).some((h) => h.includes('example')), hosts(c).join());
    });

    it('is an error when the first host is on the internet, too', () => {
      const c = contain(QUIET, { MONGO_URI: 'mongodb://a.example.net:27017,b.example.org:27017/db' });
      assert.deepEqual(
        findingIds(c, 'error').filter((id) => id.startsWith('plaintext')),
        ['plaintext-internet:MONGO_URI:a.example.net', 'plaintext-internet:MONGO_URI:b.example.org'],
      );
    });

    it('allows TLS connections to every internet host of the string', () => {
      const c = contain(QUIET, { MONGO_URI: 'mongodb://a.example.net:27017,b.example.org:27017/db?tls=true' });
      assert.deepEqual(hosts(c).sort(), ['a.example.net:27017', 'b.example.org:27017']);
    });

    it('refuses plain redis:// and http:// stores and credentialed http:// APIs on the internet', () => {
      const redis = contain(QUIET, { USE_REDIS: 'true', REDIS_URI: 'redis://:pw@r1.example.net:6379' });
      assert.ok(redis.blocking.some((f) => f.id === 'plaintext-internet:REDIS_URI:r1.example.net'));
      const api = contain(
        `${QUIET}  custom:\n    - name: GW\n      apiKey: k\n      baseURL: http://api.example.net/v1\n`,
      );
      assert.ok(api.blocking.some((f) => f.id === 'plaintext-internet:llm-gw:api.example.net:80'));
      assert.deepEqual(hosts(api), []);
      const ws = contain(`${QUIET}mcpServers:\n  s:\n    type: websocket\n    url: ws://mcp.example.net/ws\n`);
      assert.ok(ws.blocking.some((f) => f.kind === 'plaintext-internet'));
    });

    it('still allows plain HTTP inside the cluster', () => {
      const c = contain(
        `${QUIET}  custom:\n    - name: Local\n      apiKey: k\n      baseURL: http://10.1.2.3:8000/v1\n`,
      );
      assert.ok(!c.policy.findings.some((f) => f.kind === 'plaintext-internet'));
    });
  });

  describe('stdio launchers behind wrappers', () => {
    const FETCHES: [string, string[]][] = [
      ['npx', ['-y', '@modelcontextprotocol/server-everything']],
      ['env', ['NODE_ENV=production', 'npx', '-y', '@modelcontextprotocol/server-everything']],
      ['/usr/bin/env', ['-i', 'PATH=/bin', 'npx', 'pkg']],
      ['env', ['-S', 'npx -y pkg']],
      ['sh', ['-c', 'npx -y @modelcontextprotocol/server-everything']],
      ['bash', ['-lc', 'cd /srv && exec npx -y pkg --flag']],
      ['/bin/sh', ['-ec', 'FOO=1 uvx mcp-server-time']],
      ['npm', ['exec', '--yes', '--', 'pkg']],
      ['npm', ['x', 'pkg']],
      ['bun', ['x', 'pkg']],
      ['bunx', ['pkg']],
      ['pnpm', ['dlx', 'pkg']],
      ['pnpx', ['pkg']],
      ['yarn', ['dlx', 'pkg']],
      ['uvx', ['mcp-server-time']],
      ['uv', ['tool', 'run', 'mcp-server-time']],
      ['pipx', ['run', 'mcp-server-time']],
      ['python3', ['-m', 'pipx', 'run', 'mcp-server-time']],
      ['python', ['-m', 'uv', 'tool', 'run', 'mcp-server-time']],
      ['sh', ['-c', 'pip install mcp-server-time && mcp-server-time']],
      ['docker', ['run', '-i', '--rm', '-e', 'TOKEN', 'mcp/time']],
      ['podman', ['run', '-i', 'mcp/time']],
      ['deno', ['run', '-A', 'npm:pkg']],
      ['timeout', ['300', 'npx', 'pkg']],
      ['sudo', ['-u', 'node', 'npx', 'pkg']],
      ['nohup', ['npx', 'pkg']],
    ];
    for (const [command, args] of FETCHES) {
      it(`${command} ${args.join(' ')}: stdio-package-fetch`, () => {
        assert.ok(launchedPackage(command, args), JSON.stringify(effectiveCommands(command, args)));
        const c = contain(
          `${QUIET}mcpServers:\n  s:\n    command: ${JSON.stringify(command)}\n    args: ${JSON.stringify(args)}\n`,
        );
        assert.ok(
          c.blocking.some((f) => f.id === 'stdio-package-fetch:s'),
          findingIds(c).join(),
        );
      });
    }

    const UNBOUNDED: [string, string[]][] = [
      ['sh', ['-c', '/opt/venv/bin/mcp-server-fetch']],
      ['python3', ['-m', 'mcp_server_fetch']],
      ['env', ['A=1', 'mcp-server-playwright']],
      ['bash', ['-lc', 'npx -y @playwright/mcp']],
      ['npm', ['exec', '@modelcontextprotocol/server-puppeteer']],
    ];
    for (const [command, args] of UNBOUNDED) {
      it(`${command} ${args.join(' ')}: stdio-unbounded`, () => {
        const c = contain(
          `${QUIET}mcpServers:\n  s:\n    command: ${JSON.stringify(command)}\n    args: ${JSON.stringify(args)}\n`,
        );
        assert.ok(
          c.blocking.some((f) => f.id === 'stdio-unbounded:s'),
          findingIds(c).join(),
        );
      });
    }

    it('does not flag local programs or local scripts', () => {
      for (const [command, args] of [
        ['node', ['/app/server.js']],
        ['deno', ['run', './server.ts']],
        ['sh', ['-c', '/opt/bin/mcp-server-time']],
        ['python3', ['/app/server.py']],
      ] as [string, string[]][])
        assert.equal(launchedPackage(command, args), undefined, `${command} ${args.join(' ')}`);
    });

    it('finds the catalog hosts of a known server behind a wrapper', () => {
      const c = contain(
        `${QUIET}mcpServers:\n  gh:\n    command: sh\n    args: ['-c', 'exec /opt/bin/mcp-server-sentry']\n`,
      );
      assert.deepEqual(groupsOf(c)['mcp-gh'], ['sentry.io:443']);
    });
  });
});
