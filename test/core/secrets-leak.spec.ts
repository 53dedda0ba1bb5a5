// Issue 7 §6: no secret, or part of one, in any output. Secrets from every input (env, env file,
// chart values' librechat.configEnv, overlay, URL userinfo) are matched in every form the tool's
// transformations give (case, URL-encoding and -decoding, punycode, JSON escaping), in one pass.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { buildEnvironment } from '../../lib/config/env';
import { collectSecrets, findSecret, secretForms, type Secret } from '../../lib/config/secrets';
import { redactUrls, escapeControl } from '../../lib/config/display';
import { makeFinding } from '../../lib/policy/findings';
import { run } from '../../lib/cli/main';

const QUIET =
  'version: 1.3.9\ninterface:\n  agents: false\n  mcpServers:\n    create: false\nendpoints:\n  agents:\n    capabilities: []\n';

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** Every form of a value a leak could take, for the assertions (independent of the guard's list). */
function leakForms(value: string): string[] {
  const forms = new Set([value, value.toLowerCase(), value.toUpperCase(), encodeURIComponent(value)]);
  const ascii = domainToASCII(value);
  if (ascii) forms.add(ascii);
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((f) => f.length >= 6);
}

function assertNoForm(text: string, value: string, where: string): void {
  const folded = text.toLowerCase();
  for (const f of leakForms(value))
    assert.equal(folded.includes(f.toLowerCase()), false, `${where} holds ${JSON.stringify(f)}`);
}

describe('secrets never reach any output (issue 7 §6)', () => {
  describe('the matcher', () => {
    const secrets: Secret[] = [
      { name: 'A_KEY', value: 'Sk-Live/Secret+Value=' },
      { name: 'B_TOKEN', value: 'bücher-geheim-123' },
      { name: 'C', value: 'pa ss"word' },
    ];
    it('finds a secret in any case', () => {
      assert.equal(findSecret('x SK-LIVE/SECRET+VALUE= y', secrets)?.name, 'A_KEY');
      assert.equal(findSecret('sk-live/secret+value=', secrets)?.name, 'A_KEY');
    });
    it('finds it URL-encoded and URL-decoded', () => {
      assert.equal(findSecret(`?k=${encodeURIComponent('Sk-Live/Secret+Value=')}`, secrets)?.name, 'A_KEY');
      assert.equal(findSecret('pa%20ss%22word', secrets)?.name, 'C');
      const encoded: Secret[] = [{ name: 'D', value: 'abc%2Fdef%3Dghi' }];
      assert.equal(findSecret('abc/def=ghi', encoded)?.name, 'D');
    });
    it('finds it punycoded (domainToASCII) and JSON-escaped', () => {
      assert.equal(findSecret(domainToASCII('bücher-geheim-123'), secrets)?.name, 'B_TOKEN');
      assert.equal(findSecret(JSON.stringify({ v: 'pa ss"word' }), secrets)?.name, 'C');
    });
    it('says which secret, never what', () => {
      let err = '';
      run(
        [
          'explain',
          'examples/librechat.yaml',
          '--env-from',
          'examples/librechat.env',
          '--env',
          'MISTRAL_API_KEY=api.mistral.ai',
        ],
        {
          out: () => {},
          err: (t) => void (err += t),
        },
      );
      assert.match(err, /the value of MISTRAL_API_KEY/);
    });
    it('property: agrees with a naive search over case-folded text', () => {
      const word = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'c', '-', '%'), minLength: 6, maxLength: 9 });
      fc.assert(
        fc.property(
          fc.array(word, { minLength: 1, maxLength: 8 }),
          fc.string({ unit: fc.constantFrom('a', 'b', 'B', 'c', '-', '%', ' '), maxLength: 60 }),
          (values, text) => {
            const list = values.map((value, i) => ({ name: `S${i}`, value }));
            const naive = list.some((s) =>
              secretForms(s.value).some((f) => f.length >= 6 && text.toLowerCase().includes(f.toLowerCase())),
            );
            assert.equal(findSecret(text, list) !== undefined, naive);
          },
        ),
        { numRuns: 300 },
      );
    });
    it('is linear: 10,000 secrets against 1 MB of output in well under a second per scan', () => {
      const many: Secret[] = Array.from({ length: 10_000 }, (_, i) => ({
        name: `K${i}`,
        value: `secret-${i}-${(i * 7919) % 10007}-x`,
      }));
      const text = 'apiVersion: v1\nkind: NetworkPolicy\n'.repeat(30_000);
      findSecret('', many); // build the automaton once
      const start = process.hrtime.bigint();
      assert.equal(findSecret(text, many), undefined);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.ok(ms < 1500, `took ${ms} ms`);
      assert.equal(findSecret(`${text}secret-9999-${(9999 * 7919) % 10007}-x`, many)?.name, 'K9999');
    });
  });

  describe('collecting', () => {
    const env = buildEnvironment({
      pairs: {
        OPENAI_API_KEY: 'sk-openai-abcdef',
        MONGO_URI: 'mongodb+srv://user:hunter22@c.abc.mongodb.net/db',
        WEBHOOK: 'https://ghp_0123456789abcdefXYZ@hooks.example.com/x',
        PLAIN: 'https://api.example.com',
      },
    });
    const secrets = collectSecrets(
      env,
      {
        endpoints: {
          custom: [{ baseURL: 'https://bob:s3cr3t-pw@llm.example.com/v1', headers: { 'X-Api-Key': 'hdr-secret-1' } }],
        },
      },
      {
        overlay: { mcpServers: { docs: { egress: ['https://svc:overlay-pw@docs.example.com'] } } },
        chartValues: { librechat: { configEnv: { ANTHROPIC_API_KEY: 'sk-ant-999999', DEBUG: 'verbose-mode' } } },
      },
    );
    const values = secrets.map((s) => s.value);
    it('takes env secrets, URL passwords and token-as-user userinfo from every input', () => {
      for (const v of [
        'sk-openai-abcdef',
        'hunter22',
        'ghp_0123456789abcdefXYZ',
        's3cr3t-pw',
        'hdr-secret-1',
        'overlay-pw',
        'sk-ant-999999',
      ])
        assert.ok(values.includes(v), v);
    });
    it('leaves plain values alone', () => {
      assert.ok(!values.includes('https://api.example.com'));
      assert.ok(!values.includes('verbose-mode'));
      assert.ok(!values.includes('user'));
    });
  });

  describe('finding texts', () => {
    it('never echo a URL userinfo, query or fragment, nor control characters', () => {
      // A rule that echoes its values in both the message and the fix.
      const f = makeFinding(
        'allowlist-contradiction',
        'server-not-allowed',
        {
          label: 'baseURL https://bob:pw-123456@api.example.com/v1?api-key=qs-secret#frag-secret is odd\nFAKE: line',
          host: 'see https://u:p@x.example.com/?a=b',
          port: 443,
        },
        'x\u001b[31m',
      );
      for (const leaked of ['pw-123456', 'bob', 'qs-secret', 'frag-secret', '\n', '\u001b'])
        assert.equal((f.message + f.fix + f.id).includes(leaked), false, leaked);
      assert.match(f.message, /https:\/\/api\.example\.com\/v1 is odd\\nFAKE: line/);
    });
    it('redactUrls and escapeControl', () => {
      assert.equal(redactUrls('mongodb://a:b@h1,h2/db?x=1'), 'mongodb://h1,h2/db');
      assert.equal(escapeControl('a\u0007b\u202ec\u2028'), 'a\\x07b\\u202ec\\u2028');
    });
  });

  describe('property: no planted secret, in any form, in any output byte', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'lcc-leak-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const secretArb = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...'abcdefXYZ0123456789_-'.split('')), minLength: 10, maxLength: 20 }),
        fc.constantFrom('', 'ü', '%2F', '+/=', 'É'),
      )
      .map(([a, b]) => `Zq${a}${b}`);

    it('render (YAML, JSON, --out), explain (text, JSON, HOST), check (diff) and stderr', function () {
      this.timeout(120000);
      fc.assert(
        fc.property(secretArb, (secret) => {
          const enc = encodeURIComponent(secret);
          const config = `${QUIET}  custom:
    - name: 'Acme'
      apiKey: '${secret}'
      baseURL: 'https://acme-user:${enc}@api.acme.example.com/v1?api-key=${enc}#${enc}'
      headers:
        X-Api-Key: '${secret}'
      models: { default: ['m'] }
mcpServers:
  remote:
    url: 'https://${enc}@mcp.acme.example.com/sse?token=${enc}'
`;
          writeFileSync(join(dir, 'librechat.yaml'), config);
          writeFileSync(
            join(dir, 'librechat.overlay.yaml'),
            `mcpServers:\n  remote:\n    egress: ["https://svc:${enc}@auth.acme.example.com/?k=${enc}"]\n`,
          );
          writeFileSync(
            join(dir, 'a.env'),
            `ACME_TOKEN=${secret}\nAWS_REGION=${secret}\nEMBEDDINGS_PROVIDER=${secret}\n`,
          );
          writeFileSync(
            join(dir, 'values.yaml'),
            `librechat:\n  configEnv:\n    OTHER_SECRET: "${secret}"\n    GOOGLE_LOC: "${secret}"\n`,
          );
          const cfg = join(dir, 'librechat.yaml');
          const common = [
            '--env-from',
            join(dir, 'a.env'),
            '--chart-values',
            join(dir, 'values.yaml'),
            '--env',
            `AZURE_API_KEY=${secret}`,
          ];
          const accept = cli('explain', cfg, ...common, '--format', 'json');
          const ids = (
            (JSON.parse(accept.out || '{"findings":[]}').findings ?? []) as { id: string; severity: string }[]
          )
            .filter((f) => f.severity === 'error')
            .flatMap((f) => ['--accept', f.id]);
          const out = join(dir, 'out');
          rmSync(out, { recursive: true, force: true });
          const runs = [
            accept,
            cli('render', cfg, ...common, ...ids),
            cli('render', cfg, ...common, ...ids, '--format', 'json'),
            cli('render', cfg, ...common, ...ids, '--out', out),
            cli('explain', cfg, ...common),
            cli('explain', cfg, ...common, `https://x:${enc}@api.acme.example.com/?q=${enc}`),
            cli('explain', cfg, ...common, 'api.acme.example.com', '--format', 'json'),
          ];
          mkdirSync(out, { recursive: true });
          writeFileSync(join(out, 'hand.yaml'), 'kind: NetworkPolicy\n');
          runs.push(cli('check', cfg, ...common, ...ids, '--against', out));
          for (const [i, r] of runs.entries()) {
            assertNoForm(r.out, secret, `run ${i} stdout`);
            assertNoForm(r.err, secret, `run ${i} stderr`);
            // The derivation itself must not copy it: the guard is the last net, not the mechanism.
            assert.doesNotMatch(r.err, /refusing to print or write/, `run ${i}: ${r.err}`);
          }
          assert.equal(runs[1].code, 0, runs[1].err);
          assert.equal(runs[7].code, 1);
        }),
        { numRuns: 12 },
      );
    });
  });
});
