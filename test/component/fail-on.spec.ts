// Issue 8 §4 in the component: failOn 'warning' blocks on warnings as the CLI's --fail-on does.
import * as assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import '../support/pulumi-mocks';
import { LibreChatContainment } from '../../lib/component';

const KC = { kubeconfig: '{}', clusterId: 'test' };
const DEFAULTS_ONLY = 'version: 1.3.9\nendpoints:\n  agents:\n    capabilities: []\n';

describe('component: failOn', () => {
  it("blocks on a LibreChat default's warning only with failOn: 'warning', and refuses another value", () => {
    const make = (name: string, failOn?: string) =>
      new LibreChatContainment(name, { cloud: 'kubeconfig', kubeconfig: KC, config: { text: DEFAULTS_ONLY }, failOn });
    make('failon-default');
    assert.throws(
      () => make('failon-warning', 'warning'),
      (e: unknown) => e instanceof pulumi.ResourceError && /mcp-user-servers/.test((e as Error).message),
    );
    assert.throws(
      () => make('failon-bad', 'never'),
      (e: unknown) =>
        e instanceof pulumi.ResourceError && /failOn: must be one of error, warning/.test((e as Error).message),
    );
  });
});
