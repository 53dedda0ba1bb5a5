// js-yaml (LibreChat's own parser) in the YAML 1.2 core schema reads plain block YAML several times
// faster than the `yaml` library builds its document (issue 9 §5). The library stays the reader of
// record: js-yaml is used only for a text that holds none of the constructs the two read apart, or
// that need the library's guards, and the library reads everything else (and reports every error).

/**
 * Constructs that js-yaml's core schema reads differently from the library's (with `merge: true`),
 * or that need the library's guards. Each was found by a differential test or an adversarial
 * review (test/core/plain-yaml.spec.ts); the alternatives may match more than they must, which
 * only costs the library's slower read.
 * - an alias `*a` (the library bounds its expansion) or an anchor `&a` (on an empty key the two
 *   disagree), a tag `!`, an explicit key `?`, an empty key `: x`, at any token start (also right
 *   after a flow key's colon: `{"k":*a}`), and a merge key `<<`;
 * - a directive `%YAML` (changes the schema), a document end `...`, `---` followed by text, a byte
 *   order mark after the start, a lone carriage return (a line break for js-yaml only);
 * - plain scalars the schemas resolve apart: `1_000`, `0b101`, `-0x1f`, `+.5`, `-0`, numbers
 *   beyond a double (`1e400`, hundreds of digits);
 * - a null key (`null: x`, `{~}`, `{null #c`): the library gives `""`, js-yaml `"null"`; a flow
 *   collection as a key (`[a]: b`, `{[a]}`, `{{a: 1}}`);
 * - an empty list entry followed by a nested list (`- -`, or `-` alone on its line), a block
 *   scalar with an indentation indicator (`|2`), and a quoted scalar whose line ends in a
 *   backslash (`"C:\"` continues on the next line, and the two fold it apart).
 */
/**
 * At the start of the text or of a token: after a space, a line break, a flow indicator or a
 * colon (in a flow collection a value may follow a quoted key's colon directly: `{"k":*a}`). A
 * lookbehind, not `(?:^|[\s[{,:])`: the engine then looks for the indicator itself first, which
 * halves the scan of a large manifest.
 */
const TOKEN_START = String.raw`(?<![^\s[{,:])`;

const READ_APART = new RegExp(
  [
    String.raw`${TOKEN_START}[*&!?]`,
    String.raw`<<`,
    String.raw`${TOKEN_START}:(?=[\s,\]}]|$)`,
    String.raw`^%`,
    String.raw`^\.\.\.`,
    String.raw`^---[^ \t\r\n]`,
    '\uFEFF',
    String.raw`\r(?!\n)`,
    String.raw`[0-9]_[0-9]`,
    String.raw`0b[01]`,
    String.raw`[-+]0[xo]`,
    String.raw`[-+]\.[0-9]`,
    String.raw`${TOKEN_START}-0(?=$|[\s,\]}])`,
    String.raw`[0-9.][eE][-+]?[0-9]{3}`,
    String.raw`[0-9a-fA-F]{100}`,
    String.raw`${TOKEN_START}(?:~|null|Null|NULL)[ \t]*:`,
    String.raw`[{,][ \t]*(?:~|null|Null|NULL)[ \t]*(?:[,}#]|$)`,
    String.raw`[\]}][ \t]*:`,
    String.raw`[{,][ \t]*[[{]`,
    String.raw`(?<!\S)-[ \t]+-(?=[ \t]|$)`,
    String.raw`^[ \t]*-[ \t]*$`,
    String.raw`[|>][-+]?[1-9]`,
    String.raw`\\"?[ \t]*$`,
  ].join('|'),
  'm',
);

/** js-yaml's own nesting limit (its maxDepth default): deeper text fails there and takes the library's path. */
const JS_YAML_MAX_DEPTH = 100;

type JsYaml = typeof import('js-yaml');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml = (): JsYaml => require('js-yaml') as JsYaml;

/** Whether the two parsers are known to read `text` alike (a text that fails in either is left to the library). */
export function readsAlike(text: string): boolean {
  return !READ_APART.test(text);
}

/**
 * The single document of `text` as js-yaml reads it in the core schema, or undefined when the
 * text may read differently in the library, does not parse, or is not a mapping (a root scalar or
 * list is left to the library's reading and its messages).
 */
export function plainMapping(text: string): Record<string, unknown> | undefined {
  if (!readsAlike(text)) return undefined;
  try {
    const { CORE_SCHEMA, load } = jsYaml();
    const value = load(text, { schema: CORE_SCHEMA });
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every document of `text` as js-yaml reads them in the core schema, or undefined as for plainMapping. */
export function plainDocuments(text: string): unknown[] | undefined {
  if (!readsAlike(text)) return undefined;
  try {
    const { CORE_SCHEMA, loadAll } = jsYaml();
    const documents = loadAll(text, null, { schema: CORE_SCHEMA });
    // A committed file is input too: data sharing an object (an alias) takes the library's guards.
    return documents.every((d) => d === null || typeof d !== 'object' || isPlainTree(d, JS_YAML_MAX_DEPTH))
      ? documents
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether js-yaml's data is a tree no deeper than `limit`: no object reached twice (which only an
 * alias gives: the library's path then bounds the expansion and finds cycles, even if a pattern of
 * plain-yaml missed the alias) and no value deeper than the library's path allows.
 */
export function isPlainTree(root: object, limit: number): boolean {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > limit) return false;
    if (value === null || typeof value !== 'object') continue;
    if (seen.has(value)) return false;
    seen.add(value);
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
      else if (depth + 1 > limit) return false;
    }
  }
  return true;
}
