#!/usr/bin/env node
// Regenerates lib/catalog/librechat-keys.json from the configSchema that the pinned
// librechat-data-provider publishes: for every object in librechat.yaml, the keys LibreChat knows
// and whether it rejects unknown ones (strict). The CLI reads this file so that it never has to
// load librechat-data-provider (about 280 ms) at start-up. `npm test` checks it is current.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const WRAPPERS = new Set([
  'ZodOptional',
  'ZodDefault',
  'ZodNullable',
  'ZodEffects',
  'ZodLazy',
  'ZodBranded',
  'ZodCatch',
  'ZodReadonly',
  'ZodPipeline',
]);

function unwrap(schema) {
  let s = schema;
  for (let depth = 0; s && s._def && WRAPPERS.has(s._def.typeName) && depth < 20; depth++) {
    const d = s._def;
    s =
      d.typeName === 'ZodEffects'
        ? d.schema
        : d.typeName === 'ZodLazy'
          ? d.getter()
          : d.typeName === 'ZodPipeline'
            ? d.in
            : d.innerType;
  }
  return s;
}

function collect(schema, at, out, depth) {
  const s = unwrap(schema);
  if (!s || !s._def || depth > 8) return;
  const t = s._def.typeName;
  if (t === 'ZodObject') {
    const entry = out[at] || (out[at] = { keys: [], strict: false });
    entry.keys = [...new Set([...entry.keys, ...Object.keys(s.shape)])].sort();
    entry.strict = entry.strict || s._def.unknownKeys === 'strict';
    for (const [key, child] of Object.entries(s.shape)) collect(child, at ? `${at}.${key}` : key, out, depth + 1);
  } else if (t === 'ZodArray') {
    collect(s._def.type, `${at}[]`, out, depth + 1);
  } else if (t === 'ZodRecord') {
    collect(s._def.valueType, `${at}.*`, out, depth + 1);
  } else if (t === 'ZodUnion' || t === 'ZodDiscriminatedUnion') {
    const options = Array.isArray(s._def.options) ? s._def.options : [...s._def.options.values()];
    for (const option of options) collect(option, at, out, depth + 1);
  } else if (t === 'ZodIntersection') {
    collect(s._def.left, at, out, depth + 1);
    collect(s._def.right, at, out, depth + 1);
  }
}

function extract() {
  const dp = require('librechat-data-provider');
  const objects = {};
  collect(dp.configSchema, '', objects, 0);
  const sorted = Object.fromEntries(
    Object.keys(objects)
      .sort()
      .map((k) => [k, objects[k]]),
  );
  const pkgPath = path.join(path.dirname(require.resolve('librechat-data-provider')), '..', 'package.json');
  const version = JSON.parse(fs.readFileSync(pkgPath, 'utf8')).version;
  return {
    source: `librechat-data-provider@${version} configSchema`,
    configVersion: dp.Constants.CONFIG_VERSION,
    objects: sorted,
  };
}

module.exports = { extract };

if (require.main === module) {
  const target = path.join(__dirname, '..', 'lib', 'catalog', 'librechat-keys.json');
  fs.writeFileSync(target, JSON.stringify(extract(), null, 1) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
