import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRIF_COLUMNS } from '../../src/domain/notebooks/camera.js';
import { startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { pdfText } from '../support/pdf.js';

/** A form with one file, as a phone's browser sends it. */
export function fileForm(bytes: Buffer, filename: string, type: string) {
  const boundary = `----setbook${crypto.randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A photo of a lens chart taken in Santa Fe on the afternoon of 21 November 2026, with its EXIF. */
export const chartPhoto = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a8fa0' } })
    .withExif({
      IFD0: { Make: 'Apple', Model: 'iPhone 15 Pro' },
      IFD2: { DateTimeOriginal: '2026:11:21 16:42:10', OffsetTimeOriginal: '-07:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 1284/100', GPSLongitudeRef: 'W', GPSLongitude: '105/1 56/1 1608/100' },
    })
    .jpeg()
    .toBuffer();

/** RFC 4180 rows: quoted fields may hold commas, quotes and line breaks. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

/** An entry as the API answers it, read loosely. */
type Entry = Record<string, unknown> & { id: string; title: string; version: number; fields: Record<string, unknown>; attachments: unknown[] };

describe('the department notebook and the handoff', () => {
  let t: TestApp;
  let pid: string;
  let producer: Person;
  /** the DP, head of camera */
  let ada: Person;
  /** the 1st AC, in the camera department */
  let ben: Person;
  /** the key grip: another department */
  let cai: Person;
  /** the 1st AD, who confirms a producer's handoff */
  let dee: Person;
  let nid: string;
  let scene42: string;
  let ranch: string;

  const on = (suffix: string) => `/api/productions/${pid}${suffix}`;
  const call = (who: Person | null, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.call(method, url.startsWith('/api/') ? url : on(url), { token: who?.token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  async function expectStatus(status: number, sent: ReturnType<typeof call>) {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    return res.headers['content-type']?.toString().includes('json') ? res.json() : res;
  }
  const department = (who: Person, name: string) => expectStatus(200, call(producer, 'PATCH', `/members/${who.id}`, { department: name }));
  const write = (who: Person, body: Record<string, unknown>, notebook = nid) => call(who, 'POST', `/notebooks/${notebook}/entries`, body);
  const entries = async (who: Person, query = '', notebook = nid) => (await expectStatus(200, call(who, 'GET', `/notebooks/${notebook}/entries${query}`))).entries as Entry[];
  const ledger = async () => (await expectStatus(200, call(producer, 'GET', '/ledger/entries'))).entries as Array<{ entry: { type: string; data: Record<string, unknown> } }>;

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t, 'Dana Producer');
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
    ada = await addPerson(t, producer, pid, ['department_head'], 'Ada Lens');
    ben = await addPerson(t, producer, pid, ['crew'], 'Ben Focus');
    cai = await addPerson(t, producer, pid, ['department_head'], 'Cai Grip');
    dee = await addPerson(t, producer, pid, ['first_ad'], 'Dee Call');
    await department(ada, 'Camera');
    await department(ben, 'camera');
    await department(cai, 'Grip');
    scene42 = (await expectStatus(201, call(producer, 'POST', '/scenes', { number: '42', description: 'Dawn: the herd crosses the mesa', hazards: ['animals'] }))).scene.id;
    ranch = (await expectStatus(201, call(producer, 'POST', '/locations', { name: 'Red Mesa', latitude: 35.6869, longitude: -105.9378, timezone: 'America/Denver' }))).location.id;
    await expectStatus(201, call(producer, 'POST', '/shoot-days', { date: '2026-11-23', sceneIds: [scene42], locationIds: [ranch] }));
  });
  afterAll(() => t.close());

  describe('opening a notebook', () => {
    it('the DP opens the camera notebook; it is recorded with ids, and the department has only one', async () => {
      const { notebook, receipt } = await expectStatus(201, call(ada, 'POST', '/notebooks', { department: 'Camera', headId: ada.id }));
      nid = notebook.id;
      expect(notebook).toMatchObject({ department: 'Camera', headId: ada.id });
      expect(receipt.index).toBeGreaterThan(0);
      const created = (await ledger()).find((e) => e.entry.type === 'notebook.created')!;
      expect(created.entry.data).toEqual({ notebookId: nid, department: 'Camera', headId: ada.id });
      await expectStatus(409, call(producer, 'POST', '/notebooks', { department: ' CAMERA ', headId: ben.id }));
    });

    it('a department head cannot make someone else head; the refusal is recorded', async () => {
      const refused = await expectStatus(422, call(cai, 'POST', '/notebooks', { department: 'Grip', headId: ben.id }));
      expect(refused.rule).toBe('ROLES');
      expect((await ledger()).at(-1)!.entry.type).toBe('notebook.create.refused');
    });

    it('the notebook is listed for its head and department, and to nobody else; the producer sees only that it exists', async () => {
      expect((await expectStatus(200, call(ada, 'GET', '/notebooks'))).notebooks.map((n: { id: string; standing: string }) => [n.id, n.standing])).toEqual([[nid, 'head']]);
      expect((await expectStatus(200, call(ben, 'GET', '/notebooks'))).notebooks.map((n: { standing: string }) => n.standing)).toEqual(['member']);
      expect((await expectStatus(200, call(cai, 'GET', '/notebooks'))).notebooks).toEqual([]);
      const producers = await expectStatus(200, call(producer, 'GET', '/notebooks'));
      expect(producers.notebooks).toEqual([]);
      expect(producers.elsewhere).toEqual([{ id: nid, department: 'Camera', headId: ada.id }]);
      await expectStatus(404, call(producer, 'GET', `/notebooks/${nid}`));
      await expectStatus(404, call(cai, 'GET', `/notebooks/${nid}/entries`));
    });
  });

  describe('entries', () => {
    it('keeps each kind with its fields', async () => {
      const vendor = (await expectStatus(201, write(ada, { kind: 'vendor', title: 'Ghost Ranch Rentals', fields: { name: 'Ghost Ranch Rentals', contact: 'rentals@ghost.example', carries: ['Cooke', 'Lomo'] } }))).entry;
      const lenses = (
        await expectStatus(
          201,
          write(ada, {
            kind: 'equipment',
            title: 'Lomo Round Front anamorphics',
            body: 'Breathes on focus pulls past 2 m; lovely blue flare.',
            fields: { make: 'Lomo', series: 'Round Front', focalLengths: [35, 50, 75, 100], tStops: [2.5, 2.5, 2.5, 3], mount: 'PL', serials: ['RF-35-0931', 'RF-50-1177'], quirks: ['breathing', 'flare'], provenance: 'Rented from Ghost Ranch, week of 16 Nov', vendorEntryId: vendor.id },
            tags: ['Lenses', 'anamorphic'],
          }),
        )
      ).entry;
      expect(lenses).toMatchObject({ kind: 'equipment', version: 1, visibility: 'department', tags: ['lenses', 'anamorphic'], fields: { vendorEntryId: vendor.id } });
      await expectStatus(201, write(ben, { kind: 'look', title: 'Dawn crossing: low contrast, warm', fields: { sceneIds: [scene42] } }));
      await expectStatus(201, write(ben, { kind: 'light', title: 'Backlight the herd at sunrise', fields: { locationId: ranch } }));
      await expectStatus(201, write(ben, { kind: 'technical', title: 'LUT for the dailies', body: 'Log C to Rec 709, printer lights +2 red' }));
      await expectStatus(201, write(ben, { kind: 'idea', title: 'Which diffusion for the night exteriors?' }));
      await expectStatus(201, write(ben, { kind: 'todo', title: 'Return the 100 mm to Ghost Ranch', fields: { done: false, vendorEntryId: vendor.id } }));
    });

    it('a 400 names every bad field at once', async () => {
      const res = await call(ben, 'POST', `/notebooks/${nid}/entries`, { kind: 'equipment', fields: { series: 7, focalLengths: [-35], mount: 'PL', roll: 'A001' } });
      expect(res.statusCode, res.body).toBe(400);
      const paths = (res.json().errors as Array<{ path: string }>).map((e) => e.path).sort();
      expect(paths).toEqual(['fields.focalLengths.0', 'fields.make', 'fields.roll', 'fields.series', 'title']);
      const report = await call(ben, 'POST', `/notebooks/${nid}/entries`, { kind: 'camera_report', title: 'Setup 42A', fields: { lens: 'Lomo 50', iso: 800.5 } });
      expect((report.json().errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['fields.iso', 'fields.roll', 'fields.scene', 'fields.take']);
      const foreign = await call(ben, 'POST', `/notebooks/${nid}/entries`, { kind: 'vendor', title: 'Panavision', fields: { name: 'Panavision', make: 'Panavision' } });
      expect(foreign.json().errors).toEqual([{ path: 'fields.make', message: 'is not a field of a vendor entry' }]);
    });

    it('names only the production’s scenes and this notebook’s entries', async () => {
      await expectStatus(404, write(ben, { kind: 'look', title: 'Somewhere else', fields: { sceneIds: ['no-such-scene'] } }));
      await expectStatus(404, write(ben, { kind: 'idea', title: 'See that', links: ['no-such-entry'] }));
    });

    it('every edit is a new version; a stale version is a 409; a removal is a tombstone with its history', async () => {
      const made = (await expectStatus(201, write(ben, { kind: 'technical', title: 'Frame lines', body: '2.39 with a 1.33 squeeze' }))).entry;
      const edited = (await expectStatus(200, call(ben, 'PATCH', `/notebooks/${nid}/entries/${made.id}`, { version: 1, body: '2.39, 1.33x squeeze, 4% safety' }))).entry;
      expect(edited.version).toBe(2);
      const stale = await call(ada, 'PATCH', `/notebooks/${nid}/entries/${made.id}`, { version: 1, title: 'Frame lines (old)' });
      expect(stale.statusCode).toBe(409);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.json().detail).toContain('version 2');
      await expectStatus(409, call(ada, 'DELETE', `/notebooks/${nid}/entries/${made.id}?version=1`));
      const removed = (await expectStatus(200, call(ada, 'DELETE', `/notebooks/${nid}/entries/${made.id}?version=2`))).entry;
      expect(removed).toMatchObject({ version: 3, removedAt: expect.any(String) });
      const { versions } = await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${made.id}/history`));
      expect(versions.map((v: { version: number; removed: boolean; body: string }) => [v.version, v.removed, v.body])).toEqual([
        [1, false, '2.39 with a 1.33 squeeze'],
        [2, false, '2.39, 1.33x squeeze, 4% safety'],
        [3, true, '2.39, 1.33x squeeze, 4% safety'],
      ]);
      expect(versions.every((v: { contentHash: string }) => /^[0-9a-f]{64}$/.test(v.contentHash))).toBe(true);
      expect((await entries(ben)).map((e) => e.id)).not.toContain(made.id);
      expect((await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${made.id}`))).entry.removedAt).toEqual(expect.any(String));
      await expectStatus(409, call(ben, 'PATCH', `/notebooks/${nid}/entries/${made.id}`, { version: 3, title: 'Back again' }));
      const rows = await t.deps.store.db.selectFrom('notebook_versions').select('version').where('entry_id', '=', made.id).execute();
      expect(rows.length).toBe(3);
    });

    it('a fields edit changes only the fields named, and null takes one away', async () => {
      const vendor = (await entries(ada, '?kind=vendor'))[0]!;
      const { entry } = await expectStatus(200, call(ada, 'PATCH', `/notebooks/${nid}/entries/${vendor.id}`, { version: vendor.version, fields: { terms: 'Deposit 10%', contact: null } }));
      expect(entry.fields).toEqual({ name: 'Ghost Ranch Rentals', carries: ['Cooke', 'Lomo'], terms: 'Deposit 10%' });
      const bad = await call(ada, 'PATCH', `/notebooks/${nid}/entries/${vendor.id}`, { version: entry.version, fields: { name: null } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([{ path: 'fields.name', message: 'is required' }]);
    });
  });

  describe('search', () => {
    beforeAll(async () => {
      await expectStatus(201, write(ben, { kind: 'technical', title: 'Matte box for the zooms', body: 'The Lomo zoom needs the 6.6 matte box; tested with the lomo clamp.' }));
      await expectStatus(201, write(ben, { kind: 'idea', title: 'Flare passes', body: 'Try the Lómo flare with a torch.', tags: ['flare'] }));
    });

    it('ranks a title above a body, and finds a word from its first letters', async () => {
      const found = await entries(ben, '?q=lom');
      expect(found[0]!.title).toBe('Lomo Round Front anamorphics');
      expect(found.map((e) => e.title)).toEqual(expect.arrayContaining(['Matte box for the zooms', 'Flare passes']));
      expect(await entries(ben, '?q=LOMO%20ROUND')).toHaveLength(1);
      expect((await entries(ben, '?q=breath')).map((e) => e.title)).toEqual(['Lomo Round Front anamorphics']);
      expect((await entries(ben, '?q=rf%2035%200931')).map((e) => e.title)).toEqual(['Lomo Round Front anamorphics']);
      expect(await entries(ben, '?q=zeiss')).toEqual([]);
    });

    it('filters by kind and tag, with or without words', async () => {
      expect((await entries(ben, '?q=lom&kind=idea')).map((e) => e.title)).toEqual(['Flare passes']);
      expect((await entries(ben, '?tag=flare')).map((e) => e.title)).toEqual(['Flare passes']);
      expect((await entries(ben, '?q=lomo&tag=lenses')).map((e) => e.title)).toEqual(['Lomo Round Front anamorphics']);
    });
  });

  describe('privacy', () => {
    let rodrigo: Entry;

    it('a person entry is the head’s alone: to the department it is not found, in search, history, attachments and counts', async () => {
      rodrigo = (
        await expectStatus(
          201,
          write(ada, {
            kind: 'person',
            title: 'Rodrigo Alvarez, gaffer',
            fields: { name: 'Rodrigo Alvarez', role: 'Gaffer', dayRate: 850, weekRate: 4000, currency: 'USD', recommendedBy: 'Maria Ortiz', recommendation: 'Fastest rigging crew in New Mexico', availability: 'From 1 December' },
          }),
        )
      ).entry;
      expect(rodrigo.visibility).toBe('head');
      expect((await entries(ada, '?q=rodrigo')).map((e) => e.id)).toEqual([rodrigo.id]);
      expect(await entries(ben, '?q=rodrigo')).toEqual([]);
      expect(await entries(ben, '?kind=person')).toEqual([]);
      for (const suffix of ['', '/history']) await expectStatus(404, call(ben, 'GET', `/notebooks/${nid}/entries/${rodrigo.id}${suffix}`));
      await expectStatus(404, call(ben, 'PATCH', `/notebooks/${nid}/entries/${rodrigo.id}`, { version: 1, title: 'Rodrigo' }));
      const photo = fileForm(await chartPhoto(), 'rodrigo.jpg', 'image/jpeg');
      await expectStatus(404, call(ben, 'POST', `/notebooks/${nid}/entries/${rodrigo.id}/attachments`, photo.body, photo.headers));
      const adaCount = (await expectStatus(200, call(ada, 'GET', `/notebooks/${nid}`))).notebook.entries;
      const benCount = (await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}`))).notebook.entries;
      expect(adaCount - benCount).toBe(1);
      // A link to it from a department entry does not show it either.
      const linked = (await expectStatus(201, write(ada, { kind: 'todo', title: 'Call the gaffer', links: [rodrigo.id] }))).entry;
      expect((await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${linked.id}`))).entry.links).toEqual([]);
    });

    it('only the head chooses who reads an entry; a member’s person entry goes to the head', async () => {
      await expectStatus(403, write(ben, { kind: 'idea', title: 'Private thought', visibility: 'head' }));
      const tip = (await expectStatus(201, write(ben, { kind: 'person', title: 'A focus puller for 2nd unit', fields: { name: 'Kim Park', role: '1st AC', dayRate: 600 } }))).entry;
      expect(tip.visibility).toBe('head');
      await expectStatus(404, call(ben, 'GET', `/notebooks/${nid}/entries/${tip.id}`));
      const shared = (await expectStatus(200, call(ada, 'PATCH', `/notebooks/${nid}/entries/${tip.id}`, { version: 1, visibility: 'department', fields: { dayRate: null } }))).entry;
      const { versions } = await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${shared.id}/history`));
      // The version kept to the head (with the rate) stays the head's.
      expect(versions.map((v: { version: number }) => v.version)).toEqual([2]);
    });

    it('another department and the producer get 404 for everything in it', async () => {
      for (const who of [cai, producer]) {
        await expectStatus(404, call(who, 'GET', `/notebooks/${nid}/entries?q=lomo`));
        await expectStatus(404, call(who, 'GET', `/notebooks/${nid}/entries/${rodrigo.id}`));
        await expectStatus(404, write(who, { kind: 'idea', title: 'Let me in' }));
        await expectStatus(404, call(who, 'GET', `/notebooks/${nid}/camera-reports.csv`));
        await expectStatus(404, call(who, 'GET', `/notebooks/${nid}/package`));
      }
    });

    it('the head lets someone in from another department, and only the head', async () => {
      await expectStatus(403, call(ben, 'PUT', `/notebooks/${nid}/members`, { userIds: [cai.id] }));
      const { notebook } = await expectStatus(200, call(ada, 'PUT', `/notebooks/${nid}/members`, { userIds: [cai.id] }));
      expect(notebook.members).toEqual([cai.id]);
      expect((await entries(cai)).length).toBeGreaterThan(0);
      await expectStatus(404, call(cai, 'GET', `/notebooks/${nid}/entries/${rodrigo.id}`));
      await expectStatus(200, call(ada, 'PUT', `/notebooks/${nid}/members`, { userIds: [] }));
      await expectStatus(404, call(cai, 'GET', `/notebooks/${nid}/entries`));
    });
  });

  describe('attachments', () => {
    let lenses: Entry;
    beforeAll(async () => {
      lenses = (await entries(ada, '?kind=equipment'))[0]!;
    });
    const attach = (who: Person, bytes: Buffer, name: string, type: string, entryId = lenses.id) => {
      const form = fileForm(bytes, name, type);
      return call(who, 'POST', `/notebooks/${nid}/entries/${entryId}/attachments`, form.body, form.headers);
    };

    it('a photo is kept under its SHA-256 with a thumbnail, and EXIF’s time and place', async () => {
      const photo = await chartPhoto();
      const { attachment } = await expectStatus(201, attach(ben, photo, 'IMG_0042.JPG', 'image/jpeg'));
      expect(attachment).toMatchObject({
        contentType: 'image/jpeg',
        bytes: photo.length,
        sha256: crypto.createHash('sha256').update(photo).digest('hex'),
        filename: 'IMG_0042.JPG',
        width: 640,
        height: 480,
        thumbnail: true,
        takenAt: '2026-11-21T23:42:10.000Z',
        takenAtLocal: '2026-11-21T16:42:10',
      });
      expect(attachment.latitude).toBeCloseTo(35.6869, 4);
      expect(attachment.longitude).toBeCloseTo(-105.9378, 4);
      const stored = path.join(t.dataDir, 'attachments', attachment.sha256.slice(0, 2), attachment.sha256.slice(2, 4), attachment.sha256);
      expect(fs.readFileSync(stored).equals(photo)).toBe(true);
      const original = await call(ben, 'GET', `/notebooks/${nid}/entries/${lenses.id}/attachments/${attachment.id}`);
      expect(original.statusCode).toBe(200);
      expect(original.headers['content-type']).toBe('image/jpeg');
      expect(original.rawPayload.equals(photo)).toBe(true);
      const thumbnail = await call(ben, 'GET', `/notebooks/${nid}/entries/${lenses.id}/attachments/${attachment.id}/thumbnail`);
      expect(thumbnail.statusCode).toBe(200);
      const small = await sharp(thumbnail.rawPayload).metadata();
      expect([small.format, small.width, small.height, small.exif]).toEqual(['jpeg', 320, 240, undefined]);
      // The same photo again is one blob.
      const again = (await expectStatus(201, attach(ada, photo, 'copy.jpg', 'image/jpeg'))).attachment;
      expect(again.sha256).toBe(attachment.sha256);
      expect(again.id).not.toBe(attachment.id);
      expect((await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${lenses.id}`))).entry.attachments).toHaveLength(2);
      await expectStatus(404, call(cai, 'GET', `/notebooks/${nid}/entries/${lenses.id}/attachments/${attachment.id}`));
    });

    it('a PDF is kept; a text file named like a photo is refused by its bytes (415), whatever it says it is', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      expect((await expectStatus(201, attach(ben, pdf, 'rental-agreement.pdf', 'application/pdf'))).attachment).toMatchObject({ contentType: 'application/pdf', thumbnail: false, width: null });
      const fake = await attach(ben, Buffer.from('#!/bin/sh\necho not a photo\n'), 'lens.jpg', 'image/jpeg');
      expect(fake.statusCode, fake.body).toBe(415);
      expect(fake.headers['content-type']).toMatch(/^application\/problem\+json/);
      const broken = await attach(ben, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a jpeg header and nothing else')]), 'half.jpg', 'image/jpeg');
      expect(broken.statusCode, broken.body).toBe(415);
      await expectStatus(415, call(ben, 'POST', `/notebooks/${nid}/entries/${lenses.id}/attachments`, { file: 'lens.jpg' }));
    });

    it('a file over the limit is refused (413) and nothing is kept', async () => {
      const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
      big.set([0xff, 0xd8, 0xff], 0);
      const before = (await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${lenses.id}`))).entry.attachments.length;
      const res = await attach(ben, big, 'huge.jpg', 'image/jpeg');
      expect(res.statusCode, res.body).toBe(413);
      expect((await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${lenses.id}`))).entry.attachments.length).toBe(before);
    });
  });

  describe('camera reports', () => {
    it('a take inherits its setup, and the CSV follows the VES camera report layout', async () => {
      const setup = (
        await expectStatus(
          201,
          write(ben, {
            kind: 'camera_report',
            title: 'Wide, the herd crosses',
            fields: { roll: 'A012', scene: '42', take: 1, slate: '42A', camera: 'A', lens: 'Lomo RF 50', focalLength: 50, tStop: 2.8, filters: ['ND.6', 'Pola'], shutter: '172.8', frameRate: 23.976, iso: 800, whiteBalance: 5600, heightCm: 142, tiltDeg: -3, focusM: 12, shotAt: '2026-11-22T06:41:00-07:00' },
          }),
        )
      ).entry;
      const take2 = (
        await expectStatus(201, write(ben, { kind: 'camera_report', title: 'Wide, the herd crosses', body: 'Horse spooked, NG', fields: { setupId: setup.id, take: 2, focusM: 9.5, shotAt: '2026-11-22T13:44:30Z' } }))
      ).entry;
      expect(take2.fields).toMatchObject({ roll: 'A012', scene: '42', take: 2, lens: 'Lomo RF 50', focusM: 9.5, setupId: setup.id, shotAt: '2026-11-22T13:44:30.000Z' });
      // Naming take 2 as the setup still means the setup's first report.
      const take3 = (await expectStatus(201, write(ben, { kind: 'camera_report', title: 'Wide', fields: { setupId: take2.id, take: 3, circled: true, shotAt: '2026-11-22T13:47:00Z' } }))).entry;
      expect(take3.fields).toMatchObject({ setupId: setup.id, focusM: 12, circled: true });
      await expectStatus(201, write(ben, { kind: 'camera_report', title: 'Insert, hooves', fields: { roll: 'B003', scene: '42', take: 1, camera: 'B', lens: 'Lomo RF 100', shotAt: '2026-11-22T14:02:00Z' } }));

      const res = await call(ben, 'GET', `/notebooks/${nid}/camera-reports.csv`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const rows = csvRows(res.body);
      expect(rows[0]).toEqual([...CRIF_COLUMNS]);
      const column = (name: (typeof CRIF_COLUMNS)[number]) => rows.slice(1).map((row) => row[CRIF_COLUMNS.indexOf(name)]);
      expect(column('tkTake')).toEqual(['1', '2', '3', '1']);
      expect(column('Unique Slate ID')).toEqual(['1', '1', '1', '2']);
      expect(column('SlatesUUID').slice(0, 3)).toEqual([setup.id, setup.id, setup.id]);
      expect(column('Lens')).toEqual(['Lomo RF 50', 'Lomo RF 50', 'Lomo RF 50', 'Lomo RF 100']);
      expect(column('Focus Distance (m)')).toEqual(['12', '9.5', '12', '']);
      expect(column('Shoot Timestamp')[0]).toBe('2026/11/22 06:41:00');
      expect(column('Shoot Day')).toEqual(['', '', '', '']);
      expect(column('Filters')[0]).toBe('ND.6 Pola');
      expect(column('tkCircled')).toEqual(['', '', 'Y', '']);
      expect(column('Job')[0]).toBe('Dust Devil');
    });
  });

  describe('offline on set', () => {
    it('a camera report sent again with its key is written once', async () => {
      const body = { kind: 'camera_report', title: 'Close, the lead mare', fields: { roll: 'A013', scene: '43', take: 1, shotAt: '2026-11-22T15:00:00Z' } };
      const headers = { 'idempotency-key': 'ben-phone-report-0043-1' };
      const answers = await Promise.all([1, 2, 3].map(() => call(ben, 'POST', `/notebooks/${nid}/entries`, body, headers)));
      expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((res) => res.json().entry.id)).size).toBe(1);
      expect((await entries(ben, '?q=lead%20mare')).length).toBe(1);
    });

    it('an edit sent again with its key makes one version, and another edit under that key is refused', async () => {
      const made = (await expectStatus(201, write(ben, { kind: 'todo', title: 'Charge the batteries' }))).entry;
      const headers = { 'idempotency-key': 'ben-phone-edit-7' };
      const edit = { version: 1, fields: { done: true } };
      const first = await call(ben, 'PATCH', `/notebooks/${nid}/entries/${made.id}`, edit, headers);
      const again = await call(ben, 'PATCH', `/notebooks/${nid}/entries/${made.id}`, edit, headers);
      expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
      expect(again.headers['idempotent-replay']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const other = await call(ben, 'PATCH', `/notebooks/${nid}/entries/${made.id}`, { version: 1, title: 'Charge everything' }, headers);
      expect(other.statusCode).toBe(422);
      expect((await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/entries/${made.id}/history`))).versions).toHaveLength(2);
    });
  });

  describe('the package and the handoff', () => {
    let herd: string;

    it('a light plan names a target at its location, and the package works out its windows on the days there', async () => {
      herd = (await expectStatus(201, call(ada, 'POST', `/locations/${ranch}/light-targets`, { name: 'Low sun behind the herd', azimuthFrom: 100, azimuthTo: 130, altitudeFrom: 0, altitudeTo: 15 }))).target.id;
      await expectStatus(400, write(ada, { kind: 'light', title: 'Sunrise backlight', fields: { targetId: herd } }));
      await expectStatus(404, write(ada, { kind: 'light', title: 'Sunrise backlight', fields: { locationId: ranch, targetId: 'no-such-target' } }));
      await expectStatus(201, write(ada, { kind: 'light', title: 'Sunrise backlight', fields: { locationId: ranch, targetId: herd, sceneIds: [scene42] } }));
    });

    it('the package is the head’s: JSON, PDF and zip, with the content hash', async () => {
      await expectStatus(403, call(ben, 'GET', `/notebooks/${nid}/package`));
      const pkg = await expectStatus(200, call(ada, 'GET', `/notebooks/${nid}/package`));
      expect(pkg.startHere).toMatchObject({ department: 'Camera', head: { userId: ada.id, name: 'Ada Lens' }, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(pkg.upcoming.map((d: { date: string }) => d.date)).toEqual(['2026-11-23']);
      expect(pkg.looks[0]).toMatchObject({ sceneNumbers: ['42'], upcoming: true });
      const sunrise = pkg.light.find((plan: { entry: { title: string } }) => plan.entry.title === 'Sunrise backlight');
      expect(sunrise.location).toEqual({ id: ranch, name: 'Red Mesa' });
      expect(sunrise.days.map((d: { date: string }) => d.date)).toEqual(['2026-11-23']);
      const [window] = sunrise.days[0].targets.find((target: { id: string }) => target.id === herd).windows;
      // From sunrise (about 06:55 MST): the sun rising east-south-east over Santa Fe in late November.
      expect(Date.parse(window.start)).toBeGreaterThan(Date.parse('2026-11-23T13:30:00Z'));
      expect(Date.parse(window.start)).toBeLessThan(Date.parse('2026-11-23T14:30:00Z'));
      expect(Date.parse(window.end) - Date.parse(window.start)).toBeGreaterThan(30 * 60_000);
      expect(pkg.equipment[0].vendor).toMatchObject({ name: 'Ghost Ranch Rentals' });
      expect(pkg.vendors[0].openOrders.map((o: { title: string }) => o.title)).toEqual(['Return the 100 mm to Ghost Ranch']);
      expect(pkg.people.map((p: { title: string }) => p.title)).toContain('Rodrigo Alvarez, gaffer');
      expect(pkg.openQuestions.map((q: { title: string }) => q.title)).toContain('Which diffusion for the night exteriors?');
      expect(pkg.todos.map((q: { title: string }) => q.title)).toContain('Return the 100 mm to Ghost Ranch');

      const pdf = await call(ada, 'GET', `/notebooks/${nid}/package?format=pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfText(pdf.rawPayload)).toContain(pkg.startHere.contentHash);

      const zip = await call(ada, 'GET', `/notebooks/${nid}/package?format=zip`);
      expect(zip.statusCode).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      const files = unzipSync(new Uint8Array(zip.rawPayload));
      const content = files['content.json']!;
      expect(crypto.createHash('sha256').update(content).digest('hex')).toBe(pkg.startHere.contentHash);
      expect(JSON.parse(strFromU8(files['package.json']!)).startHere.contentHash).toBe(pkg.startHere.contentHash);
      const photos = Object.keys(files).filter((name) => name.startsWith('attachments/'));
      expect(photos.length).toBeGreaterThanOrEqual(2);
      for (const name of photos) expect(crypto.createHash('sha256').update(files[name]!).digest('hex')).toBe(path.basename(name).split('.')[0]);
      expect(strFromU8(files['package.pdf']!.subarray(0, 5))).toBe('%PDF-');
    });

    it('the head hands the notebook to the 1st AC: every entry and version goes with it, the DP’s access ends, the ledger keeps no words', async () => {
      const sealed = (await expectStatus(200, call(ada, 'GET', `/notebooks/${nid}/package`))).startHere;
      const { handoff, receipt } = await expectStatus(201, call(ada, 'POST', `/notebooks/${nid}/handoff`, { toUserId: ben.id, note: 'Rodrigo is the gaffer to call; the Lomos go back on the 30th.' }));
      expect(handoff).toMatchObject({ fromUserId: ada.id, toUserId: ben.id, byUserId: ada.id, secondedBy: null, reason: null, contentHash: sealed.contentHash, entries: sealed.entries, versions: sealed.versions, attachments: sealed.attachments });
      expect(receipt.index).toBeGreaterThan(0);

      // Ada is still in the camera department, and out of the notebook.
      for (const url of [`/notebooks/${nid}`, `/notebooks/${nid}/entries`, `/notebooks/${nid}/package`]) await expectStatus(404, call(ada, 'GET', url));
      expect((await expectStatus(200, call(ada, 'GET', '/notebooks'))).notebooks).toEqual([]);
      const now = (await expectStatus(200, call(ben, 'GET', '/notebooks'))).notebooks[0];
      expect(now).toMatchObject({ headId: ben.id, standing: 'head' });
      expect((await entries(ben, '?kind=person')).map((e) => e.title)).toContain('Rodrigo Alvarez, gaffer');
      const pkg = await expectStatus(200, call(ben, 'GET', `/notebooks/${nid}/package`));
      expect(pkg.startHere.contentHash).toBe(sealed.contentHash);
      expect(pkg.startHere.handoffs).toEqual([
        { at: handoff.at, fromUserId: ada.id, fromName: 'Ada Lens', toUserId: ben.id, toName: 'Ben Focus', contentHash: sealed.contentHash, note: 'Rodrigo is the gaffer to call; the Lomos go back on the 30th.' },
      ]);

      const all = await ledger();
      const handed = all.find((e) => e.entry.type === 'notebook.handedOff')!;
      expect(handed.entry.data).toEqual({ notebookId: nid, department: 'Camera', handoffId: handoff.id, fromUserId: ada.id, toUserId: ben.id, contentHash: sealed.contentHash, entries: sealed.entries, versions: sealed.versions, attachments: sealed.attachments, reason: null, secondedBy: null });
      // Nothing the notebook says reaches the ledger: no title, body, name, rate or note.
      const words = JSON.stringify(all);
      for (const secret of ['Rodrigo', 'Alvarez', 'dayRate', 'weekRate', 'recommendation', 'Lomo', 'Ghost Ranch', 'Breathes', 'gaffer', 'Maria Ortiz', 'Lomos go back', 'Kim Park', 'Charge the batteries']) {
        expect(words).not.toContain(secret);
      }
    });

    it('the new head can let the former head back in', async () => {
      await expectStatus(200, call(ben, 'PUT', `/notebooks/${nid}/members`, { userIds: [ada.id] }));
      expect((await entries(ada)).length).toBeGreaterThan(0);
      expect((await entries(ada, '?kind=person')).map((e) => e.title)).toEqual(['A focus puller for 2nd unit']);
      await expectStatus(403, call(ada, 'GET', `/notebooks/${nid}/package`));
      await expectStatus(200, call(ben, 'PUT', `/notebooks/${nid}/members`, { userIds: [] }));
    });

    it('when the head is gone, the producer hands the notebook on only with a second person’s PIN', async () => {
      const grip = (await expectStatus(201, call(producer, 'POST', '/notebooks', { department: 'Grip', headId: cai.id }))).notebook.id;
      await expectStatus(201, write(cai, { kind: 'equipment', title: 'Dana dolly', fields: { make: 'Dana Dolly' } }, grip));
      const handOn = (body: Record<string, unknown>) => call(producer, 'POST', `/notebooks/${grip}/handoff`, { toUserId: ben.id, ...body });

      // Someone who cannot open it is not told it exists.
      await expectStatus(404, call(dee, 'POST', `/notebooks/${grip}/handoff`, { toUserId: dee.id }));
      const alone = await expectStatus(422, handOn({}));
      expect(alone.refusals.map((r: { rule: string }) => r.rule)).toEqual(['ROLES', 'ROLES']);
      expect((await expectStatus(422, handOn({ reason: 'ill' }))).rule).toBe('ROLES');
      // The successor cannot be the second person.
      expect((await expectStatus(422, handOn({ reason: 'ill', confirmations: [{ userId: ben.id, pin: ben.pin }] }))).rule).toBe('ROLES');
      expect((await expectStatus(422, handOn({ reason: 'ill', confirmations: [{ userId: dee.id, pin: '0000' }] }))).rule).toBe('PIN');
      const refusals = (await ledger()).filter((e) => e.entry.type === 'notebook.handOff.refused');
      expect(refusals.length).toBe(4);
      expect(JSON.stringify(refusals)).not.toContain('0000');

      const { handoff } = await expectStatus(201, handOn({ reason: 'ill', confirmations: [{ userId: dee.id, pin: dee.pin }] }));
      expect(handoff).toMatchObject({ fromUserId: cai.id, toUserId: ben.id, byUserId: producer.id, secondedBy: dee.id, reason: 'ill', entries: 1 });
      await expectStatus(404, call(cai, 'GET', `/notebooks/${grip}/entries`));
      expect((await entries(ben, '', grip)).map((e) => e.title)).toEqual(['Dana dolly']);
    });

    it('a head who has left the production needs no reason, still a second person', async () => {
      const sound = (await expectStatus(201, call(producer, 'POST', '/notebooks', { department: 'Sound', headId: dee.id }))).notebook.id;
      const mixer = await addPerson(t, producer, pid, ['crew'], 'Mo Mixer');
      await expectStatus(200, call(producer, 'DELETE', `/members/${dee.id}`));
      const { handoff } = await expectStatus(201, call(producer, 'POST', `/notebooks/${sound}/handoff`, { toUserId: mixer.id, confirmations: [{ userId: ada.id, pin: ada.pin }] }));
      expect(handoff).toMatchObject({ reason: 'removed', secondedBy: ada.id });
    });
  });
});
