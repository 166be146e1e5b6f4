// What the call sheet's screens share: who may do what (API.md "Call sheets
// (S4)"), where each screen lives, the revision's badge, and a time as a
// <time> element in the set's words.
import type { Role } from '../../api.js';
import { intlLocale } from '../../i18n.js';
import { paperOf, revisionWords, whenWords } from './words.js';

const some = (roles: readonly Role[], allowed: readonly Role[]) => roles.some((role) => allowed.includes(role));
/** callSheet.draft and callSheet.publish, and resending a link. */
export const canIssue = (roles: readonly Role[]) => some(roles, ['first_ad', 'upm']);
/** Who sees who has read and acknowledged. */
export const canFollow = (roles: readonly Role[]) => some(roles, ['first_ad', 'upm', 'producer', 'safety_advisor']);

const enc = encodeURIComponent;
/** The day's call sheet in the app; `version` picks one of its versions. */
export const callSheetPath = (pid: string, did: string, version?: string) =>
  `/productions/${enc(pid)}/schedule/days/${enc(did)}/call-sheet${version ? `?version=${enc(version)}` : ''}`;

/** The recipient's page of a personal link (`<base>/call-sheet/<token>`), opened in this app. */
export function recipientPath(link: string): string {
  const token = new URL(link, location.origin).pathname.split('/').filter(Boolean).pop() ?? '';
  return `/call-sheet/${enc(decodeURIComponent(token))}`;
}

export function RevisionBadge({ revision }: { revision: { version: number; number: number; colour: string } }) {
  return (
    <span className="cs-revision">
      <span className="cs-swatch" data-paper={paperOf(revision.colour)} aria-hidden="true" />
      {revisionWords(revision)}
    </span>
  );
}

/** A time as the table and the page show it: the words, with the exact instant for machines and a hover. */
export function When({ at, timeZone, now, relative = true }: { at: string; timeZone: string; now?: Date; relative?: boolean }) {
  return (
    <time dateTime={at} title={new Date(at).toLocaleString(intlLocale(), { dateStyle: 'full', timeStyle: 'short', timeZone })}>
      {whenWords(at, timeZone, now, relative)}
    </time>
  );
}
