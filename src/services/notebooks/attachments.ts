import sharp from 'sharp';
import exifr from 'exifr';
import { cleanFilename, exifPlace, exifTime, isImage, sniff, type AttachmentType } from '../../domain/notebooks/files.js';
import type { AttachmentRow } from '../../store/notebooks.js';
import { reader, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { conflict, notFound, ProblemError } from '../problem.js';
import { newId } from '../secrets.js';
import { sha256Of } from '../blobs.js';
import { openNotebook, type OpenNotebook } from './notebooks.js';
import { presentAttachment, readableEntry } from './entries.js';

/** How large a photo or PDF may be, unless the server is told otherwise (SETBOOK_ATTACHMENT_MB). */
export const DEFAULT_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** The longest side of a thumbnail, in pixels: enough for a phone's list. */
const THUMBNAIL_SIZE = 320;

/** A file as a phone sent it, examined: what it really is, its pixels, a thumbnail, and when and where EXIF says it was taken. */
export interface Upload {
  bytes: Buffer;
  sha256: string;
  contentType: AttachmentType;
  filename: string | null;
  width: number | null;
  height: number | null;
  /** a JPEG no larger than THUMBNAIL_SIZE, without the original's EXIF (no place in it) */
  thumbnail: Buffer | null;
  takenAt: string | null;
  takenAtLocal: string | null;
  latitude: number | null;
  longitude: number | null;
}

const unsupported = (detail: string) => new ProblemError({ status: 415, title: 'Unsupported media type', detail });

/** EXIF's time and place, when the photo carries them; a photo without EXIF, or with EXIF exifr cannot read, has neither. */
async function exifOf(bytes: Buffer) {
  const tags = (await exifr
    .parse(bytes, { pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'OffsetTime', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'], reviveValues: false })
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!tags) return { takenAt: null, takenAtLocal: null, latitude: null, longitude: null };
  const time = exifTime(tags.DateTimeOriginal ?? tags.CreateDate, tags.OffsetTimeOriginal ?? tags.OffsetTime);
  const place = exifPlace(tags.latitude, tags.longitude);
  return { ...time, latitude: place?.latitude ?? null, longitude: place?.longitude ?? null };
}

/**
 * Examines a file by its bytes, never by the type or name the phone gave it:
 * a photo (JPEG, PNG, WebP, HEIC/HEIF) or a PDF, else 415. A JPEG, PNG or
 * WebP must decode; a HEIC photo is kept even where this server's image
 * library cannot decode it (HEVC), only without a thumbnail.
 */
export async function examine(bytes: Buffer, filename: string | undefined): Promise<Upload> {
  const contentType = sniff(bytes);
  if (!contentType) throw unsupported('Attach a photo (JPEG, PNG, WebP or HEIC) or a PDF; this file is neither, whatever its name says.');
  const upload: Upload = {
    bytes,
    sha256: sha256Of(bytes),
    contentType,
    filename: cleanFilename(filename),
    width: null,
    height: null,
    thumbnail: null,
    takenAt: null,
    takenAtLocal: null,
    latitude: null,
    longitude: null,
  };
  if (!isImage(contentType)) return upload;
  Object.assign(upload, await exifOf(bytes));
  try {
    // rotate(): the thumbnail stands the way the photo was held.
    const image = sharp(bytes, { failOn: 'error' });
    const { width, height, orientation } = await image.metadata();
    const turned = (orientation ?? 1) >= 5;
    upload.width = (turned ? height : width) ?? null;
    upload.height = (turned ? width : height) ?? null;
    upload.thumbnail = await image.rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
  } catch {
    if (contentType !== 'image/heic' && contentType !== 'image/heif') throw unsupported('This photo cannot be read: the file is damaged or only looks like a photo.');
  }
  return upload;
}

export interface AttachInput {
  notebookId: string;
  entryId: string;
  upload: Omit<Upload, 'bytes' | 'thumbnail'> & { bytes: number; thumbnailSha256: string | null };
}

/** A photo or PDF on an entry; its bytes are already in the blob store under their SHA-256. */
export const attachFile: Command<AttachInput, OpenNotebook, object> = {
  name: 'notebook.attach',
  async facts(tx, act) {
    const open = await openNotebook(tx.repos, act.productionId, act.input.notebookId, act.caller.user.id);
    const entry = await readableEntry(tx.repos, open, act.input.entryId);
    if (entry.removedAt !== null) throw conflict('This entry was removed; its history is kept.');
    return open;
  },
  refusalData: (act) => ({ notebookId: act.input.notebookId, entryId: act.input.entryId }),
  async apply(tx, open, act) {
    const { upload } = act.input;
    const row: AttachmentRow = {
      id: newId(),
      production_id: act.productionId,
      notebook_id: open.row.id,
      entry_id: act.input.entryId,
      sha256: upload.sha256,
      content_type: upload.contentType,
      bytes: upload.bytes,
      filename: upload.filename,
      width: upload.width,
      height: upload.height,
      thumbnail_sha256: upload.thumbnailSha256,
      taken_at: upload.takenAt,
      taken_at_local: upload.takenAtLocal,
      latitude: upload.latitude,
      longitude: upload.longitude,
      added_by: act.caller.user.id,
      added_at: tx.now.toISOString(),
    };
    await tx.repos.notebooks.insertAttachment(row);
    return { attachment: presentAttachment(row) };
  },
};

/** Keeps an examined upload's bytes and thumbnail in the blob store: before the transaction, as a blob kept twice is still one blob. */
export async function keepUpload(deps: ServiceDeps, upload: Upload): Promise<AttachInput['upload']> {
  await deps.blobs.put(upload.bytes);
  const thumbnailSha256 = upload.thumbnail ? await deps.blobs.put(upload.thumbnail) : null;
  const { bytes, thumbnail: _thumbnail, ...rest } = upload;
  return { ...rest, bytes: bytes.length, thumbnailSha256 };
}

/** Whether the caller may attach to this entry (the notebook and entry exist for them and it stands): asked before a file is read. */
export async function mayAttach(deps: ServiceDeps, productionId: string, notebookId: string, entryId: string, userId: string): Promise<void> {
  const repos = reader(deps);
  const open = await openNotebook(repos, productionId, notebookId, userId);
  const entry = await readableEntry(repos, open, entryId);
  if (entry.removedAt !== null) throw conflict('This entry was removed; its history is kept.');
}

/** An attachment's bytes (or its thumbnail's) for someone who may read its entry. */
export async function attachmentFile(deps: ServiceDeps, at: { productionId: string; notebookId: string; entryId: string; attachmentId: string; userId: string }, thumbnail: boolean) {
  const repos = reader(deps);
  const open = await openNotebook(repos, at.productionId, at.notebookId, at.userId);
  await readableEntry(repos, open, at.entryId);
  const row = await repos.notebooks.attachment(at.entryId, at.attachmentId);
  if (!row) throw notFound('Attachment not found');
  const sha256 = thumbnail ? row.thumbnail_sha256 : row.sha256;
  if (sha256 === null) throw notFound('This attachment has no thumbnail');
  const bytes = await deps.blobs.get(sha256);
  // The database names it, the store has lost it: the server's storage is broken, not the request.
  if (!bytes) throw new Error(`blob ${sha256} of attachment ${row.id} is missing from the blob store`);
  return { bytes, contentType: thumbnail ? 'image/jpeg' : row.content_type, filename: row.filename, sha256 };
}
