import { mayOpenNotebook, standing, type NotebookFacts, type Standing } from '../../domain/notebooks/access.js';
import { departmentKey } from '../../domain/notebooks/entries.js';
import type { Repos } from '../../store/index.js';
import type { NotebookRow } from '../../store/notebooks.js';
import { reader, uniquely, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { forbidden, notFound } from '../problem.js';
import { newId } from '../secrets.js';

/** A notebook someone may open, with their place in it. */
export interface OpenNotebook {
  row: NotebookRow;
  facts: NotebookFacts;
  standing: Exclude<Standing, 'none'>;
}

const NOT_FOUND = 'Notebook not found';

/** The notebook's policy facts: its head, department, the people let in, and its former heads. */
async function notebookFacts(repos: Repos, row: NotebookRow): Promise<NotebookFacts> {
  const members = (await repos.notebooks.members([row.id])).get(row.id)!;
  const formerHeads = (await repos.notebooks.formerHeads([row.id])).get(row.id)!;
  return { headId: row.head_id, departmentKey: row.department_key, members, formerHeads };
}

/** Where a person stands with a notebook; none (the notebook is not found) when it is not theirs to open. */
export async function standingIn(repos: Repos, productionId: string, notebookId: string, userId: string): Promise<{ row: NotebookRow; facts: NotebookFacts; standing: Standing } | null> {
  const row = await repos.notebooks.notebook(productionId, notebookId);
  if (!row) return null;
  const facts = await notebookFacts(repos, row);
  const department = (await repos.notebooks.departmentOf(productionId, userId)) ?? null;
  return { row, facts, standing: standing(facts, { userId, department }) };
}

/** The notebook for someone who may open it; to anyone else, the producer included, it does not exist (404). */
export async function openNotebook(repos: Repos, productionId: string, notebookId: string, userId: string): Promise<OpenNotebook> {
  const found = await standingIn(repos, productionId, notebookId, userId);
  if (!found || found.standing === 'none') throw notFound(NOT_FOUND);
  return { ...found, standing: found.standing };
}

/** The notebook as its readers see it. */
async function present(repos: Repos, open: OpenNotebook) {
  const counts = (await repos.notebooks.counts([open.row.id])).get(open.row.id)!;
  return {
    id: open.row.id,
    department: open.row.department,
    headId: open.row.head_id,
    createdAt: open.row.created_at,
    standing: open.standing,
    members: [...open.facts.members].sort(),
    entries: counts.department + (open.standing === 'head' ? counts.head : 0),
  };
}

export interface CreateNotebookInput {
  department: string;
  headId: string;
}

/** A department's notebook, owned by its head: one per department. */
export const createNotebook: Command<CreateNotebookInput, null, object> = {
  name: 'notebook.create',
  async facts(tx, act) {
    if (!(await tx.repos.members.whichAre(act.productionId, [act.input.headId])).has(act.input.headId)) throw notFound('Member not found');
    return null;
  },
  decide: (_f, act) => [mayOpenNotebook({ userId: act.caller.user.id, roles: act.caller.roles }, act.input.headId)],
  refusalData: (act) => ({ department: act.input.department, headId: act.input.headId }),
  async apply(tx, _f, act) {
    const { productionId, caller, input } = act;
    const row: NotebookRow = {
      id: newId(),
      production_id: productionId,
      department: input.department,
      department_key: departmentKey(input.department),
      head_id: input.headId,
      created_by: caller.user.id,
      created_at: tx.now.toISOString(),
    };
    await uniquely(`The ${input.department} department already has a notebook.`, () => tx.repos.notebooks.insertNotebook(row));
    const receipt = await tx.ledger.append(productionId, {
      type: 'notebook.created',
      actor: { userId: caller.user.id },
      data: { notebookId: row.id, department: row.department, headId: row.head_id },
    });
    return { notebook: { id: row.id, department: row.department, headId: row.head_id, createdAt: row.created_at }, receipt };
  },
};

/** The people the head lets in besides the department: the head alone decides. */
export const setNotebookMembers: Command<{ notebookId: string; userIds: string[] }, OpenNotebook, object> = {
  name: 'notebook.setMembers',
  async facts(tx, act) {
    const open = await openNotebook(tx.repos, act.productionId, act.input.notebookId, act.caller.user.id);
    if (open.standing !== 'head') throw forbidden('Only the head decides who reads the notebook.');
    const known = await tx.repos.members.whichAre(act.productionId, act.input.userIds);
    if (act.input.userIds.some((userId) => !known.has(userId))) throw notFound('Member not found');
    return open;
  },
  refusalData: (act) => ({ notebookId: act.input.notebookId }),
  async apply(tx, open, act) {
    const { productionId, caller } = act;
    const userIds = [...new Set(act.input.userIds)].filter((userId) => userId !== open.row.head_id).sort();
    await tx.repos.notebooks.setMembers({ id: open.row.id, productionId }, userIds, caller.user.id, tx.now.toISOString());
    const receipt = await tx.ledger.append(productionId, {
      type: 'notebook.membersSet',
      actor: { userId: caller.user.id },
      data: { notebookId: open.row.id, department: open.row.department, userIds },
    });
    const now = await openNotebook(tx.repos, productionId, open.row.id, caller.user.id);
    return { notebook: await present(tx.repos, now), receipt };
  },
};

/** The notebooks a person may open; to the producer and the UPM, also the others as the ledger already names them. */
export async function listNotebooks(deps: ServiceDeps, productionId: string, caller: { userId: string; roles: readonly string[] }) {
  const repos = reader(deps);
  const rows = await repos.notebooks.notebooks(productionId);
  const ids = rows.map((row) => row.id);
  const members = await repos.notebooks.members(ids);
  const formerHeads = await repos.notebooks.formerHeads(ids);
  const counts = await repos.notebooks.counts(ids);
  const department = (await repos.notebooks.departmentOf(productionId, caller.userId)) ?? null;
  const notebooks = [];
  const elsewhere = [];
  for (const row of rows) {
    const facts = { headId: row.head_id, departmentKey: row.department_key, members: members.get(row.id)!, formerHeads: formerHeads.get(row.id)! };
    const place = standing(facts, { userId: caller.userId, department });
    if (place === 'none') {
      if (caller.roles.includes('producer') || caller.roles.includes('upm')) elsewhere.push({ id: row.id, department: row.department, headId: row.head_id });
      continue;
    }
    const count = counts.get(row.id)!;
    notebooks.push({
      id: row.id,
      department: row.department,
      headId: row.head_id,
      createdAt: row.created_at,
      standing: place,
      members: [...facts.members].sort(),
      entries: count.department + (place === 'head' ? count.head : 0),
    });
  }
  return { notebooks, elsewhere };
}

/** One notebook as the caller sees it. */
export async function getNotebook(deps: ServiceDeps, productionId: string, notebookId: string, userId: string) {
  const repos = reader(deps);
  return { notebook: await present(repos, await openNotebook(repos, productionId, notebookId, userId)) };
}
