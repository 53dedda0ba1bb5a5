// `npm run bench`: times `render` on the bundled example and on a generated config with 1,000
// custom endpoints and 1,000 MCP servers, each beside its floor (a process that only parses and
// prints the YAML). Whole processes are timed, because a CI job pays the start-up too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { largeConfig } from './generate';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'lib', 'cli', 'main.js');
const FLOOR = join(__dirname, 'floor.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

function time(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'lcc-bench-'));
try {
  const large = join(dir, 'large.yaml');
  writeFileSync(large, largeConfig(1000, 1000));
  const cases = [
    {
      name: 'bundled example',
      config: join(ROOT, 'examples', 'librechat.yaml'),
      extra: [
        '--env-from',
        join(ROOT, 'examples', 'librechat.env'),
        '--chart-values',
        join(ROOT, 'examples', 'librechat.values.yaml'),
      ],
      limit: (render: number, floor: number) => ({ ok: render <= 2 * floor, rule: 'within 2x of its floor' }),
    },
    {
      name: '1,000 endpoints + 1,000 MCP servers',
      config: large,
      extra: [],
      limit: (render: number) => ({ ok: render < 1000, rule: 'under 1 s' }),
    },
  ];
  console.log(`median of ${RUNS} runs each, whole processes (node ${process.version})\n`);
  console.log(
    `${'config'.padEnd(38)}${'floor'.padStart(10)}${'render'.padStart(10)}${'ratio'.padStart(8)}  expectation`,
  );
  let failed = false;
  for (const c of cases) {
    const floor = time([FLOOR, c.config]);
    const render = time([CLI, 'render', c.config, ...c.extra]);
    const verdict = c.limit(render, floor);
    failed ||= !verdict.ok;
    console.log(
      `${c.name.padEnd(38)}${`${floor.toFixed(0)} ms`.padStart(10)}${`${render.toFixed(0)} ms`.padStart(10)}${`${(render / floor).toFixed(2)}x`.padStart(8)}  ${verdict.ok ? 'ok' : 'MISSED'}: ${verdict.rule}`,
    );
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
