#!/usr/bin/env node
// librechat-containment-gate: the one script behind the GitHub Action (action.yml), the GitLab
// CI/CD component (templates/librechat-containment.yml) and their tests. It reads its inputs from
// LCC_* environment variables (never from a shell command line: a CI system substitutes inputs as
// text, and a value in a `run:` line is a script injection; GitHub's "Security hardening for
// GitHub Actions" recommends exactly this, an intermediate environment variable), runs `check`
// once, writing the SARIF log and the markdown summary to files, appends the summary to
// $GITHUB_STEP_SUMMARY and the outputs to $GITHUB_OUTPUT when they are set, and exits with
// check's code (0 up to date, 1 drift, 2 bad input or error findings that are not accepted).
//
//   LCC_CONFIG        librechat.yaml (or the chart values holding configYamlContent)   required
//   LCC_AGAINST       the committed manifests (folder or file)                           required
//   LCC_ENV_FROM      env files of placeholders, one per line
//   LCC_CHART_VALUES, LCC_OVERLAY, LCC_NAMESPACE, LCC_RELEASE, LCC_BACKEND, LCC_FAIL_ON   one value each
//   LCC_ARGS          more arguments of check, one per line (e.g. --chart-version=2.0.8)
//   LCC_SARIF_FILE    default $RUNNER_TEMP (else the working directory)/librechat-containment.sarif
//   LCC_SUMMARY_FILE  default the same folder, librechat-containment.md
import { appendFileSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main';
import type { Io } from './commands';
import { escapeControl } from '../config/display';
import { mdText } from '../render/report';

/** Input variables with one value each, and the check option each becomes. */
export const SINGLE_INPUTS: Record<string, string> = {
  LCC_CHART_VALUES: 'chart-values',
  LCC_OVERLAY: 'overlay',
  LCC_NAMESPACE: 'namespace',
  LCC_RELEASE: 'release',
  LCC_BACKEND: 'backend',
  LCC_FAIL_ON: 'fail-on',
};

/** Every variable the gate reads (the Action and the component map their inputs onto these). */
export const GATE_VARIABLES = [
  'LCC_CONFIG',
  'LCC_AGAINST',
  'LCC_ENV_FROM',
  ...Object.keys(SINGLE_INPUTS),
  'LCC_ARGS',
  'LCC_SARIF_FILE',
  'LCC_SUMMARY_FILE',
] as const;

class GateError extends Error {}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function single(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = (env[name] ?? '').trim();
  if (value === '') return undefined;
  if (/[\r\n]/.test(value)) throw new GateError(`${name} must be one value (it has a line break)`);
  return value;
}

/** A path given as an input: never taken for an option of check. */
function path(name: string, value: string): string {
  if (value.startsWith('-')) throw new GateError(`${name} must be a path, not an option: ${escapeControl(value)}`);
  return value;
}

/** The `check` command line the inputs give. Options are `--name=value`, so no value is read as an option. */
export function gateArguments(env: NodeJS.ProcessEnv, sarifFile: string, summaryFile: string): string[] {
  const config = single(env, 'LCC_CONFIG');
  const against = single(env, 'LCC_AGAINST');
  if (!config) throw new GateError('LCC_CONFIG (the input config) is required: the path of librechat.yaml');
  if (!against)
    throw new GateError('LCC_AGAINST (the input against) is required: the folder of the committed manifests');
  const argv = ['check', path('LCC_CONFIG', config), `--against=${against}`];
  for (const file of lines(env.LCC_ENV_FROM)) argv.push(`--env-from=${file}`);
  for (const [name, option] of Object.entries(SINGLE_INPUTS)) {
    const value = single(env, name);
    if (value !== undefined) argv.push(`--${option}=${value}`);
  }
  const args = lines(env.LCC_ARGS);
  for (const arg of args)
    if (/^--process-env(=|$)/.test(arg))
      // The config comes from the pull request: with the runner's environment read, it could pull
      // any variable whose name does not look secret (a deploy host, an internal URL) into the output.
      throw new GateError(
        `LCC_ARGS (the input args) must not hold ${escapeControl(arg.split('=')[0])}: the gate never reads the runner's environment; put the placeholders in an env file (the input env-from)`,
      );
  argv.push(...args);
  argv.push(`--sarif-file=${sarifFile}`, `--summary-file=${summaryFile}`);
  return argv;
}

function isFile(p: string): boolean {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
}

/** Runs the gate; returns check's exit code. */
export function gate(env: NodeJS.ProcessEnv, io: Io): number {
  const dir = env.RUNNER_TEMP || '.';
  const sarifFile = single(env, 'LCC_SARIF_FILE') ?? join(dir, 'librechat-containment.sarif');
  const summaryFile = single(env, 'LCC_SUMMARY_FILE') ?? join(dir, 'librechat-containment.md');
  let argv: string[];
  try {
    argv = gateArguments(env, sarifFile, summaryFile);
  } catch (e) {
    if (!(e instanceof GateError)) throw e;
    io.err(`error: ${e.message}\n`);
    report(env, 2, undefined, undefined, '## librechat-containment check: ERROR\n\n' + `${mdText(e.message)}.\n`);
    return 2;
  }
  // A report left by an earlier run must not pass for this run's (an input error writes none).
  for (const f of [sarifFile, summaryFile]) if (isFile(f)) rmSync(f);
  const code = run(argv, io);
  const summary = isFile(summaryFile)
    ? readFileSync(summaryFile, 'utf8')
    : `## librechat-containment check: ERROR (exit ${code})\n\nThe check stopped before it could compare: the job log names the file, line and column, and the fix.\n`;
  report(env, code, isFile(sarifFile) ? sarifFile : undefined, isFile(summaryFile) ? summaryFile : undefined, summary);
  return code;
}

/**
 * GitHub drops a step summary over 1 MiB as a whole ("$GITHUB_STEP_SUMMARY upload aborted, supports
 * content up to a size of 1024k"): a longer one is cut at a line, with a note, so the table head and
 * the status always show. The summary file keeps everything.
 */
export const MAX_STEP_SUMMARY_BYTES = 1024 * 1024 - 4096;

export function fitSummary(text: string, max = MAX_STEP_SUMMARY_BYTES): string {
  if (Buffer.byteLength(text) <= max) return text;
  const note =
    '\n\n(The summary is cut here: GitHub shows at most 1 MiB. The summary artifact and the job log have all of it.)\n';
  const kept: string[] = [];
  let size = Buffer.byteLength(note);
  for (const line of text.split('\n')) {
    size += Buffer.byteLength(line) + 1;
    if (size > max) break;
    kept.push(line);
  }
  return `${kept.join('\n')}${note}`;
}

/** The job summary and the step outputs (GitHub's environment files; absent elsewhere). */
function report(
  env: NodeJS.ProcessEnv,
  code: number,
  sarifFile: string | undefined,
  summaryFile: string | undefined,
  summary: string,
): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${fitSummary(summary)}\n`);
  if (env.GITHUB_OUTPUT) {
    // One line each (name=value); the paths are the gate's own or single-line inputs.
    const out = [`exit-code=${code}`, `sarif-file=${sarifFile ?? ''}`, `summary-file=${summaryFile ?? ''}`];
    appendFileSync(env.GITHUB_OUTPUT, `${out.join('\n')}\n`);
  }
}

if (require.main === module) {
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  process.exitCode = gate(process.env, io);
}
