// The CA mount patches the Deployments the chart really renders (issue 8 §2): with
// fullnameOverride the LibreChat and RAG API Deployments are not `<release>-librechat[-rag-api]`.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment } from '../../lib/pipeline';
import { trustNames, withChartDeployments } from '../../lib/render/trust';
import { QUIET } from '../support/core';

function policy(values: string) {
  return buildContainment({
    configText: QUIET,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: {} }),
    chartValues: { text: values, file: 'values.yaml' },
  }).policy;
}

const BASE = { namespace: 'librechat', release: 'librechat' };

describe('CA patch targets follow the chart names', () => {
  it('defaults stay the chart defaults (release librechat: librechat-librechat, librechat-librechat-rag-api)', () => {
    const n = trustNames(withChartDeployments(BASE, policy('librechat-rag-api:\n  enabled: true\n')));
    assert.equal(n.deployment, 'librechat-librechat');
    assert.equal(n.ragDeployment, 'librechat-librechat-rag-api');
  });

  it('fullnameOverride renames the LibreChat Deployment (Aviatrix blueprint values: fullnameOverride librechat)', () => {
    const p = policy('fullnameOverride: chat\nlibrechat-rag-api:\n  enabled: true\n  fullnameOverride: chat-rag\n');
    const n = trustNames(withChartDeployments(BASE, p));
    assert.equal(n.deployment, 'chat');
    assert.equal(n.container, 'chat');
    assert.equal(n.ragDeployment, 'chat-rag');
  });

  // The container to patch is named as the chart templates name it: helm/librechat/templates/deployment.yaml
  // `containers: - name: {{ include "librechat.fullname" $ }}` (the Deployment's own name) and
  // helm/librechat-rag-api/templates/rag-deployment.yaml `- name: {{ include "rag.fullname" $ }}-rag`.
  it('container names follow the chart templates: LibreChat = its Deployment, RAG API = <Deployment>-rag', () => {
    const d = trustNames(withChartDeployments(BASE, policy('librechat-rag-api:\n  enabled: true\n')));
    assert.equal(d.container, 'librechat-librechat');
    assert.equal(d.ragContainer, 'librechat-librechat-rag-api-rag');
    const p = policy('fullnameOverride: chat\nlibrechat-rag-api:\n  enabled: true\n  fullnameOverride: chat-rag\n');
    const o = trustNames(withChartDeployments(BASE, p));
    assert.equal(o.container, 'chat');
    assert.equal(o.ragContainer, 'chat-rag-rag');
  });

  it('names given explicitly win', () => {
    const n = trustNames(
      withChartDeployments({ ...BASE, deployment: 'lc', ragDeployment: 'rag' }, policy('fullnameOverride: chat\n')),
    );
    assert.equal(n.deployment, 'lc');
    assert.equal(n.ragDeployment, 'rag');
  });
});
