// Issue 7 §2: a wildcard is never broader than a domain the tool would refuse; the tool never
// derives one broader than one tenant; explain says ALLOWED for a host a wildcard permit covers.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { getPublicSuffix } from 'tldts';
import { allSuffixRules, hasSuffixBelow, isPublicSuffix } from '../../lib/catalog/public-suffixes';
import { SHARED_DOMAINS } from '../../lib/catalog/shared-domains';
import { domainProblem, permitCovers } from '../../lib/policy/hosts';
import { explainHost } from '../../lib/render/explain';
import { contain, QUIET } from '../support/core';

const REFUSED = [
  '*.com',
  '*.co.uk',
  '*.amazonaws.com',
  '*.compute.amazonaws.com',
  '*.s3.amazonaws.com',
  '*.github.io',
  '*.azurewebsites.net',
  '*.windows.net',
  '*.core.windows.net',
  '*.blob.core.windows.net',
  '*.googleapis.com',
  '*.herokuapp.com',
  '*.vercel.app',
  '*.ngrok.io',
  '*.ngrok-free.app',
  '*.trycloudflare.com',
  '*.loca.lt',
  '*.mongodb.net',
  '*.openai.azure.com',
  '*.azure.com',
  '*.nip.io',
  '10.0.0.1.nip.io',
  '169.254.169.254.sslip.io',
  'x.localtest.me',
  '*.oast.fun',
  'abc.oast.pro',
  'abc.interact.sh',
  'x.burpcollaborator.net',
  'webhook.site',
  'abc.m.pipedream.net',
];

const ALLOWED = [
  '*.example.com',
  '*.api.example.com',
  '*.abcde.mongodb.net',
  '*.mybucket.s3.amazonaws.com',
  '*.myapp.azurewebsites.net',
  '*.my-tunnel.ngrok.io',
  'api.openai.com',
  's3.eu-central-1.amazonaws.com',
  'storage.googleapis.com',
  'myres.openai.azure.com',
];

describe('wildcards (issue 7 §2)', () => {
  describe('the check', () => {
    for (const d of REFUSED) it(`refuses ${d}`, () => assert.ok(domainProblem(d), d));
    for (const d of ALLOWED) it(`allows ${d}`, () => assert.equal(domainProblem(d), undefined, d));

    it('is monotone: when *.x.y is refused, every wildcard over a parent of x.y is refused too', () => {
      const label = fc.constantFrom(
        'a',
        'api',
        'x1',
        's3',
        'com',
        'uk',
        'co',
        'io',
        'net',
        'amazonaws',
        'compute',
        'eu-west-1',
        'github',
        'ngrok',
        'nip',
        'mongodb',
        'abcde',
        'windows',
        'core',
        'blob',
        'azure',
        'openai',
        'example',
        'oast',
        'fun',
        'googleapis',
        'appspot',
        'ck',
        'www',
      );
      const check = (domain: string) => {
        if (!domainProblem(`*.${domain}`)) return;
        const labels = domain.split('.');
        for (let i = 1; i < labels.length; i++) {
          const parent = labels.slice(i).join('.');
          assert.ok(domainProblem(`*.${parent}`), `*.${domain} is refused but *.${parent} is not`);
        }
      };
      fc.assert(
        fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (ls) => check(ls.join('.'))),
        {
          numRuns: 3000,
        },
      );
      for (const rule of allSuffixRules().slice(0, 3000)) check(rule.replace(/^\*\./, 'zz.'));
      for (const s of SHARED_DOMAINS) check(`tenant.${s.domain}`);
    });

    it('refuses every wildcard whose fixed part is a suffix, or has one under it', () => {
      for (const rule of allSuffixRules()) {
        const suffix = rule.replace(/^\*\./, 'zz.');
        if (!/^[a-z0-9.-]+$/.test(suffix)) continue; // IDN rules: hosts are punycode here
        assert.ok(domainProblem(`*.${suffix}`), `*.${suffix}`);
        const parent = suffix.split('.').slice(1).join('.');
        if (parent) assert.ok(domainProblem(`*.${parent}`), `*.${parent} covers ${suffix}`);
      }
    });
  });

  describe('the Public Suffix List data', () => {
    it('is the list of the pinned tldts: every rule of its trie is a suffix by its public API', () => {
      const rules = allSuffixRules();
      assert.ok(rules.length > 9000, `only ${rules.length} rules: has the tldts trie layout changed?`);
      for (const rule of rules) {
        const probe = rule.replace(/^\*\./, 'zz.');
        assert.equal(getPublicSuffix(probe, { allowPrivateDomains: true }), probe, rule);
      }
      for (const s of ['com', 'co.uk', 's3.amazonaws.com', 'github.io', 'azurewebsites.net'])
        assert.ok(rules.includes(s), s);
    });

    it('knows which domains have suffixes under them', () => {
      assert.ok(hasSuffixBelow('amazonaws.com'));
      assert.ok(hasSuffixBelow('com'));
      assert.ok(hasSuffixBelow('windows.net'));
      assert.ok(!hasSuffixBelow('example.com'));
      assert.ok(!hasSuffixBelow('github.io'));
      assert.ok(isPublicSuffix('github.io'));
      assert.ok(!isPublicSuffix('example.com'));
    });

    it('cites a source for every shared domain, and lists none the suffix rule alone misses silently', () => {
      for (const s of SHARED_DOMAINS) {
        assert.match(s.source, /^https?:\/\//, s.domain);
        assert.ok(domainProblem(`*.${s.domain}`), s.domain);
      }
    });
  });

  describe('allow-lists', () => {
    it('refuses a tunnel or a shared-hosting wildcard in actions.allowedDomains and opens nothing for it', () => {
      const yaml = `version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints:\n  agents:\n    capabilities: [actions]\nactions:\n  allowedDomains: ['*.ngrok-free.app', '*.amazonaws.com', '*.nip.io', 'api.example.com']\n`;
      const c = contain(yaml);
      const hosts = c.policy.groups.flatMap((g) => g.destinations.map((d) => d.host));
      assert.deepEqual(hosts, ['api.example.com']);
      assert.equal(c.blocking.filter((f) => f.kind === 'wildcard-too-broad').length, 3);
    });
  });

  describe('wildcards the tool derives itself (mongodb+srv)', () => {
    it('bounds the SRV wildcard by the cluster name under its own tenant', () => {
      const c = contain(QUIET, { MONGO_URI: 'mongodb+srv://u:p@cluster0.abcde.mongodb.net/LibreChat' });
      const hosts = c.policy.groups.flatMap((g) => g.destinations.map((d) => d.host));
      assert.deepEqual(hosts, ['*.abcde.mongodb.net']);
    });

    for (const uri of [
      'mongodb+srv://u:p@cluster0.mongodb.net/LibreChat',
      'mongodb+srv://db.example.com/LibreChat',
      'mongodb+srv://example.com/LibreChat',
    ]) {
      it(`never derives a wildcard over a provider's or a registrable domain: ${uri.replace(/u:p@/, '')}`, () => {
        const c = contain(QUIET, { MONGO_URI: uri });
        const hosts = c.policy.groups.flatMap((g) => g.destinations.map((d) => d.host));
        assert.deepEqual(hosts, []);
        assert.ok(
          c.blocking.some((f) => f.id === 'wildcard-too-broad:MONGO_URI:srv'),
          c.blocking.map((f) => f.id).join(),
        );
        const accepted = contain(QUIET, { MONGO_URI: uri }, { accept: c.blocking.map((f) => f.id) });
        assert.deepEqual(
          accepted.policy.groups.flatMap((g) => g.destinations),
          [],
        );
      });
    }
  });

  describe('explain', () => {
    it('says ALLOWED for a host a wildcard permit covers, at any depth, and names the entry', () => {
      const c = contain(QUIET, { MONGO_URI: 'mongodb+srv://cluster0.abcde.mongodb.net/LibreChat' });
      for (const host of ['cluster0-shard-00-01.abcde.mongodb.net:27017', 'a.b.abcde.mongodb.net:27017']) {
        const answer = explainHost(c.policy, host);
        assert.ok(answer.allowed, answer.text);
        assert.match(answer.text, /the wildcard entry \*\.abcde\.mongodb\.net covers/);
      }
      assert.ok(!explainHost(c.policy, 'abcde.mongodb.net:27017').allowed, 'the apex is not covered');
      assert.ok(!explainHost(c.policy, 'other.mongodb.net:27017').allowed);
    });

    it('reads *.x as any depth, never the apex', () => {
      assert.ok(permitCovers('*.example.com', 'a.b.example.com'));
      assert.ok(!permitCovers('*.example.com', 'example.com'));
      assert.ok(!permitCovers('*.example.com', 'badexample.com'));
      assert.ok(permitCovers('api-*.example.com', 'api-eu.example.com'));
    });
  });
});
