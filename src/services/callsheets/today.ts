import { acknowledgementsDue } from '../../domain/callsheets/sheet.js';
import { revisionOf } from '../../domain/callsheets/revision.js';
import { instantOf } from '../../domain/schedule/calendar.js';
import type { NoteSigner } from '../../ledger/note.js';
import type { Repos } from '../../store/index.js';
import type { ShootDayRecord } from '../../store/schedule.js';
import type { Caller } from '../command.js';
import { presentRecipient } from './recipients.js';

/** Who watches a day's acknowledgements on their day screen (S4). */
const RUN_THE_DAY = ['first_ad', 'upm'];

/**
 * The day's latest published call sheet on a person's day: their own link
 * and where they stand; for the 1st AD and the UPM also who has not
 * acknowledged its safety section, pending until the general call and
 * unacknowledged from then on.
 */
export async function todayCallSheet(repos: Repos, signer: NoteSigner, productionId: string, timezone: string, day: ShootDayRecord, caller: Caller, now: Date) {
  const sheet = await repos.callSheets.latestPublished(productionId, day.id);
  if (!sheet) return null;
  const recipients = await repos.callSheets.recipients(productionId, sheet.id);
  const mine = recipients.find((r) => r.user_id === caller.user.id);
  const generalCall = day.generalCall ? instantOf(day.date, day.generalCall, timezone).toISOString() : null;
  const watches = caller.roles.some((role) => RUN_THE_DAY.includes(role));
  const due = acknowledgementsDue(
    recipients.map((r) => ({ userId: r.user_id, name: r.name, safetyAckAt: r.safety_ack_at })),
    generalCall,
    now.toISOString(),
  );
  const people = (list: typeof due.pending) => list.map(({ userId, name }) => ({ userId, name }));
  const you = mine ? presentRecipient(signer, sheet, mine) : null;
  return {
    id: sheet.id,
    version: sheet.version,
    colour: revisionOf(sheet.version).colour,
    publishedAt: sheet.published_at!,
    you: you ? { link: you.link, openedAt: you.openedAt, confirmedAt: you.confirmedAt, safetyAckAt: you.safetyAckAt } : null,
    pending: watches ? people(due.pending) : null,
    unacknowledged: watches ? people(due.unacknowledged) : null,
  };
}
