// The unified diff of one changed manifest for the CI log. A drift usually changes a few lines of a
// file of tens of thousands (a large policy is one document of a megabyte), and jsdiff splits and
// compares both whole texts: the common head and tail are cut off first, keeping MARGIN lines on
// each side, so that jsdiff reads only the changed middle.

type CreatePatch = typeof import('diff').createTwoFilesPatch;

/**
 * Unchanged lines kept on each side of the middle: far more than the patch's 4 lines of context,
 * so a hunk never reaches a cut, and a change among repeated lines is aligned as on the whole text.
 */
const MARGIN = 64;

export function filePatch(
  create: CreatePatch,
  oldName: string,
  newName: string,
  before: string,
  after: string,
  oldHeader: string,
  newHeader: string,
): string {
  const { start, tail } = unchangedEnds(before, after);
  if (start === 0 && tail === 0) return create(oldName, newName, before, after, oldHeader, newHeader);
  const middle = create(
    oldName,
    newName,
    before.slice(start, before.length - tail),
    after.slice(start, after.length - tail),
    oldHeader,
    newHeader,
  );
  const shift = lineCount(before, start);
  return middle.replace(
    /^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm,
    (_, a: string, ac: string | undefined, b: string, bc: string | undefined) =>
      `@@ -${Number(a) + shift}${ac ?? ''} +${Number(b) + shift}${bc ?? ''} @@`,
  );
}

/**
 * Where the middle starts (a line start, the same in both texts) and how many characters of whole
 * lines at the end both share beyond the margin; 0 and 0 when there is nothing worth cutting.
 */
function unchangedEnds(a: string, b: string): { start: number; tail: number } {
  const shortest = Math.min(a.length, b.length);
  let same = 0;
  while (same < shortest && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  // Back to the start of the first differing line, then MARGIN lines more.
  let start = same === 0 ? 0 : a.lastIndexOf('\n', same - 1) + 1;
  // (lastIndexOf clamps a negative position to 0: the line before one starting at 1 starts at 0.)
  for (let k = 0; k < MARGIN && start > 0; k++) start = start < 2 ? 0 : a.lastIndexOf('\n', start - 2) + 1;
  let common = 0;
  while (
    common < a.length - start &&
    common < b.length - start &&
    a.charCodeAt(a.length - 1 - common) === b.charCodeAt(b.length - 1 - common)
  )
    common++;
  // The tail starts after a line break inside the common end, MARGIN lines into it.
  let cut = a.length - common;
  for (let k = 0; k <= MARGIN; k++) {
    const lineBreak = a.indexOf('\n', cut);
    if (lineBreak === -1) return { start, tail: 0 };
    cut = lineBreak + 1;
  }
  return { start, tail: a.length - cut };
}

function lineCount(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
