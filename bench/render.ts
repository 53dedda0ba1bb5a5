// `npm run bench`: times `render` beside its floor (a process that only parses and prints the same
// YAML) on the bundled example and on generated configs of 1,000 and 10,000 custom endpoints plus as
// many MCP servers, and a drifting `check` beside `render`. Whole processes are timed, because a CI
// job pays the start-up too. Prints each goal of issue 9 §5 as a ratio measured in this run, and
// exits 1 when a goal is missed.
//
// The peer is the generator of Aviatrix's own blueprint (AviatrixSystems/aviatrix-blueprints,
// blueprints/secure-enterprise-chat/egress-policy/generate.py, Python with PyYAML). It is not part
// of this repository: BENCH_PEER=path/to/generate.py runs it (with BENCH_PYTHON, default python3)
// on the same 1,000 + 1,000 config, and the goal "at most 0.6x the peer's time" is then checked.
//
// BENCH_RUNS (default 7) sets the runs per measurement (the median counts); the 10,000 case runs
// max(1, BENCH_RUNS / 3) times. BENCH_LARGE=0 skips it. On Linux the processes' CPU time is
// measured (stable on a shared machine; it counts the garbage collector's threads too), elsewhere
// or with BENCH_CLOCK=wall the wall time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { largeConfig } from './generate';

const ROOT = join(__dirname, '..', '..');
// The CLI as users run it: the package's bin, the bundled file (scripts/bundle-cli.js).
const CLI = join(ROOT, 'dist', 'lib', 'cli', 'bundle.js');
const FLOOR = join(__dirname, 'floor.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LARGE = process.env.BENCH_LARGE !== '0';
const PEER = process.env.BENCH_PEER;
const PYTHON = process.env.BENCH_PYTHON ?? 'python3';

/**
 * CPU seconds (user + system) of the waited-for children of this process, from /proc (Linux):
 * on a machine shared with other work, wall time measures the neighbours; CPU time measures us.
 */
function childCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}
const TICKS = Number(process.env.CLK_TCK ?? 100);
const CLOCK = process.env.BENCH_CLOCK === 'wall' || childCpuMs() === undefined ? 'wall' : 'cpu';

function time(args: string[], runs = RUNS, expect = [0], command = process.execPath): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = childCpuMs() ?? 0;
    const start = performance.now();
    const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    const ms = CLOCK === 'cpu' ? (childCpuMs() ?? 0) - cpu : performance.now() - start;
    if (!expect.includes(r.status ?? -1)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

interface Goal {
  name: string;
  ratio: number;
  limit: number;
}

const dir = mkdtempSync(join(tmpdir(), 'lcc-bench-'));
try {
  const example = join(ROOT, 'examples', 'librechat.yaml');
  const exampleArgs = [
    '--env-from',
    join(ROOT, 'examples', 'librechat.env'),
    '--chart-values',
    join(ROOT, 'examples', 'librechat.values.yaml'),
  ];
  const k1 = join(dir, 'large-1k.yaml');
  writeFileSync(k1, largeConfig(1000, 1000));
  console.log(
    `median of ${RUNS} runs each, whole processes, ${CLOCK === 'cpu' ? 'CPU time (user + system; BENCH_CLOCK=wall for wall time)' : 'wall time'} (node ${process.version})\n`,
  );
  const rows: [string, number][] = [];
  const measure = (name: string, args: string[], runs?: number, expect?: number[], command?: string) => {
    const ms = time(args, runs, expect, command);
    rows.push([name, ms]);
    console.log(`${name.padEnd(52)}${`${ms.toFixed(0)} ms`.padStart(10)}`);
    return ms;
  };
  const exFloor = measure('floor: bundled example', [FLOOR, example]);
  const exRender = measure('render: bundled example', [CLI, 'render', example, ...exampleArgs]);
  const k1Floor = measure('floor: 1,000 endpoints + 1,000 MCP servers', [FLOOR, k1]);
  const k1Render = measure('render: 1,000 endpoints + 1,000 MCP servers', [CLI, 'render', k1]);
  // A drifting check: the committed manifests are those of a config with one server less.
  const committed = join(dir, 'committed.yaml');
  const drifted = spawnSync(process.execPath, [CLI, 'render', k1], { encoding: 'utf8', maxBuffer: 1 << 30 });
  writeFileSync(committed, drifted.stdout.replace(/mcp\.tool-7\.example-tools\.io/g, 'mcp.tool-7.example-old.io'));
  const k1Check = measure('check (drifting): 1,000 + 1,000', [CLI, 'check', k1, '--against', committed], RUNS, [1]);
  const goals: Goal[] = [
    { name: 'bundled example: render / floor', ratio: exRender / exFloor, limit: 1.5 },
    { name: '1,000 + 1,000: render / floor', ratio: k1Render / k1Floor, limit: 1.3 },
    { name: '1,000 + 1,000: drifting check / render', ratio: k1Check / k1Render, limit: 1.5 },
  ];
  if (PEER) {
    const peerArgs = [PEER, '--config', k1, '--env', join(dir, 'none.env'), '--output', join(dir, 'peer.yaml')];
    const k1Peer = measure('peer (Aviatrix blueprint generator): 1,000 + 1,000', peerArgs, RUNS, [0], PYTHON);
    goals.push({ name: '1,000 + 1,000: render / peer', ratio: k1Render / k1Peer, limit: 0.6 });
  }
  if (LARGE) {
    const k10 = join(dir, 'large-10k.yaml');
    writeFileSync(k10, largeConfig(10000, 10000));
    const runs = Math.max(1, Math.floor(RUNS / 3));
    const k10Floor = measure('floor: 10,000 endpoints + 10,000 MCP servers', [FLOOR, k10], runs);
    const k10Render = measure('render: 10,000 endpoints + 10,000 MCP servers', [CLI, 'render', k10], runs);
    // Linear growth: ten times the input costs render no more, relatively, than it costs the floor
    // (whose parse and print are linear); a quadratic term shows as a ratio far above 1.
    goals.push({
      name: 'growth 1k → 10k: render growth / floor growth',
      ratio: k10Render / k1Render / (k10Floor / k1Floor),
      limit: 1.3,
    });
  }
  console.log(`\n${'goal'.padEnd(52)}${'ratio'.padStart(10)}${'limit'.padStart(8)}`);
  let failed = false;
  for (const g of goals) {
    const ok = g.ratio <= g.limit;
    if (!ok) failed = true;
    const verdict = ok ? 'ok' : 'MISSED';
    console.log(`${g.name.padEnd(52)}${`${g.ratio.toFixed(2)}x`.padStart(10)}${`${g.limit}x`.padStart(8)}  ${verdict}`);
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
