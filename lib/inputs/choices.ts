// The values each enumerated option may take, and its default: one list per option, read by the
// CLI's help and validation and by the component's argument check. The lists themselves live with
// the code that gives them meaning (the renderer's targets, the chart catalog's versions); this
// table names them by the option's path in the component's arguments.
import { CHART_VERSIONS, DEFAULT_CHART_VERSION, NODE_CLOUDS, type NodeCloud } from '../catalog/chart';
import { KUBELOGIN_MODES } from '../cloud/kubeconfig';
import { FAIL_ON_LEVELS } from '../policy/findings';
import { AVIATRIX_FORMS, AVIATRIX_TARGETS, ENFORCEMENT_MODES, LOG_PROFILES } from '../render/aviatrix';
import { PUBLIC_ROOT_SOURCES } from '../render/trust';

export { NODE_CLOUDS, type NodeCloud };
/** The clusters the component connects to: a cloud's, or any through a kubeconfig. */
export const CLOUDS = [...NODE_CLOUDS, 'kubeconfig'] as const;
export type Cloud = (typeof CLOUDS)[number];

export interface Choice {
  values: readonly string[];
  default?: string;
}

export const CHOICES = {
  cloud: { values: CLOUDS },
  nodeCloud: { values: NODE_CLOUDS },
  chartVersion: { values: CHART_VERSIONS, default: DEFAULT_CHART_VERSION },
  'aviatrix.target': { values: AVIATRIX_TARGETS, default: 'chart-10.1' },
  'aviatrix.mode': { values: ENFORCEMENT_MODES, default: 'enforce' },
  'aviatrix.logProfile': { values: LOG_PROFILES, default: 'start' },
  'aviatrix.form': { values: AVIATRIX_FORMS, default: 'firewall-policy' },
  'aks.loginMode': { values: KUBELOGIN_MODES, default: 'azurecli' },
  failOn: { values: FAIL_ON_LEVELS, default: 'error' },
  // No default: required with tls.patchRagApi, else ca-only (pem when tls.publicRootsPem is given).
  'tls.publicRoots': { values: PUBLIC_ROOT_SOURCES },
} as const satisfies Record<string, Choice>;

export type ChoiceName = keyof typeof CHOICES;

/** `chart-10.1 (default) or chart-8.2`, `start (default), end or start/end`: for help texts. */
export function describeChoices(name: ChoiceName): string {
  const choice: Choice = CHOICES[name];
  const rest = choice.values.filter((v) => v !== choice.default);
  const words = choice.default === undefined ? [...rest] : [`${choice.default} (default)`, ...rest];
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
