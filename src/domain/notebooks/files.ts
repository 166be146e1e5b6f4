/**
 * What a notebook keeps as an attachment: photos and PDFs, told apart by
 * their first bytes, never by the name or type a phone declares.
 */

export type AttachmentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/heif' | 'application/pdf';

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** HEIF brands (ISO/IEC 23008-12): HEVC-coded ones are HEIC, the others plain HEIF. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1']);

/** The type the bytes really are, or null when they are neither a photo nor a PDF Setbook keeps. */
export function sniff(bytes: Uint8Array): AttachmentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 8) === 'PNG\r\n\u001a\n') return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (HEIC_BRANDS.has(brand)) return 'image/heic';
    if (HEIF_BRANDS.has(brand)) return 'image/heif';
  }
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

export const isImage = (type: AttachmentType) => type.startsWith('image/');

/** The usual file ending of each type, for names in the package. */
export const EXTENSIONS: Record<AttachmentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

/** When a photo was taken, from EXIF's "YYYY:MM:DD HH:MM:SS" and its offset (EXIF 2.31) when the camera wrote one. */
export function exifTime(dateTime: unknown, offset: unknown): { takenAt: string | null; takenAtLocal: string | null } {
  const match = typeof dateTime === 'string' ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(dateTime) : null;
  if (!match) return { takenAt: null, takenAtLocal: null };
  const [, y, mo, d, h, mi, s] = match;
  const local = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  if (Number.isNaN(Date.parse(`${local}Z`))) return { takenAt: null, takenAtLocal: null };
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : null;
  return { takenAt: zone ? new Date(`${local}${zone}`).toISOString() : null, takenAtLocal: local };
}

/** A place from EXIF's GPS, when it is one on Earth (0,0 is what a phone writes when it had no fix). */
export function exifPlace(latitude: unknown, longitude: unknown): { latitude: number; longitude: number } | null {
  if (typeof latitude !== 'number' || typeof longitude !== 'number' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (latitude === 0 && longitude === 0)) return null;
  return { latitude, longitude };
}

/** A phone's file name as people read it: no path, nothing a database or a header cannot hold, at most 200 characters. */
export function cleanFilename(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base.replace(/[\u0000-\u001f\u007f"]|\p{Cs}/gu, '').trim()].slice(0, 200).join('');
  return clean === '' ? null : clean;
}
