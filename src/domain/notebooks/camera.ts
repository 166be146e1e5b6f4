/**
 * Camera reports for post and VFX, as a CSV in the layout of the VES Camera
 * Report Interchange Format (CRIF, version 1.1, VES Technology Committee).
 * CRIF names its columns and lets a file order them freely and add its own.
 * The slate columns below (Job to Unit) follow its published table; its
 * later rows, for the camera, lens and take, were not available to check
 * against, so those columns carry the plain names a camera report uses, and
 * the take's own ones the `tk` prefix the VES proposal gives take fields.
 * A facility that keys by other names maps these once.
 */

export const CRIF_VERSION = '1.1';

export const CRIF_COLUMNS = [
  'Job',
  'CRIF Version',
  'Unique Slate ID',
  'SlatesUUID',
  'Slate',
  'Camera Letter',
  'VFX Shot',
  'Scene Number',
  'Shoot Day',
  'Shoot Timestamp',
  'Shot Description',
  'Unit',
  'Camera Roll',
  'Lens',
  'Focal Length (mm)',
  'T-Stop',
  'Filters',
  'Shutter',
  'Frame Rate',
  'ISO',
  'White Balance (K)',
  'Camera Height (cm)',
  'Camera Tilt (deg)',
  'Focus Distance (m)',
  'tkTake',
  'tkCircled',
  'tkTimestamp',
  'tkUUID',
  'tkNotes',
] as const;

/** A camera report as the export reads it: one take. */
export interface Take {
  entryId: string;
  title: string;
  body: string | null;
  fields: Record<string, unknown>;
  /** when the take was shot: its own shotAt, else when it was written */
  shotAt: string;
}

/** What the export knows of the production around a take. */
export interface TakeContext {
  job: string;
  /** the production's zone: CRIF timestamps are the set's wall clock */
  timezone: string;
  /** the shoot day's number ("day 15 of 40") on each date, YYYY-MM-DD */
  shootDayOn(date: string): number | null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const list = (value: unknown): string => (Array.isArray(value) ? value.map(text).join(' ') : text(value));

/** A wall-clock time in a zone, as CRIF writes it: 2013/07/12 15:03:30. */
export function crifTimestamp(instant: string, timezone: string): { date: string; stamp: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, stamp: `${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute}:${parts.second}` };
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a leading formula sign is defused for spreadsheets. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The CSV, one row per take in the order given. Takes of one setup share its
 * slate number (setups numbered from 1 in order of their first take) and its
 * UUID (the setup's first report); a take without a setup is its own.
 */
export function cameraReportCsv(takes: readonly Take[], context: TakeContext): string {
  const setupNumbers = new Map<string, number>();
  const rows = takes.map((take) => {
    const f = take.fields;
    const setup = typeof f.setupId === 'string' ? f.setupId : take.entryId;
    if (!setupNumbers.has(setup)) setupNumbers.set(setup, setupNumbers.size + 1);
    const { date, stamp } = crifTimestamp(take.shotAt, context.timezone);
    const day = context.shootDayOn(date);
    const values: Record<(typeof CRIF_COLUMNS)[number], string> = {
      Job: context.job,
      'CRIF Version': CRIF_VERSION,
      'Unique Slate ID': String(setupNumbers.get(setup)),
      SlatesUUID: setup,
      Slate: text(f.slate) || text(f.scene),
      'Camera Letter': text(f.camera) || 'A',
      'VFX Shot': '',
      'Scene Number': text(f.scene),
      'Shoot Day': day === null ? '' : String(day),
      'Shoot Timestamp': stamp,
      'Shot Description': take.title,
      Unit: '',
      'Camera Roll': text(f.roll),
      Lens: text(f.lens),
      'Focal Length (mm)': text(f.focalLength),
      'T-Stop': text(f.tStop),
      Filters: list(f.filters),
      Shutter: text(f.shutter),
      'Frame Rate': text(f.frameRate),
      ISO: text(f.iso),
      'White Balance (K)': text(f.whiteBalance),
      'Camera Height (cm)': text(f.heightCm),
      'Camera Tilt (deg)': text(f.tiltDeg),
      'Focus Distance (m)': text(f.focusM),
      tkTake: text(f.take),
      tkCircled: f.circled === true ? 'Y' : '',
      tkTimestamp: stamp,
      tkUUID: take.entryId,
      tkNotes: take.body ?? '',
    };
    return CRIF_COLUMNS.map((column) => csvField(values[column])).join(',');
  });
  return [CRIF_COLUMNS.map(csvField).join(','), ...rows].join('\r\n') + '\r\n';
}
