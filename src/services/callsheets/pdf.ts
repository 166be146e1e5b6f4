import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Sections } from '../../domain/callsheets/sheet.js';
import { localTime } from '../../domain/schedule/calendar.js';
import { setDate } from '../notify/templates.js';

/**
 * A call sheet on paper, made on the server without a browser (pdfkit): one
 * or two pages that read in black and white. The safety section comes first
 * and boxed, the QR code opens the set's stop page, and the ledger checkpoint
 * is printed in the form `setbook verify --checkpoint` takes.
 */
export interface PaperOptions {
  paper: 'a4' | 'letter';
  productionId: string;
  status: 'draft' | 'published';
  contentHash: string | null;
  /** the recipient whose copy this is: their call is picked out */
  you?: { userId: string } | undefined;
  /** uncompressed content streams, so a test can read the text */
  compress?: boolean;
}

/** Letter in the Americas' zones, A4 elsewhere. */
export const paperFor = (timezone: string): 'a4' | 'letter' => (timezone.startsWith('America/') ? 'letter' : 'a4');

// The standard PDF fonts know Windows-1252 only: other letters lose their accents, or become "?".
const WIN_ANSI_EXTRA = new Set([402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249, 8250, 710, 8482, 338, 339, 732, 352, 353, 376, 381, 382]);
const printable = (code: number) => (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);

/** Text as the printer's fonts can set it. */
export function onPaper(text: string): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    const code = char.codePointAt(0)!;
    if (printable(code)) {
      out += char;
      continue;
    }
    const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...plain].every((c) => printable(c.codePointAt(0)!)) && plain !== '' ? plain : '?';
  }
  return out;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';

/** "1 3/8" pages from eighths. */
function pages(eighths: number | null): string {
  if (eighths === null) return '';
  const whole = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return [whole > 0 ? String(whole) : '', rest > 0 ? `${rest}/8` : ''].filter(Boolean).join(' ') || '0';
}

export async function renderPdf(sections: Sections, options: PaperOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: options.paper === 'letter' ? 'LETTER' : 'A4',
    margin: 30,
    compress: options.compress ?? true,
    info: { Title: onPaper(`${sections.production.name} call sheet, ${sections.day.date}`), Creator: 'Setbook' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const qr = QRCode.create(sections.safety.stopUrl, { errorCorrectionLevel: 'M' });
  new Sheet(doc, sections, options, qr.modules).draw();
  doc.end();
  return done;
}

interface Column {
  title: string;
  width: number;
  bold?: boolean;
}

/** The sheet's layout, top to bottom; a new page when a block does not fit. */
class Sheet {
  private readonly left: number;
  private readonly width: number;
  private readonly bottom: number;
  private readonly zone: string;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly s: Sections,
    private readonly options: PaperOptions,
    private readonly qr: { size: number; get(x: number, y: number): number },
  ) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    this.bottom = doc.page.height - doc.page.margins.bottom;
    this.zone = s.production.timezone;
  }

  draw() {
    this.header();
    this.safety();
    this.locations();
    this.scenes('SCENES', this.s.scenes);
    this.calls();
    this.radiosAndNotes();
    if (this.s.advanceDay) this.scenes(`ADVANCE SCHEDULE: DAY ${this.s.advanceDay.number}, ${setDate(this.s.advanceDay.date).toUpperCase()}`, this.s.advance);
    this.ledger();
  }

  private text(value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) {
    this.doc.text(onPaper(value), x, y, { lineBreak: true, ...options });
  }

  private fits(height: number) {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.y = this.doc.page.margins.top;
    }
  }

  private heading(title: string) {
    this.fits(40);
    const { doc } = this;
    doc.moveDown(0.4);
    const y = doc.y;
    doc.font(BOLD).fontSize(9.5);
    this.text(title, this.left, y);
    doc.moveTo(this.left, doc.y).lineTo(this.left + this.width, doc.y).lineWidth(0.8).stroke();
    doc.y += 3;
  }

  /** A label and its words on one line, the words wrapping under themselves. */
  private line(label: string, value: string, size = 8.5) {
    const { doc } = this;
    doc.font(FONT).fontSize(size);
    const labelWidth = 92;
    const valueHeight = doc.heightOfString(onPaper(value), { width: this.width - labelWidth });
    doc.font(BOLD);
    const height = Math.max(valueHeight, doc.heightOfString(onPaper(label), { width: labelWidth - 4 }), size + 2);
    doc.font(FONT);
    this.fits(height);
    const y = doc.y;
    doc.font(BOLD);
    this.text(label, this.left, y, { width: labelWidth - 4 });
    doc.font(FONT);
    this.text(value, this.left + labelWidth, y, { width: this.width - labelWidth });
    doc.y = y + height + 1.5;
  }

  private table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, size = 8) {
    const { doc } = this;
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const drawRow = (cells: readonly string[], head: boolean) => {
      doc.fontSize(size);
      const heights = cells.map((cell, i) => {
        doc.font(head || columns[i]!.bold ? BOLD : FONT);
        return doc.heightOfString(onPaper(cell || ' '), { width: widths[i]! - 4 });
      });
      const height = Math.max(...heights) + 2;
      this.fits(height + (head ? size * 2 : 0));
      const y = doc.y;
      let x = this.left;
      cells.forEach((cell, i) => {
        doc.font(head || columns[i]!.bold ? BOLD : FONT);
        this.text(cell, x, y, { width: widths[i]! - 4 });
        x += widths[i]!;
      });
      doc.y = y + height;
      doc.moveTo(this.left, doc.y).lineTo(this.left + this.width, doc.y).lineWidth(head ? 0.6 : 0.2).stroke();
      doc.y += 1.5;
    };
    drawRow(columns.map((c) => c.title), true);
    for (const row of rows) drawRow(row, false);
  }

  private header() {
    const { doc, s } = this;
    const top = doc.page.margins.top;
    const qrSize = 74;
    const callBoxWidth = 150;
    const right = this.left + this.width;
    doc.font(BOLD).fontSize(18);
    this.text(s.production.name, this.left, top, { width: this.width - callBoxWidth - qrSize - 16 });
    doc.font(FONT).fontSize(10);
    this.text(`CALL SHEET  ${setDate(s.day.date)}  -  DAY ${s.day.number} OF ${s.day.of}`, this.left, doc.y + 2, { width: this.width - callBoxWidth - qrSize - 16 });
    const revision =
      this.options.status === 'draft'
        ? 'DRAFT - NOT PUBLISHED: do not work from this copy'
        : s.revision.number === 0
          ? `Version ${s.revision.version} (original, ${s.revision.colour} pages)`
          : `Version ${s.revision.version}: REVISION ${s.revision.number}, ${s.revision.colour.toUpperCase()} PAGES - replaces earlier versions`;
    doc.font(BOLD).fontSize(9);
    this.text(revision, this.left, doc.y + 4, { width: this.width - callBoxWidth - qrSize - 16 });
    const textBottom = doc.y;

    // The calls, large: the first thing anyone looks for.
    const boxX = right - qrSize - callBoxWidth - 8;
    doc.rect(boxX, top, callBoxWidth, 70).lineWidth(1.5).stroke();
    doc.font(FONT).fontSize(8);
    this.text('GENERAL CALL', boxX + 6, top + 5, { width: callBoxWidth - 12 });
    doc.font(BOLD).fontSize(24);
    this.text(s.calls.general ?? 'TBA', boxX + 6, top + 15, { width: callBoxWidth - 12 });
    doc.font(FONT).fontSize(9);
    this.text(`Shooting call ${s.calls.shooting ?? 'TBA'}`, boxX + 6, top + 46, { width: callBoxWidth - 12 });
    const you = this.options.you && s.calls.people.find((p) => p.userId === this.options.you!.userId);
    if (you) {
      doc.font(BOLD).fontSize(9);
      this.text(`Your call ${you.callLocal ?? 'TBA'}`, boxX + 6, top + 57, { width: callBoxWidth - 12 });
    }

    // The set's stop page: anyone can stop work from it (S1).
    const cell = qrSize / (this.qr.size + 8);
    const qrX = right - qrSize;
    for (let y = 0; y < this.qr.size; y++) {
      for (let x = 0; x < this.qr.size; x++) if (this.qr.get(x, y)) doc.rect(qrX + (x + 4) * cell, top + (y + 4) * cell, cell, cell);
    }
    doc.fill('black');
    doc.font(BOLD).fontSize(6.5);
    this.text('SCAN TO STOP WORK', qrX - 4, top + qrSize + 1, { width: qrSize + 8, align: 'center', lineBreak: false });
    doc.y = Math.max(textBottom, top + qrSize + 12) + 4;
  }

  private safety() {
    const { doc, s } = this;
    const safety = s.safety;
    this.heading('SAFETY (S4) - everyone reads this and acknowledges it with their link');
    const start = { y: doc.y, page: doc.bufferedPageRange().count };
    const armorer = safety.armorerOnDuty
      ? safety.armorerOnDuty.name
      : safety.armorerMissing
        ? 'NONE ROSTERED - firearm scenes cannot go ahead without one (F1)'
        : 'No firearm scenes today';
    this.line('Armorer on duty', armorer);
    this.line('Medic', s.medic ? [s.medic.name, s.medic.phone].filter(Boolean).join(', ') : 'None named');
    for (const location of s.locations) {
      const h = location.hospital;
      this.line(
        s.locations.length > 1 ? `Hospital (${location.name})` : 'Nearest hospital',
        h ? [h.name, h.address, h.phone, h.driveMinutes !== undefined ? `${h.driveMinutes} min drive` : null].filter(Boolean).join(', ') : 'Not on record: ask the 1st AD',
      );
    }
    for (const hazard of safety.hazards) {
      const controls = hazard.controls.length > 0 ? hazard.controls.map((c) => `${c.hazard}: ${c.control}`).join('; ') : 'no controls on record';
      const status = hazard.assessment === 'current' ? '' : hazard.assessment === 'stale' ? ' [ASSESSMENT STALE - review before shooting]' : ' [NO RISK ASSESSMENT]';
      this.line(`Sc ${hazard.sceneNumber}`, `${hazard.hazards.join(', ').toUpperCase()}${status}. ${controls}`);
    }
    if (safety.hazards.length === 0) this.line('Hazards', 'None listed for the day’s scenes');
    for (const meeting of safety.meetings) {
      this.line(`${meeting.rule} Sc ${meeting.sceneNumber}`, `${meeting.what}: ${meeting.recordedAt ? `recorded ${localTime(meeting.recordedAt, this.zone)}` : 'NOT YET RECORDED - required before the scene'}`);
    }
    for (const stale of safety.staleRiskAssessments) this.line(`Stale (S5) Sc ${stale.sceneNumber}`, stale.staleBecause);
    if (safety.missingRiskAssessments.length > 0) this.line('No assessment', `Scenes ${safety.missingRiskAssessments.join(', ')}`);
    const c = safety.openConcerns;
    this.line('Open concerns', `critical ${c.critical}  -  high ${c.high}  -  medium ${c.medium}  -  low ${c.low}`);
    for (const hold of safety.holds) this.line('FIREARMS HOLD', `since ${localTime(hold.since, this.zone)} (${hold.kind.replace(/_/g, ' ')}): no hand-off until lifted (F11)`);
    for (const stop of safety.stops) this.line('WORK STOPPED', `since ${localTime(stop.raisedAt, this.zone)}${stop.location ? ` at ${stop.location}` : ''}: nothing resumes until the safety advisor lifts it (S1)`);
    this.line('Stop work', `Anyone may stop work at any time: ${safety.stopUrl}`);
    if (doc.bufferedPageRange().count === start.page) {
      doc.rect(this.left - 4, start.y - 3, this.width + 8, doc.y - start.y + 4).lineWidth(1.5).stroke();
    }
    doc.y += 4;
  }

  private locations() {
    if (this.s.locations.length === 0) return;
    this.heading('LOCATIONS AND LIGHT');
    for (const location of this.s.locations) {
      this.line(location.name, [location.address, location.mapUrl].filter(Boolean).join('  -  '));
      if (location.parking) this.line('Parking', location.parking);
      if (location.notes) this.line('Notes', location.notes);
      const light = location.light;
      const at = (instant: string | null) => (instant ? localTime(instant, light.timezone) : '-');
      const span = (p: { start: string | null; end: string | null }) => (p.start && p.end ? `${at(p.start)}-${at(p.end)}` : '-');
      this.line(
        'Light',
        [
          `sunrise ${at(light.sunrise)}`,
          `sunset ${at(light.sunset)}`,
          `golden ${span(light.goldenHour.morning)} / ${span(light.goldenHour.evening)}`,
          `blue ${span(light.blueHour.morning)} / ${span(light.blueHour.evening)}`,
          ...light.remarks,
        ].join('  -  '),
      );
      for (const target of light.targets) {
        const windows = target.windows.map((w) => `${at(w.start)}-${at(w.end)}`).join(', ') || 'the sun does not reach it today';
        this.line(`Target: ${target.name}`, `${windows}${target.suggestedCall ? ` (call by ${target.suggestedCall})` : ''}`);
      }
    }
  }

  private scenes(title: string, scenes: Sections['scenes']) {
    this.heading(title);
    if (scenes.length === 0) {
      this.line('Scenes', 'None scheduled');
      return;
    }
    this.table(
      [
        { title: 'Sc', width: 5, bold: true },
        { title: 'I/E', width: 6 },
        { title: 'D/N', width: 6 },
        { title: 'Description', width: 36 },
        { title: 'Pgs', width: 6 },
        { title: 'Cast', width: 21 },
        { title: 'Hazards', width: 20, bold: true },
      ],
      scenes.map((scene) => [
        scene.number,
        scene.intExt ?? '',
        scene.timeOfDay ?? '',
        [scene.description, scene.location].filter(Boolean).join(' - '),
        pages(scene.eighths),
        scene.cast.map((c) => c.name).join(', '),
        scene.hazards.join(', ').toUpperCase(),
      ]),
    );
  }

  /** Everyone's call by department, in four columns, balanced so what follows starts under them. */
  private calls() {
    const { doc, s } = this;
    this.heading(`CALLS (${s.calls.people.length} people)`);
    const lines: Array<{ text: string; bold: boolean }> = [];
    let department = '';
    for (const person of s.calls.people) {
      if (person.department !== department) {
        department = person.department;
        lines.push({ text: department.toUpperCase(), bold: true });
      }
      const mine = this.options.you?.userId === person.userId;
      lines.push({ text: `${mine ? '» ' : ''}${person.callLocal ?? 'TBA'}  ${person.name}`, bold: mine });
    }
    const size = 7.5;
    const lineHeight = size + 2.2;
    const columns = 4;
    const columnWidth = this.width / columns;
    let index = 0;
    while (index < lines.length) {
      this.fits(lineHeight * 4);
      const room = Math.max(1, Math.floor((this.bottom - doc.y) / lineHeight));
      const perColumn = Math.min(room, Math.ceil((lines.length - index) / columns));
      const top = doc.y;
      let tallest = 0;
      for (let column = 0; column < columns && index < lines.length; column++) {
        // A department's name never ends a column without its first person under it.
        const take = lines[index + perColumn - 1]?.bold && index + perColumn < lines.length ? perColumn - 1 : perColumn;
        const slice = lines.slice(index, index + Math.max(1, take));
        slice.forEach((line, row) => {
          doc.font(line.bold ? BOLD : FONT).fontSize(size);
          this.text(line.text, this.left + column * columnWidth, top + row * lineHeight, { width: columnWidth - 6, lineBreak: false, ellipsis: true });
        });
        tallest = Math.max(tallest, slice.length);
        index += slice.length;
      }
      doc.y = top + tallest * lineHeight + 2;
      if (index < lines.length) {
        doc.addPage();
        doc.y = doc.page.margins.top;
      }
    }
  }

  private radiosAndNotes() {
    const { s } = this;
    if (s.walkieChannels.length === 0 && !s.notes) return;
    this.heading('RADIOS AND NOTES');
    if (s.walkieChannels.length > 0) this.line('Walkie channels', s.walkieChannels.map((w) => `${w.channel}: ${w.use}`).join('  -  '));
    if (s.notes) this.line('Notes', s.notes);
  }

  /** Paper pins the log: an export that verifies against this line was not rewritten after it was printed. */
  private ledger() {
    const { doc, s } = this;
    const ledger = s.safety.ledger;
    this.heading('LEDGER CHECKPOINT - paper pins the log');
    this.line('Checkpoint', `${ledger.treeSize} entries, root ${ledger.rootHash}, key hash ${ledger.keyHash}`);
    // The command as a shell reads it, split before --checkpoint so each half prints whole on one line.
    const [command, pin] = ledger.verify.split(' --checkpoint ');
    doc.font(MONO).fontSize(8);
    this.fits(40);
    this.text(`${command} \\`, this.left, doc.y, { width: this.width, lineBreak: false });
    this.text(`--checkpoint ${pin}`, this.left + 20, doc.y, { width: this.width - 20, lineBreak: false });
    doc.y += 2;
    this.line(
      'This version',
      this.options.status === 'published' && this.options.contentHash
        ? `content hash ${this.options.contentHash} (SHA-256 of its RFC 8785 JSON); production ${this.options.productionId}`
        : 'a draft: not published, so nothing pins it',
      7.5,
    );
  }
}
