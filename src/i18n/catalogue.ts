// Every language's catalogue, and a translator for one language. The app and
// the server read the same catalogues: a screen, the email it sends and the
// PDF it prints say the same thing in the same words.
import i18next, { type TFunction } from 'i18next';
import en from './en/index.js';
import es from './es/index.js';
import { intlTags, type Locale } from './locales.js';
import uk from './uk/index.js';

export type Tree = { readonly [key: string]: string | Tree };

export const catalogues: Record<Locale, Tree> = { en, es, uk };

/** The options both the app's and the server's i18next start with. */
export function i18nOptions(lng: Locale) {
  return {
    lng,
    fallbackLng: 'en',
    supportedLngs: ['en', 'es', 'uk'],
    resources: Object.fromEntries(Object.entries(catalogues).map(([locale, tree]) => [locale, { translation: tree }])),
    interpolation: {
      // React and the email templates escape what they put on a page themselves.
      escapeValue: false,
    },
    returnNull: false,
    initAsync: false,
  } as const;
}

const translators = new Map<Locale, TFunction>();

/** A `t` fixed to one language, for an email, a push message or a PDF. */
export function translator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init(i18nOptions(locale));
    t = instance.getFixedT(locale);
    translators.set(locale, t);
  }
  return t;
}

/** The Intl tag for `locale`: dates, times and numbers in the reader's own forms. */
export function intlTag(locale: Locale): string {
  return intlTags[locale];
}
