// The catalogues are complete: every language has every key (and every plural
// form its grammar needs), the same placeholders, every key the code asks for,
// and no screen says anything in words that are not in a catalogue.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogues, intlTag, type Tree } from '../../src/i18n/catalogue.js';
import { locales } from '../../src/i18n/locales.js';

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(locales.map((locale) => [locale, flatten(catalogues[locale])])) as Record<(typeof locales)[number], Map<string, string>>;

/** A key's base: `stops.count_one` is the plural form `one` of `stops.count`. */
function base(key: string): string {
  return key.replace(pluralSuffix, '');
}

/** English's keys, a plural key once by its base, with whether it is one. */
const english = new Map<string, boolean>();
for (const key of flat.en.keys()) {
  const isPlural = pluralSuffix.test(key) && flat.en.has(`${base(key)}_other`);
  english.set(isPlural ? base(key) : key, isPlural);
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();
}

function sources(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path, ext));
    else if (ext.test(name)) out.push(path);
  }
  return out;
}

describe('the catalogues', () => {
  it('English has words to check', () => {
    expect(english.size).toBeGreaterThan(0);
  });

  for (const locale of locales) {
    it(`${locale} has every key, each plural in every form ${locale} needs, and no key English lacks`, () => {
      const categories = new Intl.PluralRules(intlTag(locale)).resolvedOptions().pluralCategories;
      const missing: string[] = [];
      const empty: string[] = [];
      for (const [key, isPlural] of english) {
        const wanted = isPlural ? categories.map((c) => `${key}_${c}`) : [key];
        for (const k of wanted) {
          const text = flat[locale].get(k);
          if (text === undefined) missing.push(k);
          else if (!text.trim()) empty.push(k);
        }
      }
      const extra = [...flat[locale].keys()].filter((k) => !english.has(k) && !english.get(base(k)));
      expect({ missing, empty, extra }).toEqual({ missing: [], empty: [], extra: [] });
    });

    it(`${locale} fills in the same placeholders as English`, () => {
      const differ: string[] = [];
      for (const [key, isPlural] of english) {
        const englishText = flat.en.get(isPlural ? `${key}_other` : key)!;
        const wanted = placeholders(englishText).filter((name) => name !== 'count');
        const forms = isPlural ? [...flat[locale].keys()].filter((k) => base(k) === key && k !== key) : [key];
        for (const k of forms) {
          const text = flat[locale].get(k);
          if (text === undefined) continue;
          const got = placeholders(text).filter((name) => name !== 'count');
          // One form of a plural may leave a name out ("one firearm"), never bring a new one in.
          const ok = isPlural ? got.every((name) => wanted.includes(name)) && (k.endsWith('_other') ? got.join() === wanted.join() : true) : got.join() === wanted.join();
          if (!ok) differ.push(`${k}: ${got.join(',')} vs ${wanted.join(',')}`);
        }
      }
      expect(differ).toEqual([]);
    });
  }

  it('marks words for <Trans> with tags it can fill: an HTML void element (<link>, <br>) would come out empty', () => {
    const voids = /<\/?(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b[^>]*>/;
    const bad = locales.flatMap((locale) => [...flat[locale]].filter(([, text]) => voids.test(text)).map(([key]) => `${locale}: ${key}`));
    expect(bad).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const asked = new Map<string, string>();
    for (const file of sources('src', /\.(ts|tsx)$/)) {
      if (file.startsWith(join('src', 'i18n'))) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*(['"])([\w.-]+)\1/g)) asked.set(match[2]!, relative('.', file));
      for (const match of text.matchAll(/i18nKey=(['"])([\w.-]+)\1/g)) asked.set(match[2]!, relative('.', file));
    }
    const unknown = [...asked].filter(([key]) => !english.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(unknown).toEqual([]);
  });
});

/** Words a reader sees, whatever the language: the product's name and marks with no letters. */
const untranslated = new Set(['Setbook']);
const wordy = /\p{L}/u;
const spokenProps = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-roledescription', 'hint', 'legend', 'heading', 'description']);

describe('the screens', () => {
  it('say nothing in words that are not in a catalogue', () => {
    const found: string[] = [];
    for (const file of sources(join('src', 'web'), /\.tsx$/)) {
      const text = readFileSync(file, 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const where = (node: ts.Node) => `${relative('.', file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node): void => {
        if (ts.isJsxText(node)) {
          const words = node.getText().trim();
          if (words && wordy.test(words) && !untranslated.has(words)) found.push(`${where(node)} ${JSON.stringify(words.slice(0, 60))}`);
        } else if (ts.isJsxAttribute(node) && node.initializer) {
          const name = node.name.getText();
          const init = node.initializer;
          const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression)) ? init.expression : null;
          if (spokenProps.has(name) && literal && wordy.test(literal.text) && !untranslated.has(literal.text)) found.push(`${where(node)} ${name}=${JSON.stringify(literal.text.slice(0, 60))}`);
        } else if (ts.isJsxExpression(node) && node.expression && (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression)) && ts.isJsxElement(node.parent)) {
          if (wordy.test(node.expression.text) && !untranslated.has(node.expression.text)) found.push(`${where(node)} ${JSON.stringify(node.expression.text.slice(0, 60))}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });
});
