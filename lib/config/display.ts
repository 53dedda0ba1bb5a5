// Showing text that came from an input (a name, a path, a value) in a message: control characters
// escaped (a newline or an ANSI escape in a name must not forge a line of a CI log), URLs without
// their userinfo, query or fragment (where credentials live), and long text cut short.

/** C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** CONTROL without the newline and the tab (which escapeControlLines keeps). */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Escapes controls in each line of a multi-line text, keeping its own line breaks and tabs. */
export function escapeControlLines(text: string): string {
  // Nearly every output holds no control character but its line breaks and tabs: one scan then
  // answers, instead of a split and a replace per line (a megabyte of manifests is 40,000 lines).
  if (!CONTROL_BUT_LINES.test(text)) return text;
  return text
    .split('\n')
    .map((line) => line.split('\t').map(escapeControl).join('\t'))
    .join('\n');
}

/** At most `max` characters, with an ellipsis when cut (after escaping, so the cut is visible). */
export function truncate(text: string, max = 120): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

// scheme://userinfo@host... ; the userinfo is everything up to the last @ before the path.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"'`]*@/gi;
// A query or fragment of a URL (after scheme://host...), up to white space or a quote.
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'`]*)[?#][^\s"'`]*/gi;

/** A URL (or text holding URLs) without userinfo, query or fragment. */
export function redactUrls(text: string): string {
  return text.replace(URL_USERINFO, '$1').replace(URL_QUERY, '$1');
}

/** A value from an input, fit to quote in a message. */
export function shownValue(value: string, max = 120): string {
  return truncate(escapeControl(redactUrls(value)), max);
}

/** Controls JSON.stringify leaves as they are (C1, DEL, line separators, bidi overrides). */
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with every control character escaped (the same value, safe to print in a log). */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_RAW,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A copy of a value whose strings have their control characters (except newline and tab) escaped. */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeControlLines(value) as T;
  if (Array.isArray(value)) return value.map(escapeStrings) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeControl(k), escapeStrings(v)])) as T;
  return value;
}
