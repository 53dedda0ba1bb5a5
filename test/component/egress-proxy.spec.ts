// The component's egressProxy argument (issue 7 §3): a proxy on the internet blocks unless it is the
// declared egress proxy; a bad value is a ResourceError naming the argument.
import * as assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import { forgetPendingRegistrations, resetCalls } from '../support/pulumi-mocks';
import { LibreChatContainment, type LibreChatContainmentArgs } from '../../lib/component';

const KC = { kubeconfig: '{}', clusterId: 'test' };
const CONFIG = `version: 1.3.9
interface:
  mcpServers:
    create: false
endpoints:
  agents:
    capabilities: ['tools']
`;
let n = 0;
function construct(extra: Partial<LibreChatContainmentArgs>): LibreChatContainment {
  return new LibreChatContainment(`proxy${n++}`, {
    cloud: 'kubeconfig',
    kubeconfig: KC,
    config: { text: CONFIG, env: { HTTPS_PROXY: 'http://proxy.example.net:3128' } },
    ...extra,
  });
}

describe('component: egressProxy', () => {
  beforeEach(resetCalls);
  after(forgetPendingRegistrations);

  it('blocks on an internet proxy that is not declared, naming the finding', () => {
    assert.throws(
      () => construct({}),
      (e: unknown) => e instanceof pulumi.ResourceError && /egress-proxy:HTTPS_PROXY/.test((e as Error).message),
    );
  });

  it('accepts the declared egress proxy', () => {
    assert.doesNotThrow(() => construct({ egressProxy: 'http://proxy.example.net:3128' }));
  });

  it('refuses an egressProxy that is not an internet proxy, naming the argument', () => {
    assert.throws(
      () => construct({ egressProxy: 'http://169.254.169.254' }),
      (e: unknown) => e instanceof pulumi.ResourceError && /egressProxy/.test((e as Error).message),
    );
  });
});
