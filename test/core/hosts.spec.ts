// Host classification, domain narrowness, wildcard matching, names and allow-list entries.
import { strict as assert } from 'node:assert';
import { parseAllowlistEntry } from '../../lib/policy/allowlists';
import { classifyHost, domainMatches, domainProblem, parseUrlTarget } from '../../lib/policy/hosts';
import { stableName, uniqueName } from '../../lib/policy/names';

describe('hosts', () => {
  it('classifies in-cluster, private, loopback, Docker and internet hosts', () => {
    const cases: Record<string, string> = {
      'api.openai.com': 'public',
      ollama: 'cluster-service',
      'rag.librechat.svc.cluster.local': 'cluster-service',
      'x.ns.svc': 'cluster-service',
      'db.internal': 'private-name',
      'nas.local': 'private-name',
      'corp.example': 'private-name',
      localhost: 'loopback',
      '127.0.0.1': 'loopback',
      '::1': 'loopback',
      'host.docker.internal': 'docker-host',
      '10.1.2.3': 'private-ip',
      '172.20.0.1': 'private-ip',
      '192.168.1.1': 'private-ip',
      '169.254.169.254': 'special',
      '100.64.0.9': 'private-ip',
      'fd00::1': 'private-ip',
      '8.8.8.8': 'public-ip',
    };
    for (const [host, cls] of Object.entries(cases)) assert.equal(classifyHost(host), cls, host);
  });

  it('parses URL targets with default ports and never keeps credentials or paths', () => {
    assert.deepEqual(parseUrlTarget('https://user:pw@API.Example.com/v1?key=s'), {
      scheme: 'https',
      host: 'api.example.com',
      port: 443,
      hostClass: 'public',
    });
    assert.deepEqual(parseUrlTarget('ws://h.example.com'), {
      scheme: 'ws',
      host: 'h.example.com',
      port: 80,
      hostClass: 'public',
    });
    assert.equal((parseUrlTarget('https://bücher.example.com') as { host: string }).host, 'xn--bcher-kva.example.com');
    assert.ok('error' in parseUrlTarget('ftp://x.example.com'));
    assert.ok('error' in parseUrlTarget('not a url'));
  });

  it('rejects allow-list entries that are too broad', () => {
    for (const bad of [
      '*',
      '*.com',
      '*.co.uk',
      '*.azurewebsites.net',
      'a.*.example.com',
      '**.example.com',
      'exa*mple.com',
    ]) {
      assert.ok(domainProblem(bad), bad);
    }
    for (const good of ['example.com', '*.example.com', 'api-*.example.com', 'a.b.example.co.uk'])
      assert.equal(domainProblem(good), undefined, good);
  });

  it('matches wildcards one label at a time', () => {
    assert.ok(domainMatches('*.example.com', 'api.example.com'));
    assert.ok(!domainMatches('*.example.com', 'a.b.example.com'));
    assert.ok(!domainMatches('*.example.com', 'example.com'));
    assert.ok(domainMatches('api-*.example.com', 'api-eu.example.com'));
  });

  it('parses LibreChat allow-list entries: host, *.domain, scheme://host[:port]', () => {
    assert.deepEqual(parseAllowlistEntry('https://api.example.com:8443/path'), {
      host: 'api.example.com',
      port: 8443,
      hostClass: 'public',
    });
    assert.deepEqual(parseAllowlistEntry('*.example.com'), {
      host: '*.example.com',
      port: undefined,
      hostClass: 'public',
    });
    assert.deepEqual(parseAllowlistEntry('http://clickhouse-mcp:8000'), {
      host: 'clickhouse-mcp',
      port: 8000,
      hostClass: 'cluster-service',
    });
    assert.ok('error' in parseAllowlistEntry('*'));
    assert.ok('error' in parseAllowlistEntry('*.com'));
  });
});

describe('names', () => {
  it('makes [a-z0-9-] names of at most 63 characters, with a hash when shortened', () => {
    assert.equal(stableName(['llm', 'OpenAI (DigitalOcean)']), 'llm-openai-digitalocean');
    const long = stableName(['mcp', 'x'.repeat(100)]);
    assert.equal(long.length, 63);
    assert.match(long, /^mcp-x+-[0-9a-f]{6}$/);
    assert.notEqual(stableName(['mcp', `${'x'.repeat(100)}a`]), stableName(['mcp', `${'x'.repeat(100)}b`]));
  });

  it('makes names unique deterministically', () => {
    const taken = new Set<string>();
    assert.deepEqual([uniqueName('a', taken), uniqueName('a', taken), uniqueName('a', taken)], ['a', 'a-2', 'a-3']);
  });
});
