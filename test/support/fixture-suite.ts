// The checks every folder of librechat.yaml files gets: the repository's own fixtures
// (test/fixtures, run by `npm test`) and the real-world corpus (test/corpus, `npm run test:corpus`).
// For each file: the error findings that block it, the hand-checked destination groups, objects
// that validate against the CRD ending in a logged deny-all, and golden manifests and explain output.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { explainJson, explainText } from '../../lib/render/explain';
import { generatedHeader, renderManifests } from '../../lib/render/yaml';
import { UPDATE_GOLDEN } from './paths';
import { validateObject } from './validate';
import { sarifReport, type DriftReport } from '../../lib/render/report';
import { sarifProblems } from './sarif';

export interface Expected {
  /** Destination groups by name, each `host:port` in the policy's order. */
  groups: Record<string, string[]>;
  /** Error findings a person must accept for the file to render. */
  errors: string[];
  /** Environment variables the render gets (none when absent). */
  env?: Record<string, string>;
}

export interface FixtureFolder {
  /** What the folder holds, for the suite's title. */
  title: string;
  dir: string;
  expected: Record<string, Expected>;
  /** Where the golden files live, one set per file. */
  goldenDir: string;
}

/** The `.yaml` files of a folder, sorted. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

export function renderFixture(folder: FixtureFolder, file: string, accept = folder.expected[file].errors) {
  const text = readFileSync(join(folder.dir, file), 'utf8');
  return buildContainment({
    configText: text,
    configFile: file,
    env: buildEnvironment({ pairs: folder.expected[file].env ?? {} }),
    derive: { accept },
  });
}

/** Compares with a golden file; writes it when missing (and fails) or when UPDATE_GOLDEN=1. */
export function golden(path: string, actual: string): void {
  if (UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE_GOLDEN) assert.fail(`golden file ${path} was missing and has been written; review it and run again`);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs (UPDATE_GOLDEN=1 rewrites it on purpose)`);
}

export function fixtureSuite(folder: FixtureFolder): void {
  describe(`fixtures: ${folder.title}`, () => {
    it(`has a hand-checked expectation for every file in ${folder.dir}, and no other`, () => {
      assert.deepEqual(yamlFiles(folder.dir), Object.keys(folder.expected).sort());
    });

    for (const file of Object.keys(folder.expected)) {
      describe(file, () => {
        it('refuses to render until its error findings are accepted, by exactly these ids', () => {
          const c = renderFixture(folder, file, []);
          assert.deepEqual(c.blocking.map((f) => f.id).sort(), [...folder.expected[file].errors].sort());
        });

        it('allows exactly the hand-checked destinations', () => {
          const c = renderFixture(folder, file);
          assert.deepEqual(c.blocking, []);
          const groups = Object.fromEntries(
            c.policy.groups.map((g) => [g.name, g.destinations.map((d) => `${d.host}:${d.port}`)]),
          );
          assert.deepEqual(groups, folder.expected[file].groups);
        });

        it('renders objects that validate against the CRD, ending in a logged deny-all', () => {
          const c = renderFixture(folder, file);
          for (const o of c.objects) assert.deepEqual(validateObject(o), []);
          const policy = c.objects.find(
            (o) => o.kind === 'FirewallPolicy' && o.metadata.labels?.['librechat-containment/workload'] === 'librechat',
          ) as any;
          const rules = policy.spec.rules;
          assert.equal(rules[rules.length - 1].name, 'deny-all');
          assert.equal(rules[rules.length - 1].protocol, 'any');
          assert.ok(rules.every((r: any) => r.logging === true));
          for (const w of policy.spec.webGroups)
            for (const d of w.domains) assert.ok(d !== '*' && !d.startsWith('*'), d);
          const permitCidrs = rules.filter((r: any) => r.action === 'permit' && !r.webGroups).length;
          assert.equal(permitCidrs, 0, 'no permit without a web group');
        });

        it('gives SARIF logs (explain, blocked and drifted check) that validate against the SARIF 2.1.0 schema', () => {
          for (const c of [renderFixture(folder, file), renderFixture(folder, file, [])]) {
            const drift: DriftReport = {
              against: 'policy',
              drifted: true,
              groups: [
                ...c.policy.groups.map((g) => ({
                  name: g.name,
                  change: 'added' as const,
                  added: g.destinations.map((d) => `${d.host}:${d.port}`),
                  removed: [],
                  source: g.source,
                })),
                { name: 'llm-gone', change: 'removed', added: [], removed: ['gone.example.com:443'] },
              ],
              changes: ['~ changed file x.yaml'],
              unexpected: [{ path: 'sub/extra.yaml', why: 'a file in a subfolder' }],
              regenerate: 'Regenerate with `librechat-containment render`.',
            };
            for (const input of [
              { command: 'explain' as const, policy: c.policy, blocking: c.blocking, toolVersion: '0.0.0' },
              { command: 'check' as const, policy: c.policy, blocking: [], drift, toolVersion: '0.0.0' },
            ]) {
              const log = sarifReport(input) as any;
              assert.deepEqual(sarifProblems(JSON.parse(JSON.stringify(log))), []);
              const results = log.runs[0].results;
              assert.equal(results.filter((r: any) => !r.ruleId.startsWith('drift')).length, c.policy.findings.length);
              for (const [i, f] of c.policy.findings.entries()) {
                const where = results[i].locations[0].physicalLocation;
                assert.equal(results[i].ruleId, f.kind);
                if (f.source && f.source.line > 0 && f.source.file !== '(default)') {
                  assert.equal(where.artifactLocation.uri, f.source.file);
                  assert.deepEqual(where.region, { startLine: f.source.line, startColumn: f.source.column });
                }
              }
            }
          }
        });

        it('matches its golden manifest and golden explain output', () => {
          const c = renderFixture(folder, file);
          const base = file.replace(/\.yaml$/, '');
          golden(
            join(folder.goldenDir, `${base}.manifests.yaml`),
            renderManifests(c.objects, generatedHeader(c.policy, 'librechat-containment render')),
          );
          golden(join(folder.goldenDir, `${base}.explain.txt`), explainText(c.policy));
          golden(join(folder.goldenDir, `${base}.explain.json`), `${JSON.stringify(explainJson(c.policy), null, 2)}\n`);
        });
      });
    }
  });
}
