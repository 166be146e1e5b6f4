import PDFDocument from 'pdfkit';
import { translator } from '../../i18n/catalogue.js';
import type { Locale } from '../../i18n/locales.js';
import { BOLD, FONT, MONO, onPaper, useSetbookFonts } from '../paper.js';
import type { EntryView } from './entries.js';
import type { NotebookPackage } from './package.js';

/** The entry fields printed, in this order; their labels are in the pdf catalogue. */
const FIELDS = [
  'make',
  'series',
  'focalLengths',
  'tStops',
  'mount',
  'serials',
  'quirks',
  'provenance',
  'name',
  'contact',
  'carries',
  'terms',
  'role',
  'dayRate',
  'weekRate',
  'kitRate',
  'currency',
  'recommendedBy',
  'recommendation',
  'availability',
];

const valueText = (value: unknown): string => (Array.isArray(value) ? value.map(valueText).join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/** The package on paper: what a successor reads first, section by section, with the content hash to compare. */
export async function renderPackagePdf(pkg: NotebookPackage, options: { compress?: boolean; locale?: Locale | undefined } = {}): Promise<Buffer> {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    compress: options.compress ?? true,
    lang: locale,
    info: { Title: onPaper(t('pdf.notebook.title', { department: pkg.startHere.department })), Creator: 'Setbook' },
  });
  useSetbookFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 80;
  // Paragraphs as written: the printer's text keeps no line breaks of its own.
  const write = (text: string, font = FONT, size = 9.5, indent = 0) => {
    for (const paragraph of text.split(/\r?\n/)) doc.font(font).fontSize(size).text(onPaper(paragraph) || ' ', 40 + indent, undefined, { width: width - indent });
  };
  const heading = (title: string, count: number) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8);
    write(t('pdf.notebook.section', { title, n: count }), BOLD, 12);
    doc.moveTo(40, doc.y + 1).lineTo(40 + width, doc.y + 1).lineWidth(0.6).stroke();
    doc.moveDown(0.4);
  };
  const entry = (view: EntryView, extra: string[] = []) => {
    if (doc.y > doc.page.height - 80) doc.addPage();
    write(view.title, BOLD, 10);
    const fields = Object.entries(view.fields)
      .filter(([key]) => FIELDS.includes(key))
      .map(([key, value]) => `${t(`pdf.field.${key}`)}: ${valueText(value)}`);
    for (const line of [...extra, ...fields]) write(line, FONT, 9, 10);
    if (view.body) write(view.body, FONT, 9, 10);
    if (view.attachments.length > 0) write(t('pdf.notebook.attachments', { count: view.attachments.length }), FONT, 8, 10);
    doc.moveDown(0.3);
  };

  const s = pkg.startHere;
  write(t('pdf.notebook.heading', { department: s.department }), BOLD, 20);
  write(t('pdf.notebook.prepared', { at: s.preparedAt.slice(0, 16).replace('T', ' '), head: s.head.name }), FONT, 10);
  doc.moveDown(0.5);
  write(
    t('pdf.notebook.summary', {
      entries: t('pdf.notebook.entries', { count: s.entries }),
      versions: t('pdf.notebook.versions', { count: s.versions }),
      attachments: t('pdf.notebook.attachmentCount', { count: s.attachments }),
    }),
  );
  write(t('pdf.notebook.contentHash'), BOLD, 9);
  write(s.contentHash, MONO, 9);
  for (const h of s.handoffs) {
    doc.moveDown(0.3);
    write(t('pdf.notebook.handed', { from: h.fromName, to: h.toName, date: h.at.slice(0, 10), hash: h.contentHash }), FONT, 9);
    if (h.note) write(h.note, FONT, 9, 10);
  }

  heading(t('pdf.notebook.upcoming'), pkg.upcoming.length);
  for (const day of pkg.upcoming) {
    const scenes = day.scenes.map((scene) => `${scene.number} ${scene.description}`).join('; ') || t('pdf.notebook.noScenes');
    const places = day.locations.map((l) => l.name).join(', ');
    write(places ? t('pdf.notebook.dayAt', { date: day.date, places, scenes }) : t('pdf.notebook.day', { date: day.date, scenes }), FONT, 9.5);
  }
  heading(t('pdf.notebook.looks'), pkg.looks.length);
  for (const look of pkg.looks) {
    const scenes = look.sceneNumbers.join(', ') || t('pdf.notebook.noneNamed');
    entry(look.entry, [look.upcoming ? t('pdf.notebook.scenesComing', { scenes }) : t('pdf.notebook.scenes', { scenes })]);
  }
  heading(t('pdf.notebook.light'), pkg.light.length);
  for (const plan of pkg.light) {
    const windows = plan.days.flatMap((day) =>
      day.targets.map((target) => {
        const spans = target.windows.map((w) => `${w.start.slice(11, 16)}-${w.end.slice(11, 16)} UTC`).join(', ') || t('pdf.notebook.noWindow');
        return `${day.date} ${target.name}: ${spans}`;
      }),
    );
    entry(plan.entry, [t('pdf.notebook.location', { location: plan.location?.name ?? t('pdf.notebook.noneNamed') }), ...windows]);
  }
  heading(t('pdf.notebook.equipment'), pkg.equipment.length);
  for (const item of pkg.equipment) entry(item.entry, item.vendor ? [t('pdf.notebook.from', { vendor: item.vendor.name })] : []);
  heading(t('pdf.notebook.vendors'), pkg.vendors.length);
  for (const vendor of pkg.vendors) entry(vendor.entry, vendor.openOrders.map((order) => t('pdf.notebook.onOrder', { title: order.title })));
  heading(t('pdf.notebook.people'), pkg.people.length);
  for (const person of pkg.people) entry(person);
  heading(t('pdf.notebook.openQuestions'), pkg.openQuestions.length);
  for (const question of pkg.openQuestions) entry(question);
  heading(t('pdf.notebook.todo'), pkg.todos.length);
  for (const todo of pkg.todos) entry(todo);
  doc.end();
  return done;
}
