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
];

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

/** The launcher and package a stdio command runs, when it runs one through a launcher. */
export function launchedPackage(
  command: string,
  args: readonly string[],
): { launcher: Launcher; pkg?: string } | undefined {
  const base = command.trim().split('/').pop()!.toLowerCase();
  const launcher = LAUNCHERS.find((l) => l.command === base);
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
    return { launcher, pkg: a };
  }
  return { launcher };
}
