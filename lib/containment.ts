// The whole pure pipeline in one call: config text + environment + options → the policy model
// and the validated Kubernetes objects. The CLI and the Pulumi component both call this, so what
// `render` writes and what `pulumi up` applies are the same objects.
import { readConfigDocument } from './config/document';
import type { Environment } from './config/env';
import { checkWithLibreChatSchema, schemaFindings } from './config/librechat-schema';
import { derivePolicy, type DeriveOptions } from './policy/derive';
import { blockingFindings, type ContainmentPolicy, type Finding } from './policy/model';
import { renderAviatrix, type AviatrixOptions } from './render/aviatrix';
import { sortObjects, type KubeObject } from './render/kube';
import { assertValidAviatrix } from './render/validate';

export interface ContainmentInput {
  /** The text of librechat.yaml. */
  configText: string;
  /** The name to show for it in findings and headers (as given; not resolved to a machine path). */
  configFile: string;
  env: Environment;
  derive?: DeriveOptions;
  aviatrix?: AviatrixOptions;
  /** Also check the config with LibreChat's own schema (needs librechat-data-provider; slower). */
  librechatSchema?: boolean;
}

export interface Containment {
  policy: ContainmentPolicy;
  /** Validated against the vendored CRDs, sorted by kind and name. */
  objects: KubeObject[];
  /** Error findings not accepted by id: while any remain, nothing should be applied. */
  blocking: Finding[];
}

export function buildContainment(input: ContainmentInput): Containment {
  const doc = readConfigDocument(input.configText, input.configFile);
  const extraFindings = input.librechatSchema ? schemaFindings(doc, checkWithLibreChatSchema(doc.data)) : [];
  const policy = derivePolicy(doc, input.env, { ...input.derive, extraFindings });
  const objects = sortObjects(renderAviatrix(policy, input.aviatrix));
  assertValidAviatrix(objects, input.aviatrix?.target);
  return { policy, objects, blocking: blockingFindings(policy) };
}
