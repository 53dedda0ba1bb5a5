// What stops a deployment: error findings that are not accepted, from the config or from the
// cluster preflight, listed by id with the accept list that would let them through.
import { ArgumentError } from '../config/errors';
import { acceptFindings } from '../cloud/kubeconfig';
import type { Finding } from '../policy/model';

/**
 * The message for blocking findings. `hidden` more were left out because they depend on the
 * secret values of `secretNames` (they may quote them).
 */
export function blockingMessage(blocking: Finding[], what: string, hidden = 0, secretNames: string[] = []): string {
  const lines = blocking.map((f) => `  ${f.id}: ${f.message}`);
  if (hidden > 0)
    lines.push(
      `  (${hidden} more that depend on the secret env value(s) of ${secretNames.join(', ')}: not shown, they may quote them)`,
    );
  return `${blocking.length + hidden} error finding(s) ${what} are not accepted, so nothing is applied:\n${lines.join('\n')}\nFix them, or accept each by id in acceptFindings: ${JSON.stringify(blocking.map((f) => f.id))}`;
}

/** The cluster preflight's findings with the accepted ones marked; an ArgumentError on `cloud` while any error is not. */
export function checkPreflight(cloud: string, findings: Finding[], accept: readonly string[]): Finding[] {
  const marked = acceptFindings(findings, accept);
  const blocking = marked.filter((f) => f.severity === 'error' && !f.accepted);
  if (blocking.length > 0) throw new ArgumentError(cloud, blockingMessage(blocking, 'from the cluster preflight'));
  return marked;
}
