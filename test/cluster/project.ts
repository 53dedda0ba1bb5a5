// A throwaway copy of the root Pulumi project (Pulumi.yaml, main: dist/index.js) for one stack on the
// cluster in KUBECONFIG: the compiled program, node_modules and examples/ are symlinks to this
// checkout, the stack file is stacks/Pulumi.kubeconfig.yaml with the test's kubeconfig and CA, the
// state is a local backend in the temp dir and the secrets provider a passphrase. Nothing is
// written to the checkout, to ~/.pulumi or to the user's kubeconfig, and no plugin is downloaded:
// the engine finds pulumi-language-nodejs and pulumi-resource-kubernetes on PATH (the tools' bin).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN, kubectl, ROOT, run, type Result } from './support';

/** The passphrase of the throwaway stacks' secrets provider (test-only, embedded on purpose). */
export const TEST_PASSPHRASE = 'librechat-containment-cluster-tests';

/**
 * The copy's main: the root program, plus what the local API server lacks (LCC_CLUSTER_LOCAL only).
 * Without controllers a Deployment never rolls out (the provider awaits a DeploymentPatch's rollout:
 * `pulumi.com/skipAwait` on the patches) and no garbage collector finishes a foreground deletion
 * (the provider's default: `pulumi.com/deletionPropagationPolicy: background` on every object).
 * Against a cluster from KUBECONFIG the program runs unchanged.
 */
const SHIM = `// Written by test/cluster/project.ts.
const pulumi = require('@pulumi/pulumi');
if (process.env.LCC_CLUSTER_LOCAL === '1') {
  const annotate = (meta, extra) => {
    if (pulumi.Output.isInstance(meta)) return meta.apply((m) => annotate(m, extra));
    const m = meta || {};
    const a = m.annotations;
    return { ...m, annotations: pulumi.Output.isInstance(a) ? a.apply((x) => ({ ...x, ...extra })) : { ...a, ...extra } };
  };
  pulumi.runtime.registerStackTransformation((a) => {
    if (!a.type.startsWith('kubernetes:')) return undefined;
    const extra = { 'pulumi.com/deletionPropagationPolicy': 'background' };
    if (a.type === 'kubernetes:apps/v1:DeploymentPatch') extra['pulumi.com/skipAwait'] = 'true';
    return { props: { ...a.props, metadata: annotate(a.props.metadata, extra) }, opts: a.opts };
  });
}
module.exports = require('./dist/index.js');
`;

export interface StackOptions {
  stack?: string;
  /**
   * Run the root Pulumi.yaml as it is (main: dist/index.js). By default the copy's main is a shim
   * at the project root that requires dist/index.js, because Pulumi runs a `main` file with its
   * directory (dist/) as the working directory; root-program.spec.ts runs it unmodified.
   */
  unmodifiedMain?: boolean;
  /** Config keys (without the `librechat-containment:` prefix) replacing the template's. */
  config?: Record<string, unknown>;
}

export class TestProject {
  readonly dir: string;
  readonly stack: string;
  readonly env: NodeJS.ProcessEnv;
  readonly kubeconfigPath: string;

  constructor(o: StackOptions = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'lcc-pulumi-'));
    this.stack = o.stack ?? 'cluster';
    const project = join(this.dir, 'project');
    mkdirSync(join(project, 'stacks'), { recursive: true });
    copyFileSync(join(ROOT, 'Pulumi.yaml'), join(project, 'Pulumi.yaml'));
    if (!o.unmodifiedMain) {
      writeFileSync(join(project, 'main.js'), SHIM);
      const text = readFileSync(join(project, 'Pulumi.yaml'), 'utf8');
      if (!/^main: dist\/index\.js$/m.test(text)) throw new Error('Pulumi.yaml no longer has main: dist/index.js');
      writeFileSync(join(project, 'Pulumi.yaml'), text.replace(/^main: dist\/index\.js$/m, 'main: main.js'));
    }
    for (const p of ['dist', 'node_modules', 'examples', 'package.json']) symlinkSync(join(ROOT, p), join(project, p));
    // One self-contained kubeconfig (KUBECONFIG may list several files, or use the current context).
    this.kubeconfigPath = join(this.dir, 'kubeconfig.yaml');
    writeFileSync(this.kubeconfigPath, kubectl(['config', 'view', '--raw', '--minify', '--flatten']).stdout, {
      mode: 0o600,
    });
    mkdirSync(join(this.dir, 'state'));
    this.env = {
      ...process.env,
      PATH: `${BIN}:${process.env.PATH}`,
      PULUMI_HOME: join(this.dir, 'home'),
      PULUMI_BACKEND_URL: `file://${join(this.dir, 'state')}`,
      PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
      NO_COLOR: '1',
    };
    const init = this.pulumi(['stack', 'init', this.stack]);
    if (init.status !== 0) throw new Error(`pulumi stack init failed:\n${init.stdout}\n${init.stderr}`);
    this.setConfig(o.config ?? {});
  }

  get projectDir(): string {
    return join(this.dir, 'project');
  }

  /** Writes stacks/Pulumi.<stack>.yaml: the kubeconfig template, the test's kubeconfig, then `config`. */
  setConfig(config: Record<string, unknown>): void {
    const file = join(this.projectDir, 'stacks', `Pulumi.${this.stack}.yaml`);
    const current = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    const template = parse(readFileSync(join(ROOT, 'stacks', 'Pulumi.kubeconfig.yaml'), 'utf8')).config as Record<
      string,
      unknown
    >;
    const own: Record<string, unknown> = {
      ...template,
      'librechat-containment:kubeconfig': { clusterId: 'lcc-cluster-test', path: this.kubeconfigPath },
    };
    for (const [k, v] of Object.entries(config)) {
      if (v === undefined) delete own[`librechat-containment:${k}`];
      else own[`librechat-containment:${k}`] = v;
    }
    writeFileSync(file, stringify({ ...current, config: own }));
  }

  pulumi(args: string[], timeoutMs = 300000): Result {
    return run(join(BIN, 'pulumi'), [...args, '--non-interactive', '--cwd', this.projectDir], {
      env: this.env,
      timeoutMs,
    });
  }

  /** `pulumi <command> --stack <stack>`, failing the test with the engine's output unless it succeeds. */
  must(args: string[], timeoutMs?: number): Result {
    const r = this.pulumi([...args, '--stack', this.stack], timeoutMs);
    if (r.status !== 0) throw new Error(`pulumi ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  outputs(): Record<string, any> {
    return JSON.parse(this.must(['stack', 'output', '--json', '--show-secrets']).stdout);
  }

  dispose(): void {
    if (process.env.LCC_KEEP_TMP !== '1') rmSync(this.dir, { recursive: true, force: true });
  }
}
