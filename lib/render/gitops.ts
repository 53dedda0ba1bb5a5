// What GitOps tools need beside the objects: a kustomization.yaml over the rendered files, the
// Argo CD sync wave, and the KRM function's annotations and results. Pure: no file or process.
import type { Finding } from '../policy/model';
import type { KubeObject } from './objects';
import { toYaml } from './yaml';

/** Argo CD applies lower waves first and waits for them to be healthy (default wave 0). */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The KRM Functions Specification's internal annotations (kubernetes-sigs/kustomize
 * cmd/config/docs/api-conventions/functions-spec.md, "Internal Annotations"): the file a resource
 * belongs to and its index in that file. kyaml (kyaml/kio/kioutil/kioutil.go) still reads the
 * legacy `config.kubernetes.io/` names and copies one to the other; both are set, equal, so older
 * orchestrators see the same file. Orchestrators remove them when they write files, and
 * `kustomize build` strips all four (api/resource/resource.go BuildAnnotations).
 */
export const KRM_PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'] as const;
export const KRM_INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'] as const;

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** An Argo CD sync wave as the annotation holds it: an integer, negative allowed, as a string. */
export function syncWaveValue(wave: string | number): string | undefined {
  const text = String(wave).trim();
  return /^-?(0|[1-9][0-9]{0,8})$/.test(text) ? String(Number(text)) : undefined;
}

/** The objects with the sync wave annotation added (a copy; the input is not changed). */
export function withSyncWave(objects: readonly KubeObject[], wave: string): KubeObject[] {
  return objects.map((o) => ({
    ...o,
    metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [SYNC_WAVE_ANNOTATION]: wave } },
  }));
}

/**
 * A kustomization.yaml whose `resources:` are exactly the given manifest files, sorted (byte
 * order: file names are ASCII), under the generated header so `render --out` owns it like the
 * manifests.
 */
export function kustomizationText(header: string, files: readonly string[]): string {
  const resources = [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${header}\n${toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources })}`;
}

/** The object as a KRM function emits it: the render object plus the file it belongs to. */
export function withKrmPath(o: KubeObject, path: string): KubeObject {
  const annotations: Record<string, string> = { ...o.metadata.annotations };
  for (const k of KRM_PATH_ANNOTATIONS) annotations[k] = path;
  for (const k of KRM_INDEX_ANNOTATIONS) annotations[k] = '0';
  return { ...o, metadata: { ...o.metadata, annotations } };
}

/** The inverse of withKrmPath: what an orchestrator writes to the file (and `render` prints). */
export function withoutKrmPath(o: KubeObject): KubeObject {
  const drop = new Set<string>([...KRM_PATH_ANNOTATIONS, ...KRM_INDEX_ANNOTATIONS]);
  const annotations = Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !drop.has(k)));
  const metadata = { ...o.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
  return { ...o, metadata };
}

/** A `results` entry of the KRM Functions Specification (Result: message, severity, file, tags). */
export interface KrmResult {
  message: string;
  severity: 'error' | 'warning' | 'info';
  file?: { path: string };
  tags: Record<string, string>;
}

/**
 * One result per finding, in the policy's order. A finding that blocks is `error` (and the
 * function exits non-zero); an accepted error is a `warning` tagged `accepted`, since it does not
 * stop the function but a person decided it; the others keep their severity. The position in the
 * config is in the message (`file:line:column path`) and in the tags: the specification's `file`
 * names only a path, which is the config file, not one of the emitted objects.
 */
export function krmResults(findings: readonly Finding[], blocking: readonly Finding[]): KrmResult[] {
  const blocks = new Set(blocking.map((f) => f.id));
  return findings.map((f) => {
    const severity = blocks.has(f.id) ? 'error' : f.severity === 'error' ? 'warning' : f.severity;
    const at = f.source && f.source.file !== '(default)' ? f.source : undefined;
    const where = at ? `${at.file}:${at.line}:${at.column} ${at.path}: ` : '';
    const tags: Record<string, string> = { id: f.id, kind: f.kind, fix: f.fix };
    if (f.accepted) tags.accepted = f.acceptance ? `yes: ${f.acceptance.reason}` : 'yes';
    if (at) Object.assign(tags, { line: String(at.line), column: String(at.column), yamlPath: at.path });
    const result: KrmResult = { message: `${where}[${f.id}] ${f.message}`, severity, tags };
    if (at) result.file = { path: at.file };
    return result;
  });
}
