import { describe, expect, it } from 'vitest';
import { handoffAllowed, mayRead, secondPerson, standing, type HandoffFacts, type NotebookFacts } from '../../src/domain/notebooks/access.js';
import { cameraReportCsv, crifTimestamp, csvField } from '../../src/domain/notebooks/camera.js';
import { departmentKey, fieldProblems, inheritSetup, mergeFields, notebookContent, type VersionContent } from '../../src/domain/notebooks/entries.js';
import { cleanFilename, exifPlace, exifTime, sniff } from '../../src/domain/notebooks/files.js';
import { searchDocument, searchQuery, words } from '../../src/domain/notebooks/search.js';

const camera: NotebookFacts = { headId: 'ada', departmentKey: 'camera', members: new Set(['dit']), formerHeads: new Set(['old-dp']) };

describe('who reads a notebook', () => {
  it('the head reads everything; the department and the head’s guests what is not kept to the head', () => {
    expect(standing(camera, { userId: 'ada', department: 'Camera' })).toBe('head');
    expect(standing(camera, { userId: 'ben', department: ' CAMERA ' })).toBe('member');
    expect(standing(camera, { userId: 'dit', department: 'Video' })).toBe('member');
    expect(mayRead('member', 'department')).toBe(true);
    expect(mayRead('member', 'head')).toBe(false);
    expect(mayRead('head', 'head')).toBe(true);
  });

  it('another department, the producer with no department, and a former head are not let in', () => {
    expect(standing(camera, { userId: 'cai', department: 'Grip' })).toBe('none');
    expect(standing(camera, { userId: 'dana', department: null })).toBe('none');
    expect(standing(camera, { userId: 'old-dp', department: 'Camera' })).toBe('none');
    expect(standing({ ...camera, members: new Set(['old-dp']) }, { userId: 'old-dp', department: 'Camera' })).toBe('member');
    expect(mayRead('none', 'department')).toBe(false);
  });

  it('folds a department as people write it', () => {
    expect(departmentKey('  Camera   Dept ')).toBe('camera dept');
    expect(departmentKey('ＣＡＭＥＲＡ')).toBe('camera');
  });
});

describe('handing a notebook on', () => {
  const facts = (over: Partial<HandoffFacts>): HandoffFacts => ({
    caller: { userId: 'ada', roles: ['department_head'] },
    headId: 'ada',
    toUserId: 'ben',
    headRemoved: false,
    reason: undefined,
    confirmers: [],
    ...over,
  });
  const rules = (f: HandoffFacts) => handoffAllowed(f).map((d) => (d.allowed ? 'allowed' : d.rule));
  const dana = { userId: 'dana', roles: ['producer'] };

  it('the head hands it on alone', () => {
    expect(rules(facts({}))).toEqual(['allowed']);
    expect(secondPerson(facts({}))).toBeNull();
  });

  it('nobody hands it to its own head', () => {
    expect(rules(facts({ toUserId: 'ada' }))).toEqual(['ROLES']);
  });

  it('the 1st AD cannot take it from the head', () => {
    expect(rules(facts({ caller: { userId: 'dee', roles: ['first_ad'] } }))).toEqual(['ROLES']);
  });

  it('the producer needs the head gone and a second person, and says so for both', () => {
    expect(rules(facts({ caller: dana }))).toEqual(['ROLES', 'ROLES']);
    expect(rules(facts({ caller: dana, reason: 'ill' }))).toEqual(['ROLES']);
    expect(rules(facts({ caller: dana, headRemoved: true, confirmers: ['dee'] }))).toEqual(['allowed']);
    expect(rules(facts({ caller: dana, reason: 'deceased', confirmers: ['dee'] }))).toEqual(['allowed']);
    expect(secondPerson(facts({ caller: dana, reason: 'quit', confirmers: ['dee'] }))).toBe('dee');
  });

  it('the producer, the former head and the successor are not the second person', () => {
    for (const confirmer of ['dana', 'ada', 'ben']) expect(rules(facts({ caller: dana, reason: 'ill', confirmers: [confirmer] }))).toEqual(['ROLES']);
  });
});

describe('entries', () => {
  it('names every field a kind does not keep and every one it needs', () => {
    expect(fieldProblems('equipment', { series: 'S4/i', roll: 'A001' })).toEqual([
      { path: 'fields.roll', message: 'is not a field of an equipment entry' },
      { path: 'fields.make', message: 'is required' },
    ]);
    expect(fieldProblems('idea', {})).toEqual([]);
  });

  it('a fields edit replaces what it names and null takes a field away', () => {
    expect(mergeFields({ name: 'Ghost Ranch', contact: 'x', terms: 'net 30' }, { contact: null, terms: 'net 15' })).toEqual({ name: 'Ghost Ranch', terms: 'net 15' });
  });

  it('a take carries its setup’s lens and camera, not its take number, circle or time', () => {
    const setup = { roll: 'A012', scene: '42', take: 1, lens: 'Lomo 50', focusM: 12, circled: true, shotAt: '2026-11-22T13:41:00.000Z' };
    expect(inheritSetup(setup, { setupId: 's1', take: 2, focusM: 9.5 })).toEqual({ roll: 'A012', scene: '42', lens: 'Lomo 50', focusM: 9.5, setupId: 's1', take: 2 });
  });

  it('seals a notebook in one order whatever order its rows came in', () => {
    const version = (entryId: string, n: number): VersionContent => ({
      entryId,
      version: n,
      kind: 'idea',
      title: `${entryId} ${n}`,
      body: null,
      fields: {},
      tags: [],
      links: [],
      visibility: 'department',
      removed: false,
      authorId: 'ada',
      at: '2026-11-22T14:00:00.000Z',
    });
    const notebook = { id: 'n1', department: 'Camera' };
    const a = notebookContent(notebook, [version('b', 2), version('a', 1), version('b', 1)], []);
    const b = notebookContent(notebook, [version('b', 1), version('b', 2), version('a', 1)], []);
    expect(a).toEqual(b);
    expect(a.entries.map((e) => [e.entryId, e.versions.map((v) => v.version)])).toEqual([
      ['a', [1]],
      ['b', [1, 2]],
    ]);
  });
});

describe('search words', () => {
  it('folds accents and case, and splits letters from digits', () => {
    expect(words('Lómo Round-Front T2.8, 75mm RF-35-0931')).toEqual(['lomo', 'round', 'front', 't', '2', '8', '75', 'mm', 'rf', '35', '0931']);
  });

  it('takes the last word as the start of a word, in both databases’ syntax', () => {
    expect(searchQuery('Lomo rou')).toEqual({ words: ['lomo', 'rou'], fts5: '"lomo" "rou"*', tsquery: "'lomo' & 'rou':*" });
    expect(searchQuery(`"'); drop table notebooks; --`)).toEqual({ words: ['drop', 'table', 'notebooks'], fts5: '"drop" "table" "notebooks"*', tsquery: "'drop' & 'table' & 'notebooks':*" });
    expect(searchQuery('?! ...')).toBeNull();
  });

  it('indexes fields’ words and tags, not the ids they name', () => {
    const doc = searchDocument({ title: 'Cooke S4', body: null, fields: { make: 'Cooke', focalLengths: [32, 50], vendorEntryId: 'abc-123', sceneIds: ['s1'] }, tags: ['lenses'] });
    expect(doc).toEqual({ title: 'cooke s 4', fields: 'cooke 32 50 lenses', body: '' });
  });
});

describe('attachments', () => {
  it('tells photos and PDFs by their first bytes', () => {
    expect(sniff(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toBe('image/jpeg');
    expect(sniff(Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'))).toBe('image/png');
    expect(sniff(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniff(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1'))).toBe('image/heic');
    expect(sniff(Buffer.from('\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00', 'latin1'))).toBe('image/heif');
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniff(Buffer.from('<svg onload="alert(1)"/>'))).toBeNull();
    expect(sniff(Buffer.from('\x00\x00\x00\x18ftypisom', 'latin1'))).toBeNull();
    expect(sniff(new Uint8Array())).toBeNull();
  });

  it('reads EXIF’s time with its offset, and keeps the wall clock without one', () => {
    expect(exifTime('2026:11:21 16:42:10', '-07:00')).toEqual({ takenAt: '2026-11-21T23:42:10.000Z', takenAtLocal: '2026-11-21T16:42:10' });
    expect(exifTime('2026:11:21 16:42:10', undefined)).toEqual({ takenAt: null, takenAtLocal: '2026-11-21T16:42:10' });
    expect(exifTime('0000:00:00 00:00:00', '+00:00')).toEqual({ takenAt: null, takenAtLocal: null });
    expect(exifTime(undefined, undefined)).toEqual({ takenAt: null, takenAtLocal: null });
  });

  it('takes a place only when it is one', () => {
    expect(exifPlace(35.6869, -105.9378)).toEqual({ latitude: 35.6869, longitude: -105.9378 });
    expect(exifPlace(0, 0)).toBeNull();
    expect(exifPlace(91, 10)).toBeNull();
    expect(exifPlace(undefined, 10)).toBeNull();
  });

  it('keeps a file name without its path or what a header cannot hold', () => {
    expect(cleanFilename('C:\\Users\\ada\\IMG_0042.JPG')).toBe('IMG_0042.JPG');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('a"b\u0000c\ud800.jpg')).toBe('abc.jpg');
    expect(cleanFilename('   ')).toBeNull();
    expect(cleanFilename(`${'🎬'.repeat(300)}`)).toBe('🎬'.repeat(200));
  });
});

describe('camera reports for post', () => {
  it('writes the set’s wall clock as CRIF does', () => {
    expect(crifTimestamp('2026-11-22T13:41:00.000Z', 'America/Denver')).toEqual({ date: '2026-11-22', stamp: '2026/11/22 06:41:00' });
    expect(crifTimestamp('2026-07-01T23:30:05.000Z', 'Europe/Lisbon')).toEqual({ date: '2026-07-02', stamp: '2026/07/02 00:30:05' });
  });

  it('quotes what must be quoted and defuses a spreadsheet formula', () => {
    expect(csvField('Wide, the herd')).toBe('"Wide, the herd"');
    expect(csvField('He said "cut"')).toBe('"He said ""cut"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-3')).toBe('-3');
    expect(csvField('@here')).toBe("'@here");
  });

  it('numbers setups in the order of their first take and gives each take its shoot day', () => {
    const csv = cameraReportCsv(
      [
        { entryId: 's1', title: 'Wide', body: null, fields: { roll: 'A1', scene: '42', take: 1 }, shotAt: '2026-11-23T14:00:00.000Z' },
        { entryId: 't2', title: 'Wide', body: 'NG', fields: { setupId: 's1', roll: 'A1', scene: '42', take: 2 }, shotAt: '2026-11-23T14:05:00.000Z' },
        { entryId: 's2', title: 'Insert', body: null, fields: { roll: 'B1', scene: '43', take: 1, camera: 'B' }, shotAt: '2026-11-23T15:00:00.000Z' },
      ],
      { job: 'Dust Devil', timezone: 'America/Denver', shootDayOn: (date) => (date === '2026-11-23' ? 15 : null) },
    );
    const rows = csv.trimEnd().split('\r\n').map((line) => line.split(','));
    const column = (name: string) => rows.slice(1).map((row) => row[rows[0]!.indexOf(name)]);
    expect(column('Unique Slate ID')).toEqual(['1', '1', '2']);
    expect(column('SlatesUUID')).toEqual(['s1', 's1', 's2']);
    expect(column('Shoot Day')).toEqual(['15', '15', '15']);
    expect(column('Camera Letter')).toEqual(['A', 'A', 'B']);
    expect(column('CRIF Version')).toEqual(['1.1', '1.1', '1.1']);
  });
});
