// Rehydration, as pulumi-eks's Cluster: with `opts.urn` the component is a reference to one that
// exists. It neither checks arguments nor reads files nor creates children.
import * as assert from 'node:assert/strict';
import { resetCalls, resources, unmockedCalls } from '../support/pulumi-mocks';
import { LibreChatContainment, TYPE_TOKEN, type LibreChatContainmentArgs } from '../../lib/component';

describe('component: rehydration (opts.urn)', () => {
  beforeEach(resetCalls);

  it('creates no child and checks no argument', async () => {
    const urn = `urn:pulumi:stack::project::${TYPE_TOKEN}::existing`;
    const c = new LibreChatContainment('existing', {} as LibreChatContainmentArgs, { urn });
    assert.ok(c instanceof LibreChatContainment);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      resources.filter((r) => r.name.startsWith('existing-')),
      [],
    );
    assert.deepEqual(unmockedCalls, []);
  });
});
