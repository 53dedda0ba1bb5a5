// The key catalog comes from LibreChat's published schema, and the optional --librechat-schema
// check rejects exactly the own fixtures written to be invalid (the corpus: test/corpus).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkWithLibreChatSchema } from '../../lib/config/librechat-schema';
import { FIXTURES, ROOT } from '../support/paths';
import { contain } from '../support/core';
import { yamlFiles } from '../support/fixture-suite';

describe("LibreChat's own schema", () => {
  it('the key catalog is what the pinned librechat-data-provider publishes', () => {
    const { extract } = require(join(ROOT, 'scripts', 'extract-librechat-keys.js'));
    const committed = JSON.parse(readFileSync(join(ROOT, 'lib', 'catalog', 'librechat-keys.json'), 'utf8'));
    assert.deepEqual(
      committed,
      extract(),
      'run node scripts/extract-librechat-keys.js after upgrading librechat-data-provider',
    );
  });

  it('rejects exactly the own fixtures written to fail the strict parse, and accepts the others', () => {
    // LibreChat validates librechat.yaml with configSchema.strict() (api/server/services/Config/
    // loadCustomConfig.js); the fixtures other than these two are meant to be valid configs.
    const failing: Record<string, string> = {};
    for (const file of yamlFiles(FIXTURES)) {
      const check = checkWithLibreChatSchema(parse(readFileSync(join(FIXTURES, file), 'utf8')));
      assert.ok(check.available);
      if (check.issues.length) failing[file] = check.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    }
    assert.deepEqual(failing, {
      'invalid-schema.yaml': 'endpoints.anthropic.models: Expected array, received object',
      'legacy-speech.yaml': ": Unrecognized key(s) in object: 'tts', 'stt'",
    });
  });

  it("does not throw on a URL that is not one, and does not read the deployer's environment", () => {
    process.env.LCC_TEST_MCP_URL = 'https://from-process-env.example.com/mcp';
    try {
      const check = checkWithLibreChatSchema({ version: '1.3.9', mcpServers: { a: { url: '${LCC_TEST_MCP_URL}' } } });
      assert.ok(check.available && check.issues.length > 0);
      assert.equal(process.env.LCC_TEST_MCP_URL, 'https://from-process-env.example.com/mcp');
    } finally {
      delete process.env.LCC_TEST_MCP_URL;
    }
  });

  it('turns schema rejections into findings with their position, on request only', () => {
    const yaml =
      'version: 1.3.9\ninterface: { mcpServers: { create: false } }\nendpoints:\n  agents: { capabilities: [tools] }\n  anthropic:\n    models: { a: b }\n';
    const { buildContainment } = require('../../lib/pipeline') as typeof import('../../lib/pipeline');
    const { buildEnvironment } = require('../../lib/config/env') as typeof import('../../lib/config/env');
    const c = buildContainment({
      configText: yaml,
      configFile: 'l.yaml',
      env: buildEnvironment({}),
      librechatSchema: true,
    });
    const f = c.policy.findings.find((x) => x.kind === 'librechat-schema')!;
    assert.equal(f.id, 'librechat-schema:endpoints.anthropic.models');
    assert.equal(f.source?.line, 6);
    assert.ok(!contain(yaml).policy.findings.some((x) => x.kind === 'librechat-schema'));
  });
});
