// ${VAR} resolution exactly as LibreChat's extractEnvVariable does it, and .env parsing.
import { strict as assert } from 'node:assert';
import { buildEnvironment, parseDotEnv, resolve } from '../../lib/config/env';

const env = buildEnvironment({
  pairs: { HOST: 'api.example.com', KEY: 'sk-secret', EMPTY: '', MONGO_URI: 'mongodb://m:27017' },
});

describe('env resolution', () => {
  it('replaces a whole-value reference, and leaves an unset one as written', () => {
    assert.equal(resolve('${HOST}', env).value, 'api.example.com');
    const r = resolve('${NOPE}', env);
    assert.equal(r.value, '${NOPE}');
    assert.deepEqual(r.unresolved, ['NOPE']);
  });

  it('substitutes embedded references and leaves unset ones literally', () => {
    const r = resolve('https://${HOST}/v1/${ACCOUNT}/x', env);
    assert.equal(r.value, 'https://api.example.com/v1/${ACCOUNT}/x');
    assert.deepEqual(r.unresolved, ['ACCOUNT']);
  });

  it('has no ${VAR:-default} syntax: the whole text is the (unset) name', () => {
    assert.deepEqual(resolve('${HOST:-fallback.example.com}', env).unresolved, ['HOST:-fallback.example.com']);
  });

  it('never substitutes the sensitive variables', () => {
    const r = resolve('${MONGO_URI}', env);
    assert.equal(r.value, '${MONGO_URI}');
    assert.deepEqual(r.unresolved, ['MONGO_URI']);
    assert.deepEqual(r.sensitive, ['MONGO_URI']);
  });

  it('treats Azure ${INSTANCE_NAME}/${DEPLOYMENT_NAME} as the group values, not env', () => {
    assert.equal(
      resolve('https://${INSTANCE_NAME}.openai.azure.com/${DEPLOYMENT_NAME}', env, {
        INSTANCE_NAME: 'east',
        DEPLOYMENT_NAME: 'gpt',
      }).value,
      'https://east.openai.azure.com/gpt',
    );
  });

  it('reports {{...}} per-user placeholders and the literal user_provided', () => {
    assert.deepEqual(resolve('https://{{TENANT}}.example.com/mcp', env).placeholders, ['TENANT']);
    assert.equal(resolve('user_provided', env).userProvided, true);
  });

  it('counts placeholder-looking values as not set', () => {
    const e = buildEnvironment({ pairs: { A: 'your_key_here', B: '<fill me>', C: 'user_provided', D: '' } });
    assert.deepEqual(
      ['A', 'B', 'C', 'D'].map((n) => e.isSet(n)),
      [false, false, true, false],
    );
  });
});

describe('.env files', () => {
  it('parses KEY=VALUE, export, quotes, comments and records lines', () => {
    const vars = parseDotEnv('# comment\nexport A=1\nB="two words" # c\nC=\'x#y\'\nD=plain # trailing\n\nE=\n', '.env');
    assert.deepEqual(
      [...vars].map(([k, v]) => [k, v.value, v.source.line]),
      [
        ['A', '1', 2],
        ['B', 'two words', 3],
        ['C', 'x#y', 4],
        ['D', 'plain', 5],
        ['E', '', 7],
      ],
    );
  });

  it('rejects a line that is not KEY=VALUE, with its position', () => {
    assert.throws(() => parseDotEnv('A=1\nnot a variable\n', 'prod.env'), /prod\.env:2:1: not a KEY=VALUE line/);
  });

  it('lets explicit pairs win over files, and reads the process environment only when asked', () => {
    const e = buildEnvironment({ envFiles: [{ file: 'a.env', text: 'X=file\n' }], pairs: ['X=pair'] });
    assert.equal(e.value('X'), 'pair');
    assert.equal(buildEnvironment({}).value('PATH'), undefined);
    assert.equal(buildEnvironment({ processEnv: { PATH: '/bin' } }).value('PATH'), '/bin');
  });
});
