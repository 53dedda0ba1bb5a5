// Agents: code execution (the LibreChat code API), Actions (OpenAPI tools bounded by
// actions.allowedDomains), and the URL keys of newer agent features.
import { CODE_INTERPRETER_DEFAULT_URL } from '../../catalog/providers';
import type { Derivation, GroupSpec } from '../context';
import { endpointEnabled } from './endpoints';
import { asArray, asRecord } from './values';

/** LibreChat's default agent capabilities (librechat-data-provider `defaultAgentCapabilities`). */
export const DEFAULT_AGENT_CAPABILITIES = [
  'deferred_tools',
  'execute_code',
  'file_search',
  'web_search',
  'artifacts',
  'subagents',
  'actions',
  'context',
  'skills',
  'memory',
  'ask_user_question',
  'tools',
  'chain',
  'ocr',
];

export function agentCapabilities(d: Derivation): { list: string[]; explicit: boolean } {
  if (!endpointEnabled(d, 'agents')) return { list: [], explicit: true };
  const raw = d.get(['endpoints', 'agents', 'capabilities']);
  if (Array.isArray(raw)) return { list: raw.filter((c): c is string => typeof c === 'string'), explicit: true };
  return { list: DEFAULT_AGENT_CAPABILITIES, explicit: false };
}

export function deriveAgents(d: Derivation): void {
  const caps = agentCapabilities(d);
  deriveCodeExecution(d, caps);
  deriveActions(d, caps);
  deriveAgentUrls(d);
}

function deriveCodeExecution(d: Derivation, caps: { list: string[]; explicit: boolean }): void {
  const keySet = d.env.isSet('LIBRECHAT_CODE_API_KEY');
  const baseSet = d.env.isSet('LIBRECHAT_CODE_BASEURL');
  const capable = caps.list.includes('execute_code');
  if (!capable && !keySet) return;
  if (!caps.explicit && !keySet && !baseSet) {
    // Row 38: the gate is the capability alone (handleTools.js:359), and users bring their own code
    // API key. The default capability is not a declaration: a warning names what will be denied.
    d.finding(
      'per-user-credentials',
      'execute-code',
      {},
      'execute_code',
      d.builtin('endpoints.agents.capabilities (LibreChat default)'),
    );
    return;
  }
  const source =
    caps.explicit && capable ? d.at(['endpoints', 'agents', 'capabilities']) : d.envSource('LIBRECHAT_CODE_API_KEY');
  const spec: GroupSpec = {
    name: ['code', 'interpreter'],
    kind: 'code',
    title: 'agents code execution (LibreChat code API)',
    source,
  };
  if (baseSet)
    d.addUrlText(spec, d.env.value('LIBRECHAT_CODE_BASEURL')!, d.envSource('LIBRECHAT_CODE_BASEURL'), 'code execution');
  else d.addUrlText(spec, CODE_INTERPRETER_DEFAULT_URL, source, 'code execution (default host)');
  // Row 39 (packages/api/src/agents/execution.ts:33-39): stateful sessions use their own base URL.
  if (d.env.isSet('LIBRECHAT_CODE_BASEURL_STATEFUL'))
    d.addUrlText(
      { ...spec, name: ['code', 'stateful'], title: 'agents stateful code sessions (LIBRECHAT_CODE_BASEURL_STATEFUL)' },
      d.env.value('LIBRECHAT_CODE_BASEURL_STATEFUL')!,
      d.envSource('LIBRECHAT_CODE_BASEURL_STATEFUL'),
      'stateful code sessions',
    );
}

function deriveActions(d: Derivation, caps: { list: string[]; explicit: boolean }): void {
  if (!caps.list.includes('actions')) return;
  // LibreChat treats a missing or empty list as "any public host" (ToolService.js:972-993).
  const entries = d.allowlist(['actions', 'allowedDomains']);
  if (!entries || (d.get(['actions', 'allowedDomains']) as unknown[]).length === 0) {
    // Explicit: the config lists the capability, or writes an actions block without a bound. A
    // LibreChat default (no capabilities list, no actions block) is a warning: nothing declared
    // is lost, users just see their Actions' calls denied.
    const declared = caps.explicit || d.get(['actions']) !== undefined;
    d.finding(
      'actions-unrestricted',
      'open',
      { declared },
      undefined,
      caps.explicit
        ? d.at(['endpoints', 'agents', 'capabilities'])
        : d.get(['actions']) !== undefined
          ? d.at(['actions'])
          : d.builtin('endpoints.agents.capabilities (LibreChat default)'),
      declared ? 'error' : 'warning',
    );
    return;
  }
  const spec: GroupSpec = {
    name: ['tools', 'actions'],
    kind: 'tools',
    title: 'agent Actions (actions.allowedDomains)',
    source: d.at(['actions', 'allowedDomains']),
  };
  for (const { entry, source } of entries)
    d.addHost(spec, entry.host, entry.port ?? 443, 'agent Actions', source, { wildcard: true });
}

/** URL keys of newer agent features (stateful code sessions, remote API OIDC). */
function deriveAgentUrls(d: Derivation): void {
  const agents = asRecord(d.get(['endpoints', 'agents']));
  asArray(asRecord(agents.statefulCodeSessions).environments).forEach((env, i) => {
    const e = asRecord(env);
    if (e.baseURL === undefined) return;
    const name = typeof e.id === 'string' ? e.id : `#${i}`;
    d.addUrl(
      {
        name: ['code', 'session', name],
        kind: 'code',
        title: `stateful code session environment "${name}"`,
        source: d.at(['endpoints', 'agents', 'statefulCodeSessions', 'environments', i]),
      },
      ['endpoints', 'agents', 'statefulCodeSessions', 'environments', i, 'baseURL'],
      'stateful code sessions',
    );
  });
  for (const api of ['remoteApi', 'managementApi']) {
    const oidc = asRecord(asRecord(asRecord(agents[api]).auth).oidc);
    for (const key of ['issuer', 'jwksUri']) {
      if (oidc[key] === undefined || oidc.enabled === false) continue;
      d.addUrl(
        {
          name: ['auth', 'agents', api],
          kind: 'auth',
          title: `agents ${api} OIDC`,
          source: d.at(['endpoints', 'agents', api]),
        },
        ['endpoints', 'agents', api, 'auth', 'oidc', key],
        `OIDC ${key}`,
      );
    }
  }
}
