import type { TFunction } from 'i18next';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Sections } from '../../domain/callsheets/sheet.js';
import { localTime } from '../../domain/schedule/calendar.js';
import { translator } from '../../i18n/catalogue.js';
import type { Locale } from '../../i18n/locales.js';
import { setDate } from '../notify/templates.js';
import { BOLD, FONT, MONO, onPaper, useSetbookFonts } from '../paper.js';

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
  /** the reader's language; English when not given */
  locale?: Locale | undefined;
  /** uncompressed content streams, so a test can read the text */
  compress?: boolean;
}

/** Letter in the Americas' zones, A4 elsewhere. */
export const paperFor = (timezone: string): 'a4' | 'letter' => (timezone.startsWith('America/') ? 'letter' : 'a4');

/** "1 3/8" pages from eighths. */
function pages(eighths: number | null): string {
  if (eighths === null) return '';
  const whole = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return [whole > 0 ? String(whole) : '', rest > 0 ? `${rest}/8` : ''].filter(Boolean).join(' ') || '0';
}

export async function renderPdf(sections: Sections, options: PaperOptions): Promise<Buffer> {
  const t = translator(options.locale ?? 'en');
  const doc = new PDFDocument({
    size: options.paper === 'letter' ? 'LETTER' : 'A4',
    margin: 30,
    compress: options.compress ?? true,
    lang: options.locale ?? 'en',
    info: { Title: onPaper(t('pdf.callSheet.title', { production: sections.production.name, date: sections.day.date })), Creator: 'Setbook' },
  });
  useSetbookFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const qr = QRCode.create(sections.safety.stopUrl, { errorCorrectionLevel: 'M' });
  new Sheet(doc, sections, options, qr.modules, t).draw();
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
  private readonly locale: Locale;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly s: Sections,
    private readonly options: PaperOptions,
    private readonly qr: { size: number; get(x: number, y: number): number },
    private readonly t: TFunction,
  ) {
    this.locale = options.locale ?? 'en';
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    this.bottom = doc.page.height - doc.page.margins.bottom;
    this.zone = s.production.timezone;
  }

  draw() {
    this.header();
    this.safety();
    this.locations();
    this.scenes(this.t('pdf.callSheet.scenes'), this.s.scenes);
    this.calls();
    this.radiosAndNotes();
    const advance = this.s.advanceDay;
    if (advance) this.scenes(this.t('pdf.callSheet.advance', { day: advance.number, date: setDate(advance.date, this.locale).toUpperCase() }), this.s.advance);
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
    const { doc, s, t } = this;
    const top = doc.page.margins.top;
    const qrSize = 74;
    const callBoxWidth = 150;
    const right = this.left + this.width;
    doc.font(BOLD).fontSize(18);
    this.text(s.production.name, this.left, top, { width: this.width - callBoxWidth - qrSize - 16 });
    doc.font(FONT).fontSize(10);
    this.text(t('pdf.callSheet.heading', { date: setDate(s.day.date, this.locale), day: s.day.number, days: s.day.of }), this.left, doc.y + 2, { width: this.width - callBoxWidth - qrSize - 16 });
    const colour = this.colour(s.revision.colour);
    const revision =
      this.options.status === 'draft'
        ? t('pdf.callSheet.draft')
        : s.revision.number === 0
          ? t('pdf.callSheet.original', { version: s.revision.version, colour })
          : t('pdf.callSheet.revised', { version: s.revision.version, revision: s.revision.number, colour: colour.toUpperCase() });
    doc.font(BOLD).fontSize(9);
    this.text(revision, this.left, doc.y + 4, { width: this.width - callBoxWidth - qrSize - 16 });
    const textBottom = doc.y;

    // The calls, large: the first thing anyone looks for.
    const boxX = right - qrSize - callBoxWidth - 8;
    doc.rect(boxX, top, callBoxWidth, 70).lineWidth(1.5).stroke();
    doc.font(FONT).fontSize(8);
    this.text(t('pdf.callSheet.generalCall'), boxX + 6, top + 5, { width: callBoxWidth - 12 });
    doc.font(BOLD).fontSize(24);
    this.text(s.calls.general ?? t('pdf.callSheet.tba'), boxX + 6, top + 15, { width: callBoxWidth - 12 });
    doc.font(FONT).fontSize(9);
    this.text(t('pdf.callSheet.shootingCall', { time: s.calls.shooting ?? t('pdf.callSheet.tba') }), boxX + 6, top + 46, { width: callBoxWidth - 12 });
    const you = this.options.you && s.calls.people.find((p) => p.userId === this.options.you!.userId);
    if (you) {
      doc.font(BOLD).fontSize(9);
      this.text(t('pdf.callSheet.yourCall', { time: you.callLocal ?? t('pdf.callSheet.tba') }), boxX + 6, top + 57, { width: callBoxWidth - 12 });
    }

    // The set's stop page: anyone can stop work from it (S1).
    const cell = qrSize / (this.qr.size + 8);
    const qrX = right - qrSize;
    for (let y = 0; y < this.qr.size; y++) {
      for (let x = 0; x < this.qr.size; x++) if (this.qr.get(x, y)) doc.rect(qrX + (x + 4) * cell, top + (y + 4) * cell, cell, cell);
    }
    doc.fill('black');
    doc.font(BOLD).fontSize(6.5);
    this.text(t('pdf.callSheet.scanToStop'), qrX - 4, top + qrSize + 1, { width: qrSize + 8, align: 'center', lineBreak: false });
    doc.y = Math.max(textBottom, top + qrSize + 12) + 4;
  }

  private safety() {
    const { doc, s, t } = this;
    const safety = s.safety;
    this.heading(t('pdf.callSheet.safety'));
    const start = { y: doc.y, page: doc.bufferedPageRange().count };
    const armorer = safety.armorerOnDuty
      ? safety.armorerOnDuty.name
      : safety.armorerMissing
        ? t('pdf.callSheet.noArmorer')
        : t('pdf.callSheet.noFirearmScenes');
    this.line(t('pdf.callSheet.armorer'), armorer);
    this.line(t('pdf.callSheet.medic'), s.medic ? [s.medic.name, s.medic.phone].filter(Boolean).join(', ') : t('pdf.callSheet.noneNamed'));
    for (const location of s.locations) {
      const h = location.hospital;
      this.line(
        s.locations.length > 1 ? t('pdf.callSheet.hospitalAt', { location: location.name }) : t('pdf.callSheet.hospital'),
        h
          ? [h.name, h.address, h.phone, h.driveMinutes !== undefined ? t('pdf.callSheet.drive', { minutes: h.driveMinutes }) : null].filter(Boolean).join(', ')
          : t('pdf.callSheet.noHospital'),
      );
    }
    for (const hazard of safety.hazards) {
      const controls =
        hazard.controls.length > 0 ? hazard.controls.map((c) => `${this.hazard(c.hazard)}: ${c.control}`).join('; ') : t('pdf.callSheet.noControls');
      const status = hazard.assessment === 'current' ? '' : hazard.assessment === 'stale' ? t('pdf.callSheet.assessmentStale') : t('pdf.callSheet.noAssessmentMark');
      this.line(t('pdf.callSheet.scene', { scene: hazard.sceneNumber }), `${this.hazards(hazard.hazards)}${status}. ${controls}`);
    }
    if (safety.hazards.length === 0) this.line(t('pdf.callSheet.hazards'), t('pdf.callSheet.noHazards'));
    for (const meeting of safety.meetings) {
      const done = meeting.recordedAt ? t('pdf.callSheet.recorded', { time: localTime(meeting.recordedAt, this.zone) }) : t('pdf.callSheet.notRecorded');
      this.line(t('pdf.callSheet.ruleScene', { rule: meeting.rule, scene: meeting.sceneNumber }), `${t(`pdf.meeting.${meeting.rule}`)}: ${done}`);
    }
    for (const stale of safety.staleRiskAssessments) this.line(t('pdf.callSheet.staleScene', { scene: stale.sceneNumber }), stale.staleBecause);
    if (safety.missingRiskAssessments.length > 0) this.line(t('pdf.callSheet.noAssessment'), t('pdf.callSheet.sceneList', { scenes: safety.missingRiskAssessments.join(', ') }));
    this.line(t('pdf.callSheet.openConcerns'), t('pdf.callSheet.concernCounts', { ...safety.openConcerns }));
    for (const hold of safety.holds) {
      const kind = t(`pdf.holdKind.${hold.kind}`, { defaultValue: hold.kind.replace(/_/g, ' ') });
      this.line(t('pdf.callSheet.hold'), t('pdf.callSheet.holdSince', { time: localTime(hold.since, this.zone), kind }));
    }
    for (const stop of safety.stops) {
      const time = localTime(stop.raisedAt, this.zone);
      this.line(t('pdf.callSheet.stopped'), stop.location ? t('pdf.callSheet.stoppedAt', { time, location: stop.location }) : t('pdf.callSheet.stoppedSince', { time }));
    }
    this.line(t('pdf.callSheet.stopWork'), t('pdf.callSheet.anyoneMayStop', { url: safety.stopUrl }));
    if (doc.bufferedPageRange().count === start.page) {
      doc.rect(this.left - 4, start.y - 3, this.width + 8, doc.y - start.y + 4).lineWidth(1.5).stroke();
    }
    doc.y += 4;
  }

  private locations() {
    const { t } = this;
    if (this.s.locations.length === 0) return;
    this.heading(t('pdf.callSheet.locationsAndLight'));
    for (const location of this.s.locations) {
      this.line(location.name, [location.address, location.mapUrl].filter(Boolean).join('  -  '));
      if (location.parking) this.line(t('pdf.callSheet.parking'), location.parking);
      if (location.notes) this.line(t('pdf.callSheet.notes'), location.notes);
      const light = location.light;
      const at = (instant: string | null) => (instant ? localTime(instant, light.timezone) : '-');
      const span = (p: { start: string | null; end: string | null }) => (p.start && p.end ? `${at(p.start)}-${at(p.end)}` : '-');
      this.line(
        t('pdf.callSheet.light'),
        [
          t('pdf.callSheet.sunrise', { time: at(light.sunrise) }),
          t('pdf.callSheet.sunset', { time: at(light.sunset) }),
          t('pdf.callSheet.golden', { morning: span(light.goldenHour.morning), evening: span(light.goldenHour.evening) }),
          t('pdf.callSheet.blue', { morning: span(light.blueHour.morning), evening: span(light.blueHour.evening) }),
          ...light.remarks,
        ].join('  -  '),
      );
      for (const target of light.targets) {
        const windows = target.windows.map((w) => `${at(w.start)}-${at(w.end)}`).join(', ') || t('pdf.callSheet.noSun');
        this.line(
          t('pdf.callSheet.target', { name: target.name }),
          target.suggestedCall ? t('pdf.callSheet.windowsCallBy', { windows, time: target.suggestedCall }) : windows,
        );
      }
    }
  }

  private scenes(title: string, scenes: Sections['scenes']) {
    const { t } = this;
    this.heading(title);
    if (scenes.length === 0) {
      this.line(t('pdf.callSheet.scenesLabel'), t('pdf.callSheet.noScenes'));
      return;
    }
    this.table(
      [
        { title: t('pdf.callSheet.column.scene'), width: 5, bold: true },
        { title: t('pdf.callSheet.column.intExt'), width: 6 },
        { title: t('pdf.callSheet.column.dayNight'), width: 6 },
        { title: t('pdf.callSheet.column.description'), width: 36 },
        { title: t('pdf.callSheet.column.pages'), width: 6 },
        { title: t('pdf.callSheet.column.cast'), width: 21 },
        { title: t('pdf.callSheet.column.hazards'), width: 20, bold: true },
      ],
      scenes.map((scene) => [
        scene.number,
        scene.intExt ?? '',
        scene.timeOfDay ?? '',
        [scene.description, scene.location].filter(Boolean).join(' - '),
        pages(scene.eighths),
        scene.cast.map((c) => c.name).join(', '),
        this.hazards(scene.hazards),
      ]),
    );
  }

  /** Everyone's call by department, in four columns, balanced so what follows starts under them. */
  private calls() {
    const { doc, s, t } = this;
    this.heading(t('pdf.callSheet.calls', { count: s.calls.people.length }));
    const lines: Array<{ text: string; bold: boolean }> = [];
    let department = '';
    for (const person of s.calls.people) {
      if (person.department !== department) {
        department = person.department;
        lines.push({ text: department.toUpperCase(), bold: true });
      }
      const mine = this.options.you?.userId === person.userId;
      lines.push({ text: `${mine ? '» ' : ''}${person.callLocal ?? t('pdf.callSheet.tba')}  ${person.name}`, bold: mine });
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
    const { s, t } = this;
    if (s.walkieChannels.length === 0 && !s.notes) return;
    this.heading(t('pdf.callSheet.radiosAndNotes'));
    if (s.walkieChannels.length > 0) this.line(t('pdf.callSheet.walkies'), s.walkieChannels.map((w) => `${w.channel}: ${w.use}`).join('  -  '));
    if (s.notes) this.line(t('pdf.callSheet.notes'), s.notes);
  }

  /** Paper pins the log: an export that verifies against this line was not rewritten after it was printed. */
  private ledger() {
    const { doc, s, t } = this;
    const ledger = s.safety.ledger;
    this.heading(t('pdf.callSheet.ledger'));
    this.line(t('pdf.callSheet.checkpoint'), t('pdf.callSheet.checkpointIs', { count: ledger.treeSize, root: ledger.rootHash, key: ledger.keyHash }));
    // The command as a shell reads it, split before --checkpoint so each half prints whole on one line.
    const [command, pin] = ledger.verify.split(' --checkpoint ');
    doc.font(MONO).fontSize(8);
    this.fits(40);
    this.text(`${command} \\`, this.left, doc.y, { width: this.width, lineBreak: false });
    this.text(`--checkpoint ${pin}`, this.left + 20, doc.y, { width: this.width - 20, lineBreak: false });
    doc.y += 2;
    this.line(
      t('pdf.callSheet.thisVersion'),
      this.options.status === 'published' && this.options.contentHash
        ? t('pdf.callSheet.contentHash', { hash: this.options.contentHash, production: this.options.productionId })
        : t('pdf.callSheet.draftUnpinned'),
      7.5,
    );
  }

  private colour(colour: string): string {
    return this.t(`pdf.colour.${colour}`, { defaultValue: colour });
  }

  private hazard(hazard: string): string {
    return this.t(`pdf.hazard.${hazard}`, { defaultValue: hazard });
  }

  /** A scene's hazards in capitals: they are what the crew must see. */
  private hazards(hazards: readonly string[]): string {
    return hazards.map((h) => this.hazard(h)).join(', ').toUpperCase();
  }
}
