import { describe, expect, it } from 'vitest';
import type { NotebookPackage } from '../../src/services/notebooks/package.js';
import { renderPackagePdf } from '../../src/services/notebooks/pdf.js';
import { pdfText } from '../support/pdf.js';

/** The least a package holds: one lens on the camera notebook, handed over once. */
const camera = {
  startHere: {
    department: 'Camera',
    preparedAt: '2026-11-22T14:00:00.000Z',
    head: { name: 'Ада Квілл' },
    entries: 1,
    versions: 2,
    attachments: 0,
    contentHash: 'ab'.repeat(32),
    handoffs: [{ fromName: 'Ada Quill', toName: 'Богдан Шевченко', at: '2026-11-21T18:00:00.000Z', contentHash: 'cd'.repeat(32), note: null }],
  },
  upcoming: [],
  looks: [],
  light: [],
  equipment: [{ entry: { title: 'Cooke S4/i 50 mm', fields: { make: 'Cooke', tStops: 'T2', quirks: 'Фокус тугий на морозі' }, body: 'Перевірте фільтр.', attachments: [] }, vendor: { name: 'Ghost Ranch Rentals' } }],
  vendors: [],
  people: [],
  openQuestions: [],
  todos: [],
} as unknown as NotebookPackage;

describe('the notebook package on paper, in the reader’s language', () => {
  it('prints the successor’s package in Ukrainian, the Cyrillic they wrote kept as written', async () => {
    const text = pdfText(await renderPackagePdf(camera, { locale: 'uk' }));
    for (const words of ['Блокнот відділу «Camera»', 'Почніть тут', 'Ада Квілл', '1 запис, 2 версії, 0 вкладень', 'Обладнання (1)', 'Виробник: Cooke', 'Особливості: Фокус тугий на морозі', 'Від: Ghost Ranch Rentals', 'Передано від Ada Quill до Богдан Шевченко', 'ab'.repeat(32)]) {
      expect(text, words).toContain(words);
    }
    expect(text).not.toContain('Start here');
  });

  it('prints it in Spanish with its accents, and in English when no language is given', async () => {
    const spanish = pdfText(await renderPackagePdf(camera, { locale: 'es' }));
    for (const words of ['Cuaderno de Camera', 'Empiece aquí', '1 entrada, 2 versiones, 0 adjuntos', 'Equipo (1)', 'Marca: Cooke']) expect(spanish, words).toContain(words);
    const english = pdfText(await renderPackagePdf(camera));
    for (const words of ['Camera notebook', 'Start here. Prepared 2026-11-22 14:00 UTC for Ада Квілл.', '1 entry, 2 versions, 0 attachments', 'Equipment (1)', 'Make: Cooke']) expect(english, words).toContain(words);
  });
});
