// The RAG API's first embedding (issue 8 §1, fact sheet rows 97-99 and 102; danny-avila/rag_api
// app/config.py at 4985b37): the tokenizer and model files it downloads, and its Bedrock region.
import { strict as assert } from 'node:assert';
import { buildEnvironment } from '../../lib/config/env';
import { buildContainment, type Containment } from '../../lib/pipeline';
import { groupsOf, QUIET } from '../support/core';

function rag(env: Record<string, string>): Containment {
  return buildContainment({
    configText: QUIET,
    configFile: 'librechat.yaml',
    env: buildEnvironment({ pairs: env }),
    chartValues: { text: 'librechat-rag-api:\n  enabled: true\n', file: 'values.yaml' },
  });
}
const ragGroups = (c: Containment) =>
  Object.fromEntries(
    Object.entries(groupsOf(c)).filter(
      ([name]) => c.policy.groups.find((g) => g.name === name)?.workload === 'rag-api',
    ),
  );

describe('RAG API first embedding (fact sheet rows 97-99, 102)', () => {
  it('row 97: openai embeddings (app/config.py:224-229,250) also fetch the tiktoken encoding from openaipublic.blob.core.windows.net', () => {
    assert.deepEqual(ragGroups(rag({})), {
      'embeddings-openai': ['api.openai.com:443'],
      'embeddings-tiktoken': ['openaipublic.blob.core.windows.net:443'],
    });
  });

  it('row 97: RAG_CHECK_EMBEDDING_CTX_LENGTH=false turns the token-length check (and the download) off', () => {
    assert.deepEqual(ragGroups(rag({ RAG_CHECK_EMBEDDING_CTX_LENGTH: 'False' })), {
      'embeddings-openai': ['api.openai.com:443'],
    });
  });

  it('rows 97-98: azure embeddings (RAG_AZURE_OPENAI_ENDPOINT, else AZURE_OPENAI_ENDPOINT) fetch the tiktoken encoding too', () => {
    assert.deepEqual(
      ragGroups(rag({ EMBEDDINGS_PROVIDER: 'azure', AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com' })),
      {
        'embeddings-azure': ['contoso.openai.azure.com:443'],
        'embeddings-tiktoken': ['openaipublic.blob.core.windows.net:443'],
      },
    );
    assert.deepEqual(
      ragGroups(
        rag({
          EMBEDDINGS_PROVIDER: 'azure',
          RAG_AZURE_OPENAI_ENDPOINT: 'https://rag.openai.azure.com',
          AZURE_OPENAI_ENDPOINT: 'https://contoso.openai.azure.com',
        }),
      )['embeddings-azure'],
      ['rag.openai.azure.com:443'],
    );
  });

  it('row 99: huggingface embeddings (app/config.py:269-274) reach huggingface.co and its file CDN hosts, and no tiktoken host', () => {
    assert.deepEqual(ragGroups(rag({ EMBEDDINGS_PROVIDER: 'huggingface' })), {
      'embeddings-huggingface': [
        'cas-bridge.xethub.hf.co:443',
        'cdn-lfs-eu-1.hf.co:443',
        'cdn-lfs-us-1.hf.co:443',
        'cdn-lfs.hf.co:443',
        'huggingface.co:443',
      ],
    });
  });

  it('row 99: HF_ENDPOINT replaces the hub and its CDN with the mirror', () => {
    assert.deepEqual(
      ragGroups(rag({ EMBEDDINGS_PROVIDER: 'huggingface', HF_ENDPOINT: 'https://hf-mirror.corp-example.com' })),
      {
        'embeddings-huggingface': ['hf-mirror.corp-example.com:443'],
      },
    );
  });

  it('row 102: bedrock embeddings without AWS_DEFAULT_REGION use us-east-1 (app/config.py:364), not an error', () => {
    const c = rag({ EMBEDDINGS_PROVIDER: 'bedrock' });
    assert.deepEqual(ragGroups(c), { 'embeddings-bedrock': ['bedrock-runtime.us-east-1.amazonaws.com:443'] });
    assert.ok(!c.policy.findings.some((f) => f.id === 'unresolved-variable:AWS_DEFAULT_REGION'));
    assert.deepEqual(ragGroups(rag({ EMBEDDINGS_PROVIDER: 'bedrock', AWS_DEFAULT_REGION: 'eu-west-1' })), {
      'embeddings-bedrock': ['bedrock-runtime.eu-west-1.amazonaws.com:443'],
    });
  });
});
