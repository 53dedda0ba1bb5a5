// The component provider that serves LibreChatContainment to Pulumi programs in other languages
// (Python, Go, C#, YAML, Java) through `pulumi package add`. It is the SDK's own source-based
// component provider (@pulumi/pulumi provider/experimental, 3.248): the schema is inferred from
// the TypeScript declarations of the class and its `args` interface (lib/component/args.ts,
// containment-output.ts), read from the repository's tsconfig.json; Construct runs the same class
// a TypeScript program uses. One correction is made to the inferred schema (below).
import { join } from 'node:path';
import { main } from '@pulumi/pulumi/provider';
import { ComponentProvider } from '@pulumi/pulumi/provider/experimental';
import { LibreChatContainment } from './librechat-containment';

/** The package name of the schema: the first part of the type token. */
export const PACKAGE_NAME = 'librechat-containment';

/** The repository root (package.json, tsconfig.json, the TypeScript sources); this file runs from dist/lib/component. */
export const PACKAGE_ROOT = join(__dirname, '..', '..', '..');

/**
 * The SDK's inference refers to every resource class as `/<pkg>/v<version>/schema.json#/resources/<token>`;
 * a provider's token is its package name alone (`kubernetes`), and a schema refers to a provider as
 * `#/provider` (as pulumi-eks's schema does for its `provider` output). Without this, the reference to
 * `kubernetes` names a resource that does not exist and binding the schema fails in every language.
 */
export function fixProviderReferences(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(fixProviderReferences);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const m =
      key === '$ref' && typeof value === 'string'
        ? /^\/([^/]+)\/(v[^/]+)\/schema\.json#\/resources\/(.+)$/.exec(value)
        : null;
    out[key] = m && m[3] === m[1] ? `/${m[1]}/${m[2]}/schema.json#/provider` : fixProviderReferences(value);
  }
  return out;
}

export class LibreChatContainmentProvider extends ComponentProvider {
  constructor(root: string = PACKAGE_ROOT) {
    super({ name: PACKAGE_NAME, dirname: root, components: [LibreChatContainment] });
  }

  override async getSchema(): Promise<string> {
    return JSON.stringify(fixProviderReferences(JSON.parse(await super.getSchema())));
  }
}

/** Serve the provider on the engine's gRPC protocol (the engine's address is the first argument). */
export function serve(args: string[] = process.argv.slice(2)): Promise<void> {
  return main(new LibreChatContainmentProvider(), args);
}
