// Issue 7 §1: a config value never opens a special-purpose address, in any textual form a client
// accepts; the NetworkPolicy "internet" rule excludes every non-public range; a service name
// never becomes every pod of a namespace.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  canonicalIp,
  classifyAddress,
  nonInternetIpv4Cidrs,
  nonInternetIpv6Cidrs,
  specialTarget,
} from '../../lib/policy/addresses';
import { classifyHost, normaliseHost, parseUrlTarget } from '../../lib/policy/hosts';
import { NON_INTERNET_CIDRS } from '../../lib/render/network-policies';
import { contain, QUIET } from '../support/core';
import type { Containment } from '../../lib/pipeline';

/** Every textual form of one IPv4 address that Node's URL parser or getaddrinfo (inet_aton) reads. */
function ipv4Forms(ip: string): string[] {
  const o = ip.split('.').map(Number);
  const n = ((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3];
  const hex = (x: number) => `0x${x.toString(16)}`;
  const oct = (x: number) => `0${x.toString(8)}`;
  const v6 = (a: number, b: number) => `${a.toString(16)}:${b.toString(16)}`;
  const hi = (o[0] << 8) | o[1];
  const lo = (o[2] << 8) | o[3];
  return [
    ip,
    `${ip}.`,
    String(n),
    hex(n),
    `0x${n.toString(16).padStart(8, '0').toUpperCase()}`,
    o.map(oct).join('.'),
    o.map(hex).join('.'),
    `${o[0]}.${o[1]}.${(o[2] << 8) | o[3]}`,
    `${o[0]}.${(o[1] << 16) | (o[2] << 8) | o[3]}`,
    `[::ffff:${ip}]`,
    `[::ffff:${v6(hi, lo)}]`,
    `[0:0:0:0:0:ffff:${ip}]`,
    `[::${ip}]`,
    `[64:ff9b::${ip}]`,
    `[64:ff9b::${v6(hi, lo)}]`,
    `[2002:${v6(hi, lo)}::]`,
    `[2002:${v6(hi, lo)}:1:2:3:4:5]`,
  ];
}

const METADATA_V4 = ['169.254.169.254', '169.254.170.2', '169.254.170.23', '168.63.129.16', '100.100.100.200'];
const METADATA_V6 = ['fd00:ec2::254', 'fd00:ec2::23', 'fd20:ce::254'];
const METADATA_NAMES = [
  'metadata.google.internal',
  'metadata.google.internal.',
  'METADATA.Google.Internal',
  'metadata',
];

/** An address (or name) in each blocked class, with the class it must land in. */
const BLOCKED: Record<string, string[]> = {
  'link-local': ['169.254.1.1', '169.254.255.254', 'fe80::1', 'fe80::1%25eth0', 'febf::1'],
  unspecified: ['0.0.0.0', '0.1.2.3', '::'],
  multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff05::2'],
  broadcast: ['255.255.255.255'],
  reserved: ['240.0.0.1', '192.0.0.8', '192.88.99.1', '100::1', '2001::1', '64:ff9b:1::1', '4000::1'],
  benchmarking: ['198.18.0.1', '198.19.255.255', '2001:2::1'],
  documentation: ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '3fff::1'],
};

function permittedDestinations(c: Containment): string[] {
  return c.policy.groups.flatMap((g) => g.destinations.map((d) => d.host));
}

function ipBlocks(c: Containment): string[] {
  const out: string[] = [];
  for (const o of c.objects as any[]) {
    if (o.kind !== 'NetworkPolicy') continue;
    for (const rule of o.spec.egress ?? []) for (const to of rule.to ?? []) if (to.ipBlock) out.push(to.ipBlock.cidr);
  }
  return out;
}

function customEndpoint(url: string): string {
  return `${QUIET}  custom:\n    - name: Probe\n      apiKey: k\n      baseURL: '${url}'\n`;
}

describe('special-purpose addresses (issue 7 §1)', () => {
  describe('every textual form lands in the class of the address it reaches', () => {
    for (const ip of [...METADATA_V4, '169.254.1.2', '127.0.0.1', '10.1.2.3', '8.8.8.8', '192.0.2.1']) {
      it(`${ip}: decimal, hex, octal, short, trailing dot, IPv4-mapped/-compatible, NAT64, 6to4`, () => {
        const expected = classifyAddress(ip)!.class;
        for (const form of ipv4Forms(ip)) {
          const info = classifyAddress(form);
          assert.ok(info, `${form} is not read as an address`);
          assert.equal(info.class, expected, `${form} is ${info.class}, not ${expected}`);
          // What Node's URL parser makes of it is classified the same.
          const target = parseUrlTarget(`http://${form}:8080/v1`);
          assert.ok(!('error' in target), `${form}: ${JSON.stringify(target)}`);
          assert.equal(classifyAddress(target.host)?.class, expected, `URL form ${form}`);
        }
      });
    }

    it('reads the forms the way the WHATWG URL parser does (2852039166 is 169.254.169.254)', () => {
      assert.equal(canonicalIp('2852039166'), '169.254.169.254');
      assert.equal(canonicalIp('0xa9fea9fe'), '169.254.169.254');
      assert.equal(canonicalIp('0251.0376.0251.0376'), '169.254.169.254');
      assert.equal(canonicalIp('169.254.43518'), '169.254.169.254');
      assert.equal(canonicalIp('[::ffff:169.254.169.254]'), '::ffff:a9fe:a9fe');
      assert.equal(new URL('http://2852039166/').hostname, '169.254.169.254');
      assert.equal(normaliseHost('169.254.169.254..'), '169.254.169.254');
      assert.equal(canonicalIp('1.2.3.4.5'), undefined);
      assert.equal(classifyHost('1.2.3.4.5'), 'special', 'a name ending in a number is never a DNS name');
    });

    it('classifies the metadata and credential endpoints of every cloud as metadata', () => {
      for (const ip of [...METADATA_V4, ...METADATA_V6, '192.0.0.192'])
        assert.equal(classifyAddress(ip)?.class, 'metadata', ip);
      for (const name of METADATA_NAMES) assert.equal(specialTarget(normaliseHost(name))?.class, 'metadata', name);
      for (const ip of METADATA_V4)
        for (const form of ipv4Forms(ip)) assert.equal(classifyAddress(form)?.class, 'metadata', form);
    });

    for (const [cls, addresses] of Object.entries(BLOCKED)) {
      it(`${cls}: ${addresses.join(', ')}`, () => {
        for (const a of addresses) assert.equal(classifyAddress(a)?.class, cls, a);
      });
    }

    it('keeps loopback inside the pod and private ranges private', () => {
      for (const a of ['127.0.0.1', '127.1', '2130706433', '::1', '[::ffff:127.0.0.1]'])
        assert.equal(classifyHost(normaliseHost(a)), 'loopback', a);
      for (const a of ['10.0.0.1', '172.31.255.1', '192.168.0.1', '100.64.0.1', 'fd12::1', '[::ffff:10.0.0.1]'])
        assert.equal(classifyHost(normaliseHost(a)), 'private-ip', a);
      for (const a of ['8.8.8.8', '2606:4700::1111', '[64:ff9b::808:808]'])
        assert.equal(classifyHost(normaliseHost(a)), 'public-ip', a);
    });

    it('names the Kubernetes API service and the kubelet as control-plane targets', () => {
      for (const n of [
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ])
        assert.equal(specialTarget(n)?.class, 'kubernetes-api', n);
      for (const [h, p] of [
        ['10.0.1.5', 10250],
        ['192.168.3.4', 10255],
        ['node-1', 10250],
        ['metrics.kube-system.svc.cluster.local', 10250],
        ['ip-10-0-1-5.ec2.internal', 10250],
      ] as const)
        assert.equal(specialTarget(h, p)?.class, 'kubelet', `${h}:${p}`);
      assert.equal(specialTarget('10.0.1.5', 8080), undefined);
      assert.equal(specialTarget('api.example.com', 10250), undefined);
    });
  });

  describe('a config value never opens them, and accepting the finding opens nothing', () => {
    const urls = [
      ...METADATA_V4.flatMap((ip) => ipv4Forms(ip).map((f) => `http://${f}/latest/meta-data/`)),
      ...METADATA_V6.map((ip) => `http://[${ip}]/latest/`),
      ...METADATA_NAMES.map((n) => `http://${n}/computeMetadata/v1/`),
      ...Object.values(BLOCKED)
        .flat()
        .map((a) => (a.includes(':') ? `http://[${a.replace('%25eth0', '')}]/` : `http://${a}/`)),
      'https://kubernetes.default.svc/api',
      'https://kubernetes.default.svc.cluster.local:443/',
      'http://kubernetes/',
      'https://10.0.1.5:10250/pods',
      'http://192.168.1.7:10255/stats',
    ];
    for (const url of urls) {
      it(url, () => {
        const c = contain(customEndpoint(url));
        const finding = c.blocking.find((f) => f.kind === 'special-address');
        assert.ok(finding, `no special-address error for ${url}: ${c.policy.findings.map((f) => f.id).join(', ')}`);
        assert.deepEqual(permittedDestinations(c), []);
        assert.deepEqual(c.policy.internal, []);
        assert.ok(!ipBlocks(c).some((b) => b !== '0.0.0.0/0'));
        const accepted = contain(customEndpoint(url), {}, { accept: c.blocking.map((f) => f.id) });
        assert.deepEqual(accepted.blocking, []);
        assert.deepEqual(permittedDestinations(accepted), []);
        assert.deepEqual(accepted.policy.internal, []);
        assert.ok(!ipBlocks(accepted).some((b) => b !== '0.0.0.0/0'));
      });
    }

    it('refuses them in connection strings too, on every host (MONGO_URI, REDIS_URI)', () => {
      for (const uri of [
        'mongodb://[fd00:ec2::254]:27017/db',
        'mongodb://mongo-0.example.com:27017,2852039166:27017/db?tls=true',
        'redis://169.254.169.254:6379',
      ]) {
        const c = contain(QUIET, {
          MONGO_URI: uri.startsWith('redis') ? 'mongodb://m.example.com/x?tls=true' : uri,
          ...(uri.startsWith('redis') ? { USE_REDIS: 'true', REDIS_URI: uri } : {}),
        });
        assert.ok(
          c.policy.findings.some((f) => f.kind === 'special-address' && f.severity === 'error'),
          `${uri}: ${c.policy.findings.map((f) => f.id).join(', ')}`,
        );
        assert.ok(!permittedDestinations(c).some((h) => specialTarget(h) || classifyAddress(h)?.class === 'metadata'));
        assert.ok(!ipBlocks(c).some((b) => b.startsWith('169.254') || b.startsWith('fd00:ec2')));
      }
    });

    it('refuses them in allow-lists (bracketed IPv6 and decimal forms)', () => {
      const yaml = `version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints:\n  agents:\n    capabilities: [actions]\nactions:\n  allowedDomains: ['http://[::ffff:a9fe:a9fe]', '2852039166', 'metadata.google.internal', 'api.example.com']\n`;
      const c = contain(yaml);
      assert.deepEqual(permittedDestinations(c), ['api.example.com']);
      assert.equal(c.blocking.filter((f) => f.kind === 'special-address').length, 3);
    });
  });

  describe('the NetworkPolicy "internet" rule', () => {
    it('excludes every non-public IPv4 range, from the catalog', () => {
      assert.deepEqual(
        [...NON_INTERNET_CIDRS],
        [
          '0.0.0.0/8',
          '10.0.0.0/8',
          '100.64.0.0/10',
          '127.0.0.0/8',
          '168.63.129.16/32',
          '169.254.0.0/16',
          '172.16.0.0/12',
          '192.0.0.0/24',
          '192.0.2.0/24',
          '192.31.196.0/24',
          '192.52.193.0/24',
          '192.88.99.0/24',
          '192.168.0.0/16',
          '192.175.48.0/24',
          '198.18.0.0/15',
          '198.51.100.0/24',
          '203.0.113.0/24',
          '224.0.0.0/4',
          '240.0.0.0/4',
        ],
      );
      assert.deepEqual([...NON_INTERNET_CIDRS], nonInternetIpv4Cidrs());
    });

    it('has its IPv6 equivalent ready: the special ranges and everything outside global unicast', () => {
      assert.deepEqual(nonInternetIpv6Cidrs(), [
        '::/3',
        '2001::/23',
        '2001:db8::/32',
        '2002::/16',
        '2620:4f:8000::/48',
        '3fff::/20',
        '4000::/2',
        '8000::/1',
      ]);
    });

    it('is the rule the manifests carry', () => {
      const c = contain(customEndpoint('https://api.example.com/v1'));
      const rule = (c.objects as any[])
        .filter((o) => o.kind === 'NetworkPolicy')
        .flatMap((o) => o.spec.egress ?? [])
        .find((r: any) => r.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0');
      assert.deepEqual(rule.to[0].ipBlock.except, [...NON_INTERNET_CIDRS]);
    });

    it('property: no address outside the except list is special, and every special IPv4 address is inside it', () => {
      const inside = (ip: string) =>
        NON_INTERNET_CIDRS.some((c) => {
          const [base, len] = c.split('/');
          const toN = (s: string) => s.split('.').reduce((a, x) => a * 256 + Number(x), 0);
          const mask = Number(len) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(len));
          return (toN(ip) & mask) >>> 0 === (toN(base) & mask) >>> 0;
        });
      fc.assert(
        fc.property(fc.ipV4(), (ip) => {
          const cls = classifyAddress(ip)!.class;
          assert.equal(cls !== 'public', inside(ip), `${ip} is ${cls}`);
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('in-cluster services', () => {
    it('a bare service name never becomes every pod of a namespace', () => {
      const c = contain(customEndpoint('http://ollama:11434/v1'));
      const egress = (c.objects as any[]).filter((o) => o.kind === 'NetworkPolicy').flatMap((o) => o.spec.egress ?? []);
      for (const r of egress)
        for (const to of r.to ?? []) {
          if (to.podSelector) assert.ok(Object.keys(to.podSelector.matchLabels ?? {}).length > 0, JSON.stringify(to));
          if (to.namespaceSelector) assert.ok(to.podSelector, `bare namespaceSelector ${JSON.stringify(to)}`);
        }
      assert.ok(c.policy.findings.some((f) => f.id === 'in-cluster-unselected:llm-probe:ollama:11434'));
    });
  });
});
