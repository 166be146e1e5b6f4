// Where a search's words sit in an entry's text, read the way the server's
// search reads words (domain/notebooks/search.ts): accents off, lower case,
// runs of letters or of digits, the last word as the start of a word. The
// list shows the server's ranking; these only mark what matched.
import { words as searchWords } from '../../../domain/notebooks/search.js';

export { searchWords as queryWords };

/** One character folded as the search folds it; an accent makes no difference. */
const fold = (char: string) => char.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const isLetter = (char: string | undefined) => char !== undefined && /\p{L}/u.test(char);
const isDigit = (char: string | undefined) => char !== undefined && /\p{N}/u.test(char);

/** The text cut where it matches: odd parts are the matched word starts. */
export function markParts(text: string, words: readonly string[]): string[] {
  if (words.length === 0 || text === '') return [text];
  // The folded text, and for each folded character the original one it came from.
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    const f = fold(char);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += char.length;
  }
  origin.push(text.length);
  // Longest first, so "cooke" is marked whole where "coo" would match too.
  const wanted = [...new Set(words)].sort((a, b) => b.length - a.length);
  const parts: string[] = [];
  let from = 0;
  for (let at = 0; at < folded.length; ) {
    const before = folded[at - 1];
    const word = wanted.find((w) => folded.startsWith(w, at) && !(isLetter(w[0]) ? isLetter(before) : isDigit(before)));
    if (!word) {
      at++;
      continue;
    }
    const start = origin[at] as number;
    const end = origin[at + word.length] as number;
    parts.push(text.slice(from, start), text.slice(start, end));
    from = end;
    at += word.length;
  }
  parts.push(text.slice(from));
  return parts;
}

/** About `width` characters of a long text around its first match, with ellipses where it was cut. */
export function snippet(text: string, words: readonly string[], width = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  const parts = markParts(flat, words);
  const at = parts.length > 1 ? (parts[0] as string).length : 0;
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), flat.length - width));
  const cutStart = start === 0 ? 0 : flat.indexOf(' ', start) + 1 || start;
  const end = Math.min(flat.length, cutStart + width);
  const space = flat.lastIndexOf(' ', end);
  const cutEnd = end === flat.length || space <= cutStart ? end : space;
  return `${cutStart > 0 ? '…' : ''}${flat.slice(cutStart, cutEnd)}${cutEnd < flat.length ? '…' : ''}`;
}
