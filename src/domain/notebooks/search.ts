/**
 * How the notebook search reads words, the same on both databases: text is
 * folded (accents off, lower case) and split into runs of letters or of
 * digits, so "Lomo", "LOMO" and "Lómo" are one word and "T2.8" or "75mm"
 * are found by "2.8" or "75". The documents handed to the full-text index are
 * these words joined by spaces; SQLite's unicode61 tokenizer and
 * PostgreSQL's `simple` configuration then split them identically.
 */

const WORD = /\p{L}+|\p{N}+/gu;

/** A text's words, in order. */
export function words(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.match(WORD) ?? [];
}

/** Every string in a value (a field's list, a nested object), depth first. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** What the index keeps of an entry: the weightiest first. Ids in fields are not words anyone types, so they are left out. */
export function searchDocument(entry: { title: string; body: string | null; fields: Record<string, unknown>; tags: readonly string[] }) {
  const fieldText = Object.entries(entry.fields)
    .filter(([key]) => !/Ids?$/.test(key))
    .flatMap(([, value]) => strings(value));
  return {
    title: words(entry.title).join(' '),
    fields: words([...fieldText, ...entry.tags].join(' ')).join(' '),
    body: words(entry.body ?? '').join(' '),
  };
}

/**
 * A query as typed: every word must appear, the last one as the start of a
 * word, since the phone searches while it is being typed ("lom" finds
 * "Lomo"). Null when it holds no word at all.
 */
export function searchQuery(typed: string): { words: string[]; fts5: string; tsquery: string } | null {
  const found = words(typed);
  if (found.length === 0) return null;
  // Words are letters or digits only: quoting them is all the escaping either syntax needs.
  const last = found.length - 1;
  return {
    words: found,
    fts5: found.map((word, i) => `"${word}"${i === last ? '*' : ''}`).join(' '),
    tsquery: found.map((word, i) => `'${word}'${i === last ? ':*' : ''}`).join(' & '),
  };
}
