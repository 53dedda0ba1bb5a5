#!/usr/bin/env node
// librechat-containment: the CI shim. It never loads @pulumi/* or a cloud SDK.
import { InputError } from '../config/errors';
import { checkCommand, explainCommand, renderCommand, type Io } from './commands';
import { HELP } from './help';
import { UsageError } from './options';
import { escapeControl, escapeControlLines, truncate } from '../config/display';

const COMMANDS: Record<string, (args: string[], io: Io) => number> = {
  render: renderCommand,
  check: checkCommand,
  explain: explainCommand,
  // The KRM function reads a ResourceList from stdin: its module is loaded only for `fn`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fn: (args, io) => (require('./krm-function') as typeof import('./krm-function')).fnCommand(args, io),
};

export function run(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP[rest[0] ?? ''] ?? HELP['']);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    io.out(`${require('../../../package.json').version}\n`);
    return 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    io.err(`error: unknown command "${truncate(escapeControl(command), 40)}"\n\n${HELP['']}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(HELP[command]);
    return 0;
  }
  try {
    return handler(rest, io);
  } catch (e) {
    // Messages name inputs (paths, keys): printed with control characters escaped.
    if (e instanceof UsageError) {
      io.err(`error: ${escapeControlLines(e.message)}\n\n${HELP[command]}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`error: ${escapeControlLines(e.message)}\nfix: ${escapeControlLines(e.fix)}\n`);
      return 2;
    }
    // Never exit 1 for a crash: 1 means drift (check) or "not allowed" (explain HOST).
    io.err(
      `internal error: ${truncate(escapeControl((e as Error)?.message ?? String(e)), 300)}\nPlease report it with the command line (not the config's secrets).\n`,
    );
    if (process.env.LIBRECHAT_CONTAINMENT_DEBUG) io.err(`${(e as Error)?.stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  // A closed pipe (`... | head`) is not an error of this tool.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  process.exitCode = run(process.argv.slice(2), io);
}
