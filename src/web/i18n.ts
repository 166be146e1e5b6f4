// The app's language: the person's own choice (kept on the server and on this
// device), else the first of the browser's languages that Setbook speaks.
// Every screen reads its words through `t` from react-i18next's useTranslation.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nOptions } from '../i18n/catalogue.js';
import { intlTags, isLocale, pickLocale, type Locale } from '../i18n/locales.js';
import { readText, writeText } from './storage.js';

const chosenKey = 'setbook.locale';

function startingLocale(): Locale {
  const chosen = readText(chosenKey);
  if (isLocale(chosen)) return chosen;
  return pickLocale(typeof navigator === 'undefined' ? [] : [...navigator.languages]);
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init(i18nOptions(startingLocale()));
// Outside a page (the word modules' unit tests under Node) there is no document to label.
if (typeof document !== 'undefined') {
  document.documentElement.lang = i18n.language;
  i18n.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
}

/** The language shown now. */
export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** The Intl tag of the language shown now: for dates, times, numbers and lists. */
export function intlLocale(): string {
  return intlTags[currentLocale()];
}

/**
 * Shows the app in `locale` and keeps that on this device; `null` goes back
 * to the browser's languages. The server keeps the person's choice separately
 * (PUT /api/me/locale) for what it sends them.
 */
export function chooseLocale(locale: Locale | null): void {
  if (locale) writeText(chosenKey, locale);
  else writeText(chosenKey, '');
  void i18n.changeLanguage(locale ?? pickLocale([...navigator.languages]));
}

/** The language chosen on this device, or null when it follows the browser's languages. */
export function deviceLocale(): Locale | null {
  const chosen = readText(chosenKey);
  return isLocale(chosen) ? chosen : null;
}

/**
 * The person's own choice, as the server keeps it: shown unless this device has
 * a choice of its own, which is the more recent word of whoever holds it.
 */
export function adoptLocale(locale: Locale | null | undefined): void {
  if (!locale || deviceLocale() || locale === i18n.language) return;
  void i18n.changeLanguage(locale);
}

/** A `t` for code outside components (list builders, announcements); it reads the language at call time. */
export const t = i18n.t.bind(i18n);
