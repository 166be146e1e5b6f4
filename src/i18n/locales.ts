// The languages Setbook speaks, and how a person's choice becomes one of them.

export const locales = ['en', 'es', 'uk'] as const;
export type Locale = (typeof locales)[number];

export const defaultLocale: Locale = 'en';

/** Each language's own name, as its speakers write it: the chooser lists these. */
export const localeNames: Record<Locale, string> = { en: 'English', es: 'Español', uk: 'Українська' };

/**
 * The tag handed to Intl for dates, times, numbers and lists. Setbook's sets
 * are American first: English and Spanish take the United States' forms.
 */
export const intlTags: Record<Locale, string> = { en: 'en-US', es: 'es-US', uk: 'uk-UA' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The first of `wanted` (a browser's languages, an Accept-Language header's tags) that Setbook speaks. */
export function pickLocale(wanted: readonly string[]): Locale {
  for (const tag of wanted) {
    const language = tag.trim().toLowerCase().split(/[-_;]/)[0];
    if (isLocale(language)) return language;
  }
  return defaultLocale;
}

/** The languages of an Accept-Language header, most wanted first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, weight: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((item) => item.tag && item.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((item) => item.tag);
}
