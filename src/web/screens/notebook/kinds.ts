// The kinds of notebook entry in the department's words, the fields each one
// asks for, how a form's text becomes those fields and how they read back.
// Which kind keeps which field is the domain's table (KIND_FIELDS); this adds
// the labels, hints and input shapes a person types into.
import { getI18n } from 'react-i18next';
import { ENTRY_KINDS, KIND_FIELDS, type EntryKind } from '../../../domain/notebooks/entries.js';
import { intlTag, translator } from '../../../i18n/catalogue.js';
import { isLocale } from '../../../i18n/locales.js';

export { ENTRY_KINDS, type EntryKind };

/**
 * The app's `t` once the app has chosen its language; English before that, as
 * in the node tests that read forms with these tables and load no app.
 */
function t(key: string, options?: Record<string, unknown>): string {
  return (getI18n()?.t ?? translator('en'))(key, options) as string;
}

/** The Intl tag of the language shown now, for numbers and money. */
function numberLocale(): string {
  const language = getI18n()?.language;
  return intlTag(isLocale(language) ? language : 'en');
}

/** A table whose words are read from the catalogue each time, so it follows a change of language. */
function liveLabels<K extends string>(keys: readonly K[], label: (key: K) => string): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(out, key, { enumerable: true, get: () => label(key) });
  return out;
}

export const kindLabels = liveLabels(ENTRY_KINDS, (kind) => t(`notebook.kind.${kind}`));

/** The kinds as a filter lists them. */
export const kindPlurals = liveLabels(ENTRY_KINDS, (kind) => t(`notebook.kinds.${kind}`));

/** What each kind is for, under its name where a new entry is chosen. */
export const kindHints = liveLabels(ENTRY_KINDS, (kind) => t(`notebook.kindHint.${kind}`));

/** How a field is typed in and read back. */
export type Input =
  | 'text'
  | 'long'
  /** words separated by commas, kept as a list */
  | 'list'
  /** one item a line, kept as a list */
  | 'lines'
  | 'number'
  /** numbers separated by commas */
  | 'numbers'
  | 'currency'
  | 'yes'
  /** a vendor entry of this notebook */
  | 'vendor'
  /** scenes of the production */
  | 'scenes'
  | 'location'
  /** a light target at the chosen location */
  | 'target';

export interface FieldSpec {
  name: string;
  label: string;
  input: Input;
  hint?: string;
  /** the unit a number is in, as it is shown after it */
  unit?: string;
  /** decimals allowed; whole numbers otherwise */
  decimals?: boolean;
}

/** A field of a kind's form; its label and hint are read from the catalogue when shown. */
function spec(kind: EntryKind, name: string, input: Input, more: { hint?: boolean; unit?: string; decimals?: boolean } = {}): FieldSpec {
  const out = { name, input, ...(more.unit ? { unit: more.unit } : {}), ...(more.decimals ? { decimals: true } : {}) } as FieldSpec;
  Object.defineProperty(out, 'label', { enumerable: true, get: () => t(`notebook.field.${kind}.${name}`) });
  if (more.hint) Object.defineProperty(out, 'hint', { enumerable: true, get: () => t(`notebook.fieldHint.${kind}.${name}`) });
  return out;
}

/** The fields each kind's form asks for, in the order a person thinks of them (camera reports have their own form). */
export const kindFields: Record<EntryKind, readonly FieldSpec[]> = {
  equipment: [
    spec('equipment', 'make', 'text', { hint: true }),
    spec('equipment', 'series', 'text', { hint: true }),
    spec('equipment', 'focalLengths', 'numbers', { hint: true, decimals: true, unit: 'mm' }),
    spec('equipment', 'tStops', 'numbers', { hint: true, decimals: true }),
    spec('equipment', 'mount', 'text', { hint: true }),
    spec('equipment', 'serials', 'list', { hint: true }),
    spec('equipment', 'quirks', 'lines', { hint: true }),
    spec('equipment', 'provenance', 'long', { hint: true }),
    spec('equipment', 'vendorEntryId', 'vendor'),
  ],
  vendor: [spec('vendor', 'name', 'text'), spec('vendor', 'contact', 'text', { hint: true }), spec('vendor', 'carries', 'list', { hint: true }), spec('vendor', 'terms', 'long', { hint: true })],
  person: [
    spec('person', 'name', 'text'),
    spec('person', 'role', 'text', { hint: true }),
    spec('person', 'contact', 'text', { hint: true }),
    spec('person', 'dayRate', 'number', { decimals: true }),
    spec('person', 'weekRate', 'number', { decimals: true }),
    spec('person', 'kitRate', 'number', { decimals: true }),
    spec('person', 'currency', 'currency', { hint: true }),
    spec('person', 'recommendedBy', 'text'),
    spec('person', 'recommendation', 'long', { hint: true }),
    spec('person', 'availability', 'long'),
  ],
  look: [spec('look', 'sceneIds', 'scenes')],
  light: [spec('light', 'locationId', 'location'), spec('light', 'targetId', 'target'), spec('light', 'sceneIds', 'scenes')],
  camera_report: [],
  technical: [],
  idea: [],
  todo: [spec('todo', 'done', 'yes'), spec('todo', 'vendorEntryId', 'vendor')],
};

/** The fields a kind cannot do without (the server's rule, checked before sending so nothing waits on the phone only to be refused). */
export const requiredFields = (kind: EntryKind): readonly string[] => KIND_FIELDS[kind].required;

/** A kind whose title is a field it already asks for. */
export const titleField: Partial<Record<EntryKind, string>> = { vendor: 'name', person: 'name' };

const numberPattern = /^-?\d+(?:[.,]\d+)?$/;

/** A number as typed ("2,8" in much of Europe, "T2.8" on a lens); undefined when it is not one. */
export function readNumber(typed: string): number | undefined {
  const bare = typed.trim().replace(/^T/i, '').replace(/\s*(mm|cm|m|k|°|fps)$/i, '');
  if (!numberPattern.test(bare)) return undefined;
  return Number(bare.replace(',', '.'));
}

/** Numbers separated by commas or spaces (decimals with a point here: "18,25" is two lenses); undefined when any is not a number. */
export function readNumbers(typed: string): number[] | undefined {
  const numbers = readList(typed, /[,;\s]+/).map(readNumber);
  return numbers.every((n): n is number => n !== undefined) ? numbers : undefined;
}

export function readList(typed: string, separator: RegExp): string[] {
  return typed
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

export type Fields = Record<string, unknown>;

/** What a person typed, read into a kind's fields; `invalid` names the fields that could not be read. */
export function readFields(kind: EntryKind, form: FormData): { fields: Fields; invalid: Record<string, string> } {
  const fields: Fields = {};
  const invalid: Record<string, string> = {};
  const typed = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  for (const spec of kindFields[kind]) {
    const raw = typed(spec.name);
    switch (spec.input) {
      case 'yes':
        fields[spec.name] = form.get(spec.name) !== null;
        break;
      case 'scenes': {
        const ids = form.getAll(spec.name).filter((v): v is string => typeof v === 'string');
        if (ids.length > 0) fields[spec.name] = ids;
        break;
      }
      case 'number': {
        if (!raw) break;
        const n = readNumber(raw);
        if (n === undefined || n < 0) invalid[spec.name] = t('notebook.invalid.number');
        else fields[spec.name] = n;
        break;
      }
      case 'numbers': {
        if (!raw) break;
        const list = readNumbers(raw);
        if (!list) invalid[spec.name] = t('notebook.invalid.numbers');
        else fields[spec.name] = list;
        break;
      }
      case 'currency':
        if (!raw) break;
        if (!/^[A-Za-z]{3}$/.test(raw)) invalid[spec.name] = t('notebook.invalid.currency');
        else fields[spec.name] = raw.toUpperCase();
        break;
      case 'list':
        if (raw) fields[spec.name] = readList(raw, /,/);
        break;
      case 'lines':
        if (raw) fields[spec.name] = readList(raw, /\n/);
        break;
      default:
        if (raw) fields[spec.name] = raw;
    }
  }
  for (const name of requiredFields(kind)) {
    if (fields[name] === undefined && !invalid[name]) invalid[name] = t('notebook.invalid.required', { field: labelOf(kind, name).toLocaleLowerCase(numberLocale()) });
  }
  return { fields, invalid };
}

export function labelOf(kind: EntryKind, name: string): string {
  return kindFields[kind].find((spec) => spec.name === name)?.label ?? cameraLabels[name] ?? name;
}

/** A field's value as the form shows it for editing. */
export function typedValue(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(spec.input === 'lines' ? '\n' : ', ');
  return String(value);
}

/** Numbers in the reader's own forms, made when shown: the language may have changed since load. */
const numberFormat = () => new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: 2 });

/** A field's value in words, for an entry's page; null when there is nothing to show or it names another record. */
export function shownValue(spec: FieldSpec, value: unknown, currency?: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (spec.name === 'tStops' && Array.isArray(value)) return value.map((n) => `T${numberFormat().format(Number(n))}`).join(', ');
  if (spec.input === 'numbers' && Array.isArray(value)) return `${value.map((n) => numberFormat().format(Number(n))).join(', ')}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (spec.input === 'number' && typeof value === 'number') {
    if (typeof currency === 'string') {
      try {
        return new Intl.NumberFormat(numberLocale(), { style: 'currency', currency }).format(value);
      } catch {
        return `${numberFormat().format(value)} ${currency}`;
      }
    }
    return numberFormat().format(value);
  }
  if (spec.input === 'yes') return value === true ? t('notebook.yes') : t('notebook.no');
  if (Array.isArray(value)) return value.map(String).join(spec.input === 'lines' ? '\n' : ', ');
  return String(value);
}

/** The camera report's fields in the order a report sheet lists them. */
export const cameraLabels: Record<string, string> = liveLabels(
  ['roll', 'scene', 'take', 'camera', 'slate', 'circled', 'lens', 'focalLength', 'tStop', 'filters', 'shutter', 'frameRate', 'iso', 'whiteBalance', 'heightCm', 'tiltDeg', 'focusM'],
  (name) => t(`notebook.camera.${name}`),
);

const n = (value: unknown) => (typeof value === 'number' ? numberFormat().format(value) : null);

/** One line of an entry's most telling fields, for lists: "Cooke S4/i · 18, 25, 32 mm · PL". */
export function fieldsLine(kind: EntryKind, f: Fields): string {
  const join = (...parts: Array<string | null | undefined | false>) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(', ') : null);
  switch (kind) {
    case 'equipment':
      return join([f.make, f.series].filter((v) => typeof v === 'string').join(' '), Array.isArray(f.focalLengths) && `${list(f.focalLengths)} mm`, f.mount as string, Array.isArray(f.serials) && t('notebook.line.serials', { serials: list(f.serials) }));
    case 'vendor':
      return join(f.contact as string, list(f.carries));
    case 'person':
      return join(f.role as string, typeof f.dayRate === 'number' && t('notebook.line.aDay', { rate: shownValue({ name: 'dayRate', label: '', input: 'number' }, f.dayRate, f.currency) }), f.recommendedBy ? t('notebook.line.recommendedBy', { name: String(f.recommendedBy) }) : null);
    case 'camera_report':
      return join(
        f.roll !== undefined && t('notebook.line.roll', { roll: String(f.roll) }),
        f.scene !== undefined && t('notebook.line.scene', { scene: String(f.scene) }),
        f.take !== undefined && t('notebook.line.take', { take: String(f.take) }),
        f.focalLength !== undefined && `${n(f.focalLength)} mm`,
        f.tStop !== undefined && `T${n(f.tStop)}`,
      );
    case 'todo':
      return f.done === true ? t('notebook.line.done') : t('notebook.line.toDo');
    default:
      return '';
  }
}
