// Facts about MCP servers that LibreChat starts as child processes (stdio): the launchers that
// download a package at every start, and well-known servers with the hosts they reach.

export interface Launcher {
  /** Command basename. */
  command: string;
  /** Which public registry it downloads from (described, never named as a host to allow). */
  registry: string;
  /** Env variables (in the server's `env`) that point the launcher at a company mirror. */
  mirrorVariables: string[];
  /** Options whose value is the package to run (`npx -p pkg cmd`, `uvx --from pkg cmd`). */
  packageOptions: string[];
  /** Other options that take a value, skipped when looking for the package name. */
  optionsWithValue: string[];
  /** Sub-command words before the package (`pnpm dlx pkg`). */
  subcommands?: string[];
  /** Only a package matching this is fetched (`deno run npm:pkg`, not `deno run ./local.ts`). */
  remoteOnly?: RegExp;
}

export const LAUNCHERS: readonly Launcher[] = [
  {
    command: 'npx',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'NPM_CONFIG_REGISTRY'],
    packageOptions: ['-p', '--package'],
    optionsWithValue: ['-c', '--call', '--registry'],
  },
  {
    command: 'bunx',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'NPM_CONFIG_REGISTRY', 'BUN_CONFIG_REGISTRY'],
    packageOptions: ['-p', '--package'],
    optionsWithValue: [],
  },
  {
    command: 'pnpm',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'NPM_CONFIG_REGISTRY'],
    packageOptions: [],
    optionsWithValue: [],
    subcommands: ['dlx', 'exec'],
  },
  {
    command: 'yarn',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'YARN_NPM_REGISTRY_SERVER'],
    packageOptions: ['-p', '--package'],
    optionsWithValue: [],
    subcommands: ['dlx'],
  },
  {
    command: 'uvx',
    registry: 'the Python Package Index (PyPI)',
    mirrorVariables: ['UV_DEFAULT_INDEX', 'UV_INDEX_URL', 'PIP_INDEX_URL'],
    packageOptions: ['--from'],
    optionsWithValue: ['--with', '--python', '-p', '--index', '--index-url', '--default-index'],
  },
  {
    command: 'pipx',
    registry: 'the Python Package Index (PyPI)',
    mirrorVariables: ['PIP_INDEX_URL'],
    packageOptions: ['--spec'],
    optionsWithValue: ['--index-url', '--python'],
    subcommands: ['run'],
  },
  {
    command: 'pnpx',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'NPM_CONFIG_REGISTRY'],
    packageOptions: [],
    optionsWithValue: [],
  },
  {
    command: 'npm',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'NPM_CONFIG_REGISTRY'],
    packageOptions: ['-p', '--package'],
    optionsWithValue: ['-c', '--call', '--registry', '-w', '--workspace'],
    subcommands: ['exec', 'x', 'install', 'i'],
  },
  {
    command: 'bun',
    registry: 'the public npm registry',
    mirrorVariables: ['npm_config_registry', 'NPM_CONFIG_REGISTRY', 'BUN_CONFIG_REGISTRY'],
    packageOptions: ['-p', '--package'],
    optionsWithValue: [],
    subcommands: ['x', 'add', 'install', 'i'],
  },
  {
    command: 'pip',
    registry: 'the Python Package Index (PyPI)',
    mirrorVariables: ['PIP_INDEX_URL'],
    packageOptions: [],
    optionsWithValue: ['-i', '--index-url', '--extra-index-url', '-r', '--requirement', '-c', '--constraint'],
    subcommands: ['install'],
  },
  {
    command: 'uv',
    registry: 'the Python Package Index (PyPI)',
    mirrorVariables: ['UV_DEFAULT_INDEX', 'UV_INDEX_URL', 'PIP_INDEX_URL'],
    packageOptions: ['--from', '--with'],
    optionsWithValue: ['--python', '-p', '--index', '--index-url', '--default-index'],
    subcommands: ['run', 'pip', 'add'],
  },
  {
    command: 'deno',
    registry: 'the public npm or JSR registry, or a URL',
    mirrorVariables: ['NPM_CONFIG_REGISTRY', 'JSR_URL'],
    packageOptions: [],
    optionsWithValue: ['--config', '-c', '--import-map', '--location', '--env-file'],
    subcommands: ['run', 'x'],
    remoteOnly: /^(npm:|jsr:|https?:)/i,
  },
  {
    command: 'docker',
    registry: 'a public container registry',
    mirrorVariables: [],
    packageOptions: [],
    optionsWithValue: [
      '-e',
      '--env',
      '--env-file',
      '-v',
      '--volume',
      '--mount',
      '--name',
      '--network',
      '--net',
      '-p',
      '--publish',
      '--entrypoint',
      '-w',
      '--workdir',
      '-u',
      '--user',
      '--platform',
      '--pull',
      '-l',
      '--label',
    ],
    subcommands: ['run', 'create'],
  },
];

/** Commands that run the command after them (`env A=1 npx pkg`, `sh -c "npx pkg"`, `timeout 30 uvx pkg`). */
const WRAPPERS: Record<string, { optionsWithValue: string[]; positional?: number }> = {
  env: { optionsWithValue: ['-u', '--unset', '-C', '--chdir'] },
  exec: { optionsWithValue: ['-a'] },
  nohup: { optionsWithValue: [] },
  nice: { optionsWithValue: ['-n', '--adjustment'] },
  ionice: { optionsWithValue: ['-c', '-n', '-p'] },
  stdbuf: { optionsWithValue: ['-i', '-o', '-e'] },
  sudo: { optionsWithValue: ['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t'] },
  doas: { optionsWithValue: ['-u', '-C'] },
  command: { optionsWithValue: [] },
  time: { optionsWithValue: ['-f', '-o'] },
  timeout: { optionsWithValue: ['-k', '--kill-after', '-s', '--signal'], positional: 1 },
  tini: { optionsWithValue: [] },
  'dumb-init': { optionsWithValue: [] },
  xargs: { optionsWithValue: ['-I', '-n', '-P', '-d', '-a', '-E', '-L', '-s'] },
};
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh', 'busybox', 'fish']);
const PYTHON = /^(python|python[23](\.\d+)?|pypy3?)$/;
/** Aliases of a launcher (`podman run` is `docker run`, `pip3` is `pip`). */
const ALIASES: Record<string, string> = {
  podman: 'docker',
  nerdctl: 'docker',
  pip3: 'pip',
  'pip3.11': 'pip',
  'pip3.12': 'pip',
  yarnpkg: 'yarn',
};

export type ServerReach =
  { kind: 'none' } | { kind: 'hosts'; hosts: string[]; urlVariable?: string } | { kind: 'unbounded'; why: string };

/** Known stdio servers by package or command name (without version or scope variants). */
export const KNOWN_STDIO_SERVERS: Record<string, ServerReach> = {
  'mcp-server-fetch': { kind: 'unbounded', why: 'fetches any URL the model asks for' },
  '@modelcontextprotocol/server-fetch': { kind: 'unbounded', why: 'fetches any URL the model asks for' },
  '@modelcontextprotocol/server-puppeteer': {
    kind: 'unbounded',
    why: 'drives a browser to any site (and downloads a browser build)',
  },
  'mcp-server-puppeteer': { kind: 'unbounded', why: 'drives a browser to any site (and downloads a browser build)' },
  '@playwright/mcp': { kind: 'unbounded', why: 'drives a browser to any site (and downloads a browser build)' },
  'mcp-server-playwright': { kind: 'unbounded', why: 'drives a browser to any site' },
  '@modelcontextprotocol/server-filesystem': { kind: 'none' },
  'mcp-server-filesystem': { kind: 'none' },
  '@modelcontextprotocol/server-memory': { kind: 'none' },
  'mcp-server-memory': { kind: 'none' },
  '@modelcontextprotocol/server-sequential-thinking': { kind: 'none' },
  'mcp-server-sequential-thinking': { kind: 'none' },
  '@modelcontextprotocol/server-everything': { kind: 'none' },
  'mcp-server-time': { kind: 'none' },
  'mcp-server-git': { kind: 'none' },
  'mcp-server-sqlite': { kind: 'none' },
  '@modelcontextprotocol/server-github': { kind: 'hosts', hosts: ['api.github.com'] },
  '@modelcontextprotocol/server-gitlab': { kind: 'hosts', hosts: ['gitlab.com'], urlVariable: 'GITLAB_API_URL' },
  '@modelcontextprotocol/server-brave-search': { kind: 'hosts', hosts: ['api.search.brave.com'] },
  '@modelcontextprotocol/server-slack': { kind: 'hosts', hosts: ['slack.com'] },
  '@modelcontextprotocol/server-google-maps': { kind: 'hosts', hosts: ['maps.googleapis.com'] },
  'mcp-server-sentry': { kind: 'hosts', hosts: ['sentry.io'] },
  '@notionhq/notion-mcp-server': { kind: 'hosts', hosts: ['api.notion.com'] },
  'tavily-mcp': { kind: 'hosts', hosts: ['api.tavily.com'] },
};

/** `@scope/pkg@1.2.3` → `@scope/pkg`; `/usr/local/bin/mcp-server-memory` → `mcp-server-memory`. */
export function packageKey(spec: string): string {
  let s = spec.trim();
  if (s.includes('/') && !s.startsWith('@')) s = s.slice(s.lastIndexOf('/') + 1);
  const at = s.indexOf('@', 1);
  if (at > 0) s = s.slice(0, at);
  s = s.replace(/\[.*\]$/, '').replace(/[=<>~].*$/, '');
  return s.toLowerCase();
}

/** One command a stdio server's command line runs, after its wrappers are taken off. */
export interface EffectiveCommand {
  /** Basename of the program. */
  program: string;
  args: string[];
}

/**
 * The programs a stdio command line really runs: `env`, `timeout`, `sudo` and similar wrappers are
 * taken off, `sh -c "..."`/`bash -lc "..."` scripts are split into their commands (`&&`, `;`, `|`),
 * `env -S "..."` is split, and `python -m X` becomes the module X. Bounded depth; never runs anything.
 */
export function effectiveCommands(command: string, args: readonly string[], depth = 0): EffectiveCommand[] {
  if (depth > 6) return [];
  const words = [command, ...args];
  // Leading NAME=VALUE assignments (in a shell script, or after env).
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
  if (words.length === 0) return [];
  const program = basename(words[0]);
  const rest = words.slice(1);
  if (SHELLS.has(program)) {
    const at = rest.findIndex((a) => /^-[a-z]*c[a-z]*$/i.test(a) || a === '--command');
    if (at < 0) return [{ program, args: rest }];
    const script = rest[at + 1] ?? '';
    return splitScript(script).flatMap((cmd) => (cmd.length ? effectiveCommands(cmd[0], cmd.slice(1), depth + 1) : []));
  }
  const wrapper = WRAPPERS[program];
  if (wrapper) {
    let i = 0;
    let positional = wrapper.positional ?? 0;
    for (; i < rest.length; i++) {
      const a = rest[i];
      if (program === 'env' && (a === '-S' || a === '--split-string')) {
        const split = splitScript(rest[i + 1] ?? '').flat();
        return split.length ? effectiveCommands(split[0], [...split.slice(1), ...rest.slice(i + 2)], depth + 1) : [];
      }
      if (a === '--') {
        i++;
        break;
      }
      if (wrapper.optionsWithValue.includes(a)) {
        i++;
        continue;
      }
      if (a.startsWith('-') && a !== '-') continue;
      if (program === 'env' && (a === '-' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a))) continue;
      if (positional > 0) {
        positional--;
        continue;
      }
      break;
    }
    return i < rest.length ? effectiveCommands(rest[i], rest.slice(i + 1), depth + 1) : [];
  }
  if (PYTHON.test(program)) {
    const m = rest.indexOf('-m');
    if (m >= 0 && rest[m + 1]) {
      const module = rest[m + 1];
      const after = rest.slice(m + 2);
      // `python -m pipx run pkg`, `python -m uv tool run pkg`, `python -m pip install pkg`.
      if (['pipx', 'uv', 'pip', 'uvx'].includes(module)) return effectiveCommands(module, after, depth + 1);
      return [{ program: module.replace(/_/g, '-'), args: after }];
    }
  }
  return [{ program, args: rest }];
}

function basename(word: string): string {
  const base = word.trim().split('/').pop()!.toLowerCase();
  return ALIASES[base] ?? base;
}

/** A shell script as a list of commands (words), split on `&&`, `||`, `;`, `|` and newlines. */
function splitScript(script: string): string[][] {
  const commands: string[][] = [[]];
  const token = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(&&|\|\||[;|\n&])|([^\s"';|&]+)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(script)) !== null) {
    if (m[3] !== undefined) commands.push([]);
    else commands[commands.length - 1].push(m[1] ?? m[2] ?? m[4]);
  }
  return commands.filter((c) => c.length > 0);
}

/** The launcher and package a stdio command runs, when it runs one through a launcher. */
export function launchedPackage(
  command: string,
  args: readonly string[],
): { launcher: Launcher; pkg?: string } | undefined {
  for (const cmd of effectiveCommands(command, args)) {
    const found = launchedBy(cmd.program, cmd.args);
    if (found) return found;
  }
  return undefined;
}

/** The packages or modules every effective command of a stdio command line names (for the catalog). */
export function runPackages(command: string, args: readonly string[]): string[] {
  return effectiveCommands(command, args).map((cmd) => launchedBy(cmd.program, cmd.args)?.pkg ?? cmd.program);
}

function launchedBy(program: string, args: readonly string[]): { launcher: Launcher; pkg?: string } | undefined {
  // `uv tool run pkg` is `uvx pkg`.
  if (program === 'uv' && args[0] === 'tool' && args[1] === 'run') return launchedBy('uvx', args.slice(2));
  const launcher = LAUNCHERS.find((l) => l.command === program);
  if (!launcher) return undefined;
  let i = 0;
  if (launcher.subcommands) {
    while (i < args.length && args[i].startsWith('-')) i++;
    if (!launcher.subcommands.includes(args[i] ?? '')) return undefined;
    i++;
  }
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') continue;
    if (launcher.packageOptions.includes(a)) return { launcher, pkg: args[i + 1] };
    if (launcher.optionsWithValue.includes(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (launcher.remoteOnly && !launcher.remoteOnly.test(a)) return undefined;
    return { launcher, pkg: a.replace(/^(npm|jsr):/i, '') };
  }
  return launcher.remoteOnly ? undefined : { launcher };
}
