import { revisionOf } from '../../domain/callsheets/revision.js';
import { composeSections, type Sections, type WalkieChannel } from '../../domain/callsheets/sheet.js';
import type { CallSheetRow } from '../../store/callsheets.js';
import type { Repos } from '../../store/index.js';
import type { Command } from '../command.js';
import { reader, type ServiceDeps } from '../context.js';
import { conflict, notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { sheetFacts } from './facts.js';
import { paperFor, renderPdf } from './pdf.js';
import type { Locale } from '../../i18n/locales.js';

export interface DraftInput {
  notes?: string | null | undefined;
  walkieChannels?: WalkieChannel[] | undefined;
  medicId?: string | null | undefined;
}

/** A version as every answer shows it; `superseded` once a later version of its day is published. */
export function presentSummary(row: CallSheetRow, latestPublished: number | undefined) {
  return {
    id: row.id,
    shootDayId: row.shoot_day_id,
    version: row.version,
    status: row.status,
    revision: { version: row.version, ...revisionOf(row.version) },
    createdAt: row.created_at,
    createdBy: row.created_by,
    notes: row.notes,
    walkieChannels: JSON.parse(row.walkie_channels) as WalkieChannel[],
    medicId: row.medic_id,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    contentHash: row.content_hash,
    superseded: row.status === 'published' && latestPublished !== undefined && latestPublished > row.version,
  };
}

/** A version of the production's; another production's is not found. */
export async function callSheetOf(repos: Repos, productionId: string, callSheetId: string): Promise<CallSheetRow> {
  const row = await repos.callSheets.byId(productionId, callSheetId);
  if (!row) throw notFound('Call sheet not found');
  return row;
}

async function checkMedic(repos: Repos, productionId: string, medicId: string | null | undefined) {
  if (medicId && (await repos.members.whichAre(productionId, [medicId])).size === 0) throw notFound('Member not found');
}

/** A new version of a day's sheet: the next number, a draft until published. One draft per day at a time. */
export const createDraft: Command<DraftInput & { shootDayId: string }, number, object> = {
  name: 'callSheet.draft',
  async facts(tx, act) {
    const { productionId, input } = act;
    if (!(await tx.repos.schedule.shootDay(productionId, input.shootDayId))) throw notFound('Shoot day not found');
    await checkMedic(tx.repos, productionId, input.medicId);
    const versions = await tx.repos.callSheets.ofDay(productionId, input.shootDayId);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) throw conflict(`Version ${draft.version} of this day's call sheet is still a draft: change it or publish it.`);
    return (versions[0]?.version ?? 0) + 1;
  },
  refusalData: (act) => ({ shootDayId: act.input.shootDayId }),
  async apply(tx, version, act) {
    const { productionId, caller, input } = act;
    const row: CallSheetRow = {
      id: newId(),
      production_id: productionId,
      shoot_day_id: input.shootDayId,
      version,
      status: 'draft',
      notes: input.notes ?? null,
      walkie_channels: JSON.stringify(input.walkieChannels ?? []),
      medic_id: input.medicId ?? null,
      created_by: caller.user.id,
      created_at: tx.now.toISOString(),
      published_by: null,
      published_at: null,
      sections: null,
      content_hash: null,
      public_url: null,
      ledger_index: null,
    };
    await tx.repos.callSheets.insert(row);
    const receipt = await tx.ledger.append(productionId, { type: 'callSheet.drafted', actor: { userId: caller.user.id }, data: { callSheetId: row.id, shootDayId: input.shootDayId, version } });
    return { callSheet: presentSummary(row, undefined), receipt };
  },
};

/** Changes a draft's notes, walkie channels or medic. A published version never changes: a change is a new version. */
export const updateDraft: Command<DraftInput & { callSheetId: string }, CallSheetRow, object> = {
  name: 'callSheet.update',
  async facts(tx, act) {
    const row = await callSheetOf(tx.repos, act.productionId, act.input.callSheetId);
    if (row.status !== 'draft') throw conflict(`Version ${row.version} is published and never changes. Start a new version to revise it.`);
    await checkMedic(tx.repos, act.productionId, act.input.medicId);
    return row;
  },
  refusalData: (act) => ({ callSheetId: act.input.callSheetId }),
  async apply(tx, row, act) {
    const { productionId, caller, input } = act;
    const after: CallSheetRow = {
      ...row,
      notes: input.notes !== undefined ? input.notes : row.notes,
      walkie_channels: input.walkieChannels !== undefined ? JSON.stringify(input.walkieChannels) : row.walkie_channels,
      medic_id: input.medicId !== undefined ? input.medicId : row.medic_id,
    };
    if (!(await tx.repos.callSheets.updateDraft(productionId, row.id, { notes: after.notes, walkie_channels: after.walkie_channels, medic_id: after.medic_id }))) {
      throw conflict(`Version ${row.version} was published meanwhile and never changes.`);
    }
    const changed = (['notes', 'walkieChannels', 'medicId'] as const).filter((field) => input[field] !== undefined);
    const receipt = await tx.ledger.append(productionId, {
      type: 'callSheet.updated',
      actor: { userId: caller.user.id },
      data: { callSheetId: row.id, changed: [...changed], notes: after.notes, walkieChannels: JSON.parse(after.walkie_channels) as WalkieChannel[], medicId: after.medic_id },
    });
    return { callSheet: presentSummary(after, undefined), receipt };
  },
};

/** The sections of a version: frozen when published, composed now for a draft (what publishing would freeze). */
export async function sectionsOf(repos: Repos, deps: Pick<ServiceDeps, 'signer'>, row: CallSheetRow, publicUrl: string): Promise<Sections> {
  if (row.sections !== null) return JSON.parse(row.sections) as Sections;
  return composeSections(await sheetFacts(repos, deps.signer, row, publicUrl));
}

export async function getCallSheet(deps: ServiceDeps, productionId: string, callSheetId: string, publicUrl: string) {
  const repos = reader(deps);
  const row = await callSheetOf(repos, productionId, callSheetId);
  const latest = await repos.callSheets.latestPublished(productionId, row.shoot_day_id);
  return { callSheet: { ...presentSummary(row, latest?.version), sections: await sectionsOf(repos, deps, row, publicUrl) } };
}

export async function listCallSheets(deps: ServiceDeps, productionId: string, shootDayId: string) {
  const repos = reader(deps);
  if (!(await repos.schedule.shootDay(productionId, shootDayId))) throw notFound('Shoot day not found');
  const rows = await repos.callSheets.ofDay(productionId, shootDayId);
  const latest = rows.find((row) => row.status === 'published')?.version;
  return { callSheets: rows.map((row) => presentSummary(row, latest)) };
}

/** A version on paper: a draft is marked as one. */
export async function sheetPdf(deps: ServiceDeps, productionId: string, callSheetId: string, publicUrl: string, paper: 'a4' | 'letter' | undefined, locale: Locale) {
  const repos = reader(deps);
  const row = await callSheetOf(repos, productionId, callSheetId);
  const sections = await sectionsOf(repos, deps, row, publicUrl);
  const bytes = await renderPdf(sections, { paper: paper ?? paperFor(sections.production.timezone), productionId, status: row.status, contentHash: row.content_hash, locale });
  return { bytes, filename: `call-sheet-${sections.day.date}-v${row.version}${row.status === 'draft' ? '-draft' : ''}.pdf` };
}
