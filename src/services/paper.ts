import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The fonts Setbook prints with: DejaVu, embedded (pdfkit keeps only the
 * glyphs a document uses), so Spanish accents and Ukrainian's Cyrillic print
 * as written. The standard PDF fonts know Windows-1252 only.
 */
const require = createRequire(import.meta.url);
const FILES = {
  Sans: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'Sans-Bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  Mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
} as const;

export const FONT = 'Sans';
export const BOLD = 'Sans-Bold';
export const MONO = 'Mono';

/** Read once: every call sheet of a publish embeds the same faces. */
let faces: Array<[string, Buffer]> | null = null;

/** Gives the document Setbook's fonts, by the names above. */
export function useSetbookFonts(doc: PDFKit.PDFDocument): void {
  faces ??= Object.entries(FILES).map(([name, file]) => [name, readFileSync(require.resolve(file))]);
  for (const [name, bytes] of faces) doc.registerFont(name, bytes);
  doc.font(FONT);
}

/**
 * Letters DejaVu Sans draws: Latin with every accent, Greek, Cyrillic,
 * punctuation, currency and arrows. CJK and emoji it lacks.
 */
const PRINTABLE = /[\u0020-\u007e\u00a0-\u024f\u0250-\u02ff\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u21ff\u2200-\u22ff\u2500-\u25ff]/u;
const printable = (char: string) => PRINTABLE.test(char);

/** Text as the printer's fonts can set it: one line, and a letter the font lacks as its plain form or "?". */
export function onPaper(text: string): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    if (printable(char)) {
      out += char;
      continue;
    }
    const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
    out += plain !== '' && [...plain].every(printable) ? plain : '?';
  }
  return out;
}
