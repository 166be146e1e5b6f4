// The kinds of notebook entry in the department's words, the fields each one
// asks for, how a form's text becomes those fields and how they read back.
// Which kind keeps which field is the domain's table (KIND_FIELDS); this adds
// the labels, hints and input shapes a person types into.
import { ENTRY_KINDS, KIND_FIELDS, type EntryKind } from '../../../domain/notebooks/entries.js';

export { ENTRY_KINDS, type EntryKind };

export const kindLabels: Record<EntryKind, string> = {
  equipment: 'Equipment',
  vendor: 'Vendor',
  person: 'Person',
  look: 'Look',
  light: 'Light',
  camera_report: 'Camera report',
  technical: 'Technical note',
  idea: 'Idea',
  todo: 'To-do',
};

/** The kinds as a filter lists them. */
export const kindPlurals: Record<EntryKind, string> = {
  equipment: 'Equipment',
  vendor: 'Vendors',
  person: 'People',
  look: 'Looks',
  light: 'Light',
  camera_report: 'Camera reports',
  technical: 'Technical notes',
  idea: 'Ideas',
  todo: 'To-dos',
};

/** What each kind is for, under its name where a new entry is chosen. */
export const kindHints: Record<EntryKind, string> = {
  equipment: 'A lens set, a camera, a light: its serials, quirks and where it came from',
  vendor: 'A rental house or dealer: contact, what they carry, their terms',
  person: 'Crew you would hire again: rates and who recommended them. Private to the head',
  look: 'How scenes should look: references, stock, grade',
  light: 'Sun and light at a location, for scenes',
  camera_report: 'A take: roll, scene, lens and camera settings',
  technical: 'A set-up, a workflow, a fix',
  idea: 'Something to try',
  todo: 'Something to do, an order to place',
};

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

/** The fields each kind's form asks for, in the order a person thinks of them (camera reports have their own form). */
export const kindFields: Record<EntryKind, readonly FieldSpec[]> = {
  equipment: [
    { name: 'make', label: 'Make', input: 'text', hint: 'Cooke, Zeiss, ARRI…' },
    { name: 'series', label: 'Series', input: 'text', hint: 'S4/i, Supreme Prime…' },
    { name: 'focalLengths', label: 'Focal lengths (mm)', input: 'numbers', hint: 'Separated by commas: 18, 25, 32, 50, 75', decimals: true, unit: 'mm' },
    { name: 'tStops', label: 'T-stops', input: 'numbers', hint: 'The widest stop of each, in the same order, or one for the set: 2, 2.8', decimals: true },
    { name: 'mount', label: 'Mount', input: 'text', hint: 'PL, LPL, EF…' },
    { name: 'serials', label: 'Serial numbers', input: 'list', hint: 'Separated by commas' },
    { name: 'quirks', label: 'Quirks', input: 'lines', hint: 'One a line: breathing, flare, a sticky focus ring' },
    { name: 'provenance', label: 'Provenance', input: 'long', hint: 'Where it came from and when: rented, owned, borrowed' },
    { name: 'vendorEntryId', label: 'Dealer', input: 'vendor' },
  ],
  vendor: [
    { name: 'name', label: 'Name', input: 'text' },
    { name: 'contact', label: 'Contact', input: 'text', hint: 'Phone, email or address' },
    { name: 'carries', label: 'Carries', input: 'list', hint: 'Separated by commas: Cooke, ARRI, grip' },
    { name: 'terms', label: 'Terms', input: 'long', hint: 'Deposit, insurance, week rates' },
  ],
  person: [
    { name: 'name', label: 'Name', input: 'text' },
    { name: 'role', label: 'Role', input: 'text', hint: '1st AC, gaffer, key grip…' },
    { name: 'contact', label: 'Contact', input: 'text', hint: 'Phone or email' },
    { name: 'dayRate', label: 'Day rate', input: 'number', decimals: true },
    { name: 'weekRate', label: 'Week rate', input: 'number', decimals: true },
    { name: 'kitRate', label: 'Kit rate', input: 'number', decimals: true },
    { name: 'currency', label: 'Currency', input: 'currency', hint: 'USD, EUR, GBP…' },
    { name: 'recommendedBy', label: 'Recommended by', input: 'text' },
    { name: 'recommendation', label: 'Recommendation', input: 'long', hint: 'What they said' },
    { name: 'availability', label: 'Availability', input: 'long' },
  ],
  look: [{ name: 'sceneIds', label: 'Scenes', input: 'scenes' }],
  light: [
    { name: 'locationId', label: 'Location', input: 'location' },
    { name: 'targetId', label: 'Light target', input: 'target' },
    { name: 'sceneIds', label: 'Scenes', input: 'scenes' },
  ],
  camera_report: [],
  technical: [],
  idea: [],
  todo: [
    { name: 'done', label: 'Done', input: 'yes' },
    { name: 'vendorEntryId', label: 'Dealer (for an order)', input: 'vendor' },
  ],
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
        if (n === undefined || n < 0) invalid[spec.name] = 'Write a number, like 650 or 650.50.';
        else fields[spec.name] = n;
        break;
      }
      case 'numbers': {
        if (!raw) break;
        const list = readNumbers(raw);
        if (!list) invalid[spec.name] = 'Write numbers separated by commas, like 18, 25, 32.';
        else fields[spec.name] = list;
        break;
      }
      case 'currency':
        if (!raw) break;
        if (!/^[A-Za-z]{3}$/.test(raw)) invalid[spec.name] = 'Write the three letters of a currency, like USD.';
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
    if (fields[name] === undefined && !invalid[name]) invalid[name] = `Enter the ${labelOf(kind, name).toLowerCase()}.`;
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

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A field's value in words, for an entry's page; null when there is nothing to show or it names another record. */
export function shownValue(spec: FieldSpec, value: unknown, currency?: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (spec.name === 'tStops' && Array.isArray(value)) return value.map((n) => `T${numberFormat.format(Number(n))}`).join(', ');
  if (spec.input === 'numbers' && Array.isArray(value)) return `${value.map((n) => numberFormat.format(Number(n))).join(', ')}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (spec.input === 'number' && typeof value === 'number') {
    if (typeof currency === 'string') {
      try {
        return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
      } catch {
        return `${numberFormat.format(value)} ${currency}`;
      }
    }
    return numberFormat.format(value);
  }
  if (spec.input === 'yes') return value === true ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(String).join(spec.input === 'lines' ? '\n' : ', ');
  return String(value);
}

/** The camera report's fields in the order a report sheet lists them. */
export const cameraLabels: Record<string, string> = {
  roll: 'Roll',
  scene: 'Scene',
  take: 'Take',
  camera: 'Camera',
  slate: 'Slate',
  circled: 'Circled',
  lens: 'Lens',
  focalLength: 'Focal length',
  tStop: 'T-stop',
  filters: 'Filters',
  shutter: 'Shutter',
  frameRate: 'Frame rate',
  iso: 'ISO',
  whiteBalance: 'White balance',
  heightCm: 'Height',
  tiltDeg: 'Tilt',
  focusM: 'Focus',
};

const n = (value: unknown) => (typeof value === 'number' ? numberFormat.format(value) : null);

/** One line of an entry's most telling fields, for lists: "Cooke S4/i · 18, 25, 32 mm · PL". */
export function fieldsLine(kind: EntryKind, f: Fields): string {
  const join = (...parts: Array<string | null | undefined | false>) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(', ') : null);
  switch (kind) {
    case 'equipment':
      return join([f.make, f.series].filter((v) => typeof v === 'string').join(' '), Array.isArray(f.focalLengths) && `${list(f.focalLengths)} mm`, f.mount as string, Array.isArray(f.serials) && `serials ${list(f.serials)}`);
    case 'vendor':
      return join(f.contact as string, list(f.carries));
    case 'person':
      return join(f.role as string, typeof f.dayRate === 'number' && `${shownValue({ name: 'dayRate', label: '', input: 'number' }, f.dayRate, f.currency)} a day`, f.recommendedBy ? `recommended by ${String(f.recommendedBy)}` : null);
    case 'camera_report':
      return join(
        f.roll !== undefined && `Roll ${String(f.roll)}`,
        f.scene !== undefined && `Scene ${String(f.scene)}`,
        f.take !== undefined && `Take ${String(f.take)}`,
        f.focalLength !== undefined && `${n(f.focalLength)} mm`,
        f.tStop !== undefined && `T${n(f.tStop)}`,
      );
    case 'todo':
      return f.done === true ? 'Done' : 'To do';
    default:
      return '';
  }
}
