// The position index of lib/config/document.ts: built once per mapping, it must point where the
// linear search pointed (the first pair of a key, the value or the key, the nearest parent).
import { strict as assert } from 'node:assert';
import { readConfigDocument } from '../../lib/config/document';
import { largeConfig } from '../../bench/generate';

describe('config document positions (index built once per mapping)', () => {
  const doc = readConfigDocument(largeConfig(300, 300), 'large.yaml');
  const lines = doc.text.split('\n');

  it('points at the value of each MCP server url and each endpoint baseURL', () => {
    for (const i of [0, 1, 150, 299]) {
      const url = doc.at(['mcpServers', `tool-${i}`, 'url']);
      assert.match(lines[url.line - 1], new RegExp(`url: "https://mcp\\.tool-${i}\\.`));
      assert.equal(lines[url.line - 1].indexOf('"') + 1, url.column);
      const base = doc.at(['endpoints', 'custom', i, 'baseURL']);
      assert.match(lines[base.line - 1], new RegExp(`baseURL: "https://api\\.provider-${i}\\.`));
    }
  });

  it('points at the key with atKey, and at the nearest existing parent for a missing path', () => {
    const key = doc.atKey(['mcpServers', 'tool-7']);
    assert.equal(lines[key.line - 1], '  tool-7:');
    assert.equal(key.column, 3);
    const missing = doc.at(['mcpServers', 'tool-7', 'nope', 'deeper'], 'label');
    assert.equal(missing.path, 'label');
    assert.equal(lines[missing.line - 1].trim(), 'type: streamable-http');
  });

  it('finds numeric-looking keys by their text, as before', () => {
    const d = readConfigDocument('mcpServers:\n  1:\n    url: https://a.example.com\n  "2":\n    url: x\n', 'n.yaml');
    assert.equal(d.at(['mcpServers', '1', 'url']).line, 3);
    assert.equal(d.at(['mcpServers', '2', 'url']).line, 5);
  });
});
