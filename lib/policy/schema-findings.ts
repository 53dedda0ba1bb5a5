// The verdict of LibreChat's own schema (lib/config/librechat-schema.ts) as findings. The config
// reader returns plain issues; turning them into findings is the policy layer's job.
import type { ConfigDocument } from '../config/document';
import type { SchemaCheck } from '../config/librechat-schema';
import { makeFinding } from './findings';
import type { Finding } from './model';

/** The schema's verdict as findings: LibreChat refuses to start with such a config. */
export function schemaFindings(doc: ConfigDocument, check: SchemaCheck): Finding[] {
  if (!check.available) {
    return [makeFinding('librechat-schema', 'unavailable', { reason: check.reason }, 'unavailable')];
  }
  return check.issues.map((issue) => {
    const where = issue.path.map(String).join('.') || '(top level)';
    return makeFinding(
      'librechat-schema',
      'rejected',
      { message: issue.message, version: check.version, where },
      where,
      doc.at(issue.path),
    );
  });
}
