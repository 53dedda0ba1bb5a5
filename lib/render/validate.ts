// Validation of every rendered object against the vendored Aviatrix CRD schemas (the copies in
// schemas/aviatrix/, shipped with the package), including the CEL rules (x-kubernetes-validations)
// that JSON Schema validators skip, re-implemented here, and the rules the CRD states only in its
// field descriptions. Unknown fields are errors, as under kubectl's strict field validation.
import type { ValidateFunction } from 'ajv';
import { asArray, asRecord, type JsonObject } from '../config/json';
import type { KubeObject } from './objects';
import type { AviatrixTarget } from './aviatrix';
import { addKubernetesKeywords, crdJsonSchema, nameProblems, schemaProblems, type CrdKey } from './crd-schema';

export { CRD_FILES, readCrd, schemaDir } from './crd-schema';

const validators = new Map<CrdKey, ValidateFunction>();

/** The precompiled validator from the build (crd-validators.js), or one compiled now. */
function validatorFor(key: CrdKey): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = precompiled()?.[key] ?? compile(key);
    validators.set(key, v);
  }
  return v;
}

function precompiled(): Record<CrdKey, ValidateFunction> | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./crd-validators');
  } catch {
    return undefined;
  }
}

function compile(key: CrdKey): ValidateFunction {
  // Loaded only here: with the build's precompiled validators the CLI never pays for Ajv.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addKubernetesKeywords(ajv);
  return ajv.compile(crdJsonSchema(key));
}

/** Test hook: compile from the schema files, bypassing the build's precompiled validators. */
export function compileValidatorForTests(key: CrdKey): ValidateFunction {
  return compile(key);
}

/** Problems with an object, as `Kind/name: path: message` lines; empty when it is valid. */
export function validateAviatrixObject(object: KubeObject, target: AviatrixTarget = 'chart-10.1'): string[] {
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const problems: string[] = [];
  if (object.apiVersion !== 'networking.aviatrix.com/v1alpha1')
    problems.push(`apiVersion must be networking.aviatrix.com/v1alpha1`);
  problems.push(...nameProblems(object, ' (the CRDs are namespaced)'));
  for (const [k, v] of Object.entries(object.metadata?.labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v))
      problems.push(`metadata.labels.${k}: "${v}" is not a valid label value`);
  }
  let key: CrdKey;
  if (object.kind === 'FirewallPolicy') key = target;
  else if (object.kind === 'WebgroupPolicy') key = 'webgroup';
  else return [`${where}: not an Aviatrix kind`];
  const validate = validatorFor(key);
  problems.push(...schemaProblems(validate, object));
  const spec = asRecord((object as { spec?: unknown }).spec);
  if (object.kind === 'FirewallPolicy') problems.push(...firewallPolicyRules(spec));
  else problems.push(...selectorRules(spec.selector, '/spec/selector'));
  return problems.map((p) => `${where}: ${p}`);
}

/** The CEL rules of the FirewallPolicy CRD, and those its descriptions state in words. */
function firewallPolicyRules(spec: JsonObject): string[] {
  const problems: string[] = [];
  const smartGroupNames = new Set<unknown>();
  asArray(spec.smartGroups).forEach((raw, i) => {
    const g = asRecord(raw);
    if (smartGroupNames.has(g.name)) problems.push(`/spec/smartGroups/${i}: duplicate name "${g.name}"`);
    smartGroupNames.add(g.name);
    asArray(g.selectors).forEach((s, j) =>
      problems.push(...smartGroupSelectorRules(s, `/spec/smartGroups/${i}/selectors/${j}`)),
    );
  });
  const webGroupNames = new Set<unknown>();
  asArray(spec.webGroups).forEach((raw, i) => {
    const g = asRecord(raw);
    if (webGroupNames.has(g.name)) problems.push(`/spec/webGroups/${i}: duplicate name "${g.name}"`);
    webGroupNames.add(g.name);
  });
  const ruleNames = new Set<unknown>();
  asArray(spec.rules).forEach((raw, i) => {
    const r = asRecord(raw);
    const at = `/spec/rules/${i}`;
    if (ruleNames.has(r.name)) problems.push(`${at}: rule name "${r.name}" must be unique in the policy`);
    ruleNames.add(r.name);
    problems.push(...selectorRules(r.selector, `${at}/selector`));
    asArray(r.destinationSmartGroups).forEach((ref, j) => {
      problems.push(...refRule(ref, `${at}/destinationSmartGroups/${j}`));
      const name = asRecord(ref).name;
      if (name !== undefined && !smartGroupNames.has(name))
        problems.push(`${at}/destinationSmartGroups/${j}: no smartGroup named "${name}" in this policy`);
    });
    asArray(r.webGroups).forEach((ref, j) => {
      problems.push(...refRule(ref, `${at}/webGroups/${j}`));
      const name = asRecord(ref).name;
      if (name !== undefined && !webGroupNames.has(name))
        problems.push(`${at}/webGroups/${j}: no webGroup named "${name}" in this policy`);
    });
    if (r.endPort !== undefined && r.port === undefined) problems.push(`${at}: endPort needs port`);
    if (r.logProfile !== undefined && r.logging !== true)
      problems.push(`${at}: logProfile can only be set when logging is true`);
  });
  return problems;
}

/** CEL: `matchLabels` and a non-empty `service` are mutually exclusive. */
function selectorRules(raw: unknown, at: string): string[] {
  if (!raw) return [];
  const selector = asRecord(raw);
  const hasService = typeof selector.service === 'string' && selector.service.length > 0;
  if (selector.matchLabels !== undefined && hasService) return [`${at}: service is forbidden when matchLabels is set`];
  return [];
}

/** CEL: a reference names exactly one of `name` and `uuid`. */
function refRule(raw: unknown, at: string): string[] {
  const ref = asRecord(raw);
  const hasName = ref.name !== undefined;
  const hasUuid = ref.uuid !== undefined;
  return hasName !== hasUuid ? [] : [`${at}: Either name or uuid must be set, but not both.`];
}

const K8S_ONLY = ['k8sClusterId', 'k8sNamespace', 'k8sPodName', 'k8sService'];
const NEEDS_TYPE = ['tags', 'accountId', 'accountName', 'name', 'region', 'zone'];

/** SmartGroup selector rules from the CRD's field descriptions. */
function smartGroupSelectorRules(raw: unknown, at: string): string[] {
  const problems: string[] = [];
  const s = asRecord(raw);
  const fields = Object.keys(s);
  if (s.cidr !== undefined && fields.length > 1) problems.push(`${at}: cidr must be the only field of its selector`);
  if (s.cidr !== undefined && !isCidr(String(s.cidr))) problems.push(`${at}: "${s.cidr}" is not a CIDR`);
  if (s.external !== undefined && fields.some((f) => f !== 'external' && f !== 'extArgs'))
    problems.push(`${at}: external allows only extArgs beside it`);
  if (s.s2c !== undefined && fields.length > 1) problems.push(`${at}: s2c must be the only field of its selector`);
  for (const f of K8S_ONLY) if (s[f] !== undefined && s.type !== 'k8s') problems.push(`${at}: ${f} requires type k8s`);
  for (const f of NEEDS_TYPE)
    if (s[f] !== undefined && s.type === undefined) problems.push(`${at}: ${f} requires type`);
  return problems;
}

function isCidr(text: string): boolean {
  const m = /^([0-9.]+|[0-9a-f:]+)\/(\d{1,3})$/i.exec(text);
  if (!m) return false;
  const bits = Number(m[2]);
  return m[1].includes(':')
    ? bits <= 128
    : bits <= 32 && m[1].split('.').length === 4 && m[1].split('.').every((o) => Number(o) <= 255);
}

/** Throws with every problem when any object is invalid: the CLI and the component never emit one. */
export function assertValidAviatrix(objects: KubeObject[], target: AviatrixTarget = 'chart-10.1'): void {
  const problems = objects.flatMap((o) => validateAviatrixObject(o, target));
  if (problems.length > 0)
    throw new Error(`rendered objects do not validate against the Aviatrix CRDs:\n  ${problems.join('\n  ')}`);
}
