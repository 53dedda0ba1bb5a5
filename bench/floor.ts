// The floor a render is measured against: the same process start, reading the same file, parsing
// its YAML and printing YAML, and nothing else.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

process.stdout.write(stringify(parse(readFileSync(process.argv[2], 'utf8'))));
