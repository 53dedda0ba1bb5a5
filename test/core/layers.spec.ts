// The layers of the pure core, read from the compiled imports (dist/lib): lib/config reads input and
// depends on nothing above it (no lib/policy, no renderer, no shell), and the pure core loads no
// Pulumi package. A static walk over `require(...)` calls, so a cycle shows even when no test
// happens to load the module that closes it.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const LIB = resolve(__dirname, '..', '..', 'lib');

/** The modules `file` requires: relative ones as absolute paths of .js files, packages by name. */
function requires(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = m[1];
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const base = resolve(dirname(file), spec);
    const found = [`${base}.js`, join(base, 'index.js'), base].find((p) => p.endsWith('.js') && existsSync(p));
    if (found) local.push(found);
  }
  return { local, packages };
}

/** Every module reachable from `roots`, with the chain that reaches it (for the failure message). */
function reachable(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = roots.map((r) => [r]);
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const file = chain[chain.length - 1];
    if (seen.has(file)) continue;
    seen.set(file, chain);
    for (const next of requires(file).local) if (!seen.has(next)) queue.push([...chain, next]);
  }
  return seen;
}

const name = (file: string): string => relative(LIB, file).replace(/\\/g, '/');
const modulesIn = (dir: string): string[] =>
  readdirSync(join(LIB, dir))
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(LIB, dir, f));

/** Every compiled module under `dir`, recursively. */
function allModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allModules(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

/** The import cycles among `files`, each as `a -> b -> a` (a depth-first search over requires). */
function cycles(files: string[]): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, stack: string[]): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of requires(file).local) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map(name).join(' -> '));
      else if (!state.has(next)) visit(next, stack);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f, []);
  return found;
}

describe('layers: compiled imports of the pure core', () => {
  it('finds the compiled modules', () => {
    assert.ok(modulesIn('config').length >= 8, `modules in ${join(LIB, 'config')}`);
  });

  it('lib/config reaches nothing in lib/policy, lib/render, lib/inputs or a shell (no config <-> policy cycle)', () => {
    const above = /^(policy|render|inputs|cli|component|cloud)\/|^pipeline\.js$|^index\.js$/;
    const offending = [...reachable(modulesIn('config')).entries()]
      .filter(([file]) => above.test(name(file)))
      .map(([, chain]) => chain.map(name).join(' -> '));
    assert.deepEqual(offending, []);
  });

  it('no source in lib/config imports from lib/policy, not even a type', () => {
    const src = resolve(LIB, '..', '..', 'lib', 'config');
    const offending = readdirSync(src)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) =>
        /from '\.\.\/(policy|render|inputs|cli|component|cloud)\//.test(readFileSync(join(src, f), 'utf8')),
      );
    assert.deepEqual(offending, []);
  });

  it('the cycle search finds a cycle when there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lcc-layers-'));
    try {
      writeFileSync(join(dir, 'a.js'), 'require("./b");\n');
      writeFileSync(join(dir, 'b.js'), 'require("./a.js");\n');
      assert.equal(cycles(allModules(dir)).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no import cycle anywhere in lib (core, shells and component)', () => {
    assert.deepEqual(cycles(allModules(LIB)), []);
  });

  it('the walk sees a dependency when there is one (lib/policy reaches lib/config)', () => {
    const reached = [...reachable(modulesIn('policy')).keys()].map(name);
    assert.ok(reached.includes('config/document.js') || reached.includes('config/env.js'));
  });

  it('the pure core (the package entry, lib/inputs) requires no @pulumi package', () => {
    const roots = [join(LIB, 'index.js'), ...(existsSync(join(LIB, 'inputs')) ? modulesIn('inputs') : [])];
    const offending = [...reachable(roots).entries()].flatMap(([file, chain]) =>
      requires(file)
        .packages.filter((p) => p.startsWith('@pulumi/'))
        .map((p) => `${chain.map(name).join(' -> ')} -> ${p}`),
    );
    assert.deepEqual(offending, []);
  });
});
