// Optional check with the schema LibreChat itself publishes (librechat-data-provider's
// configSchema.strict(), as loadCustomConfig uses it). Loaded only on request: it costs about
// 280 ms and is an optional peer dependency. Guarded: the schema can throw (an MCP url that is
// not a URL makes its refine call `new URL()`), and it reads process.env while parsing, so it runs
// against an empty environment and the real one is put back afterwards. It returns the schema's
// issues as plain problems; lib/policy/schema-findings.ts turns them into findings.

export interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

export type SchemaCheck =
  { available: false; reason: string } | { available: true; version: string; issues: SchemaIssue[] };

export function checkWithLibreChatSchema(data: unknown): SchemaCheck {
  let dp: {
    configSchema: {
      strict(): {
        safeParse(v: unknown): {
          success: boolean;
          error?: { issues: { path: (string | number)[]; message: string }[] };
        };
      };
    };
    Constants: { CONFIG_VERSION: string };
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    dp = require('librechat-data-provider');
  } catch {
    return {
      available: false,
      reason: 'librechat-data-provider is not installed (npm install librechat-data-provider@0.8.524)',
    };
  }
  const saved = process.env;
  process.env = {};
  try {
    const result = dp.configSchema.strict().safeParse(structuredClone(data));
    const issues = result.success
      ? []
      : (result.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));
    return { available: true, version: dp.Constants.CONFIG_VERSION, issues };
  } catch (e) {
    return {
      available: true,
      version: dp.Constants.CONFIG_VERSION,
      issues: [{ path: [], message: `the schema threw while parsing: ${(e as Error).message.split('\n')[0]}` }],
    };
  } finally {
    process.env = saved;
  }
}
