import PDFDocument from 'pdfkit';
import { onPaper } from '../callsheets/pdf.js';
import type { EntryView } from './entries.js';
import type { NotebookPackage } from './package.js';

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';

const FIELD_LABELS: Record<string, string> = {
  make: 'Make',
  series: 'Series',
  focalLengths: 'Focal lengths (mm)',
  tStops: 'T-stops',
  mount: 'Mount',
  serials: 'Serials',
  quirks: 'Quirks',
  provenance: 'Provenance',
  name: 'Name',
  contact: 'Contact',
  carries: 'Carries',
  terms: 'Terms',
  role: 'Role',
  dayRate: 'Day rate',
  weekRate: 'Week rate',
  kitRate: 'Kit rate',
  currency: 'Currency',
  recommendedBy: 'Recommended by',
  recommendation: 'What they said',
  availability: 'Availability',
};

const valueText = (value: unknown): string => (Array.isArray(value) ? value.map(valueText).join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/** The package on paper: what a successor reads first, section by section, with the content hash to compare. */
export async function renderPackagePdf(pkg: NotebookPackage, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, compress: options.compress ?? true, info: { Title: onPaper(`${pkg.startHere.department} notebook: start here`), Creator: 'Setbook' } });
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
    write(`${title} (${count})`, BOLD, 12);
    doc.moveTo(40, doc.y + 1).lineTo(40 + width, doc.y + 1).lineWidth(0.6).stroke();
    doc.moveDown(0.4);
  };
  const entry = (view: EntryView, extra: string[] = []) => {
    if (doc.y > doc.page.height - 80) doc.addPage();
    write(view.title, BOLD, 10);
    const fields = Object.entries(view.fields)
      .filter(([key]) => key in FIELD_LABELS)
      .map(([key, value]) => `${FIELD_LABELS[key]}: ${valueText(value)}`);
    for (const line of [...extra, ...fields]) write(line, FONT, 9, 10);
    if (view.body) write(view.body, FONT, 9, 10);
    if (view.attachments.length > 0) write(`${view.attachments.length} attachment(s) in the zip, under their SHA-256`, FONT, 8, 10);
    doc.moveDown(0.3);
  };

  const s = pkg.startHere;
  write(`${s.department} notebook`, BOLD, 20);
  write(`Start here. Prepared ${s.preparedAt.slice(0, 16).replace('T', ' ')} UTC for ${s.head.name}.`, FONT, 10);
  doc.moveDown(0.5);
  write(`${s.entries} entries, ${s.versions} versions, ${s.attachments} attachments. Every entry with its history is in the zip (content.json).`);
  write('Content hash (SHA-256 of content.json, canonical JSON):', BOLD, 9);
  write(s.contentHash, MONO, 9);
  for (const h of s.handoffs) {
    doc.moveDown(0.3);
    write(`Handed from ${h.fromName} to ${h.toName} on ${h.at.slice(0, 10)}; sealed ${h.contentHash}`, FONT, 9);
    if (h.note) write(h.note, FONT, 9, 10);
  }

  heading('Upcoming days', pkg.upcoming.length);
  for (const day of pkg.upcoming) {
    const scenes = day.scenes.map((scene) => `${scene.number} ${scene.description}`).join('; ');
    write(`${day.date}${day.locations.length ? ` at ${day.locations.map((l) => l.name).join(', ')}` : ''}: ${scenes || 'no scenes yet'}`, FONT, 9.5);
  }
  heading('Looks', pkg.looks.length);
  for (const look of pkg.looks) entry(look.entry, [`Scenes: ${look.sceneNumbers.join(', ') || 'none named'}${look.upcoming ? ' (coming up)' : ''}`]);
  heading('Light', pkg.light.length);
  for (const plan of pkg.light) {
    const windows = plan.days.flatMap((day) =>
      day.targets.map((t) => `${day.date} ${t.name}: ${t.windows.map((w) => `${w.start.slice(11, 16)}-${w.end.slice(11, 16)} UTC`).join(', ') || 'no window'}`),
    );
    entry(plan.entry, [`Location: ${plan.location?.name ?? 'none named'}`, ...windows]);
  }
  heading('Equipment', pkg.equipment.length);
  for (const item of pkg.equipment) entry(item.entry, item.vendor ? [`From: ${item.vendor.name}`] : []);
  heading('Vendors and dealers', pkg.vendors.length);
  for (const vendor of pkg.vendors) entry(vendor.entry, vendor.openOrders.map((order) => `On order: ${order.title}`));
  heading('People', pkg.people.length);
  for (const person of pkg.people) entry(person);
  heading('Open questions', pkg.openQuestions.length);
  for (const question of pkg.openQuestions) entry(question);
  heading('To do', pkg.todos.length);
  for (const todo of pkg.todos) entry(todo);
  doc.end();
  return done;
}
