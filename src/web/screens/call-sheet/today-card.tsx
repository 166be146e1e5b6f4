// The day's call sheet on Today (S4): its version, the way to open it, and
// whether this person has acknowledged its safety section; for the 1st AD and
// the UPM, who has not, which turns into a warning once the general call passes.
import type { Role } from '../../api.js';
import { Link } from '../../router.js';
import type { TodayAnswer } from '../schedule/shared.js';
import { callSheetPath, canIssue, recipientPath, RevisionBadge, When } from './shared.js';

type Person = { userId: string; name: string };

const names = (people: readonly Person[]) => people.map((p) => p.name).join(', ');

export function CallSheetCard({ productionId, day, roles }: { productionId: string; day: TodayAnswer; roles: readonly Role[] }) {
  const shoot = day.shootDay;
  const sheet = day.callSheet;
  if (!shoot) return null;
  if (!sheet) {
    if (!canIssue(roles)) return null;
    return (
      <section className="panel cs-today" aria-labelledby="cs-today-heading">
        <h2 id="cs-today-heading">Call sheet</h2>
        <p>Not published yet for this day.</p>
        <Link className="button button--primary cs-today-open" href={callSheetPath(productionId, shoot.id)}>
          Make the call sheet
        </Link>
      </section>
    );
  }
  const zone = day.timezone;
  const mine = sheet.you;
  const late = sheet.unacknowledged ?? [];
  const waiting = sheet.pending ?? [];
  const following = sheet.pending !== null || sheet.unacknowledged !== null;
  return (
    <section className="panel cs-today" aria-labelledby="cs-today-heading">
      <h2 id="cs-today-heading">Call sheet</h2>
      <p className="cs-today-version">
        <RevisionBadge revision={{ version: sheet.version, number: sheet.version - 1, colour: sheet.colour }} />
      </p>
      <p className="cs-note">
        Published <When at={sheet.publishedAt} timeZone={zone} />
      </p>
      {mine && (
        <p className={mine.safetyAckAt ? 'cs-today-ack cs-today-ack--done' : 'cs-today-ack'}>
          {mine.safetyAckAt ? (
            <>
              You acknowledged its safety section at <When at={mine.safetyAckAt} timeZone={zone} />.
            </>
          ) : (
            'You have not acknowledged its safety section yet.'
          )}
        </p>
      )}
      <Link className="button button--primary cs-today-open" href={mine ? recipientPath(mine.link) : callSheetPath(productionId, shoot.id, sheet.id)}>
        {mine ? (mine.safetyAckAt ? 'Open my call sheet' : 'Open and acknowledge') : 'Open the call sheet'}
      </Link>
      {following && (
        <div className="cs-today-follow">
          {late.length > 0 && (
            <div className="cs-today-late" role="alert">
              <p>
                <span className="rule">S4</span> The general call has passed and {late.length === 1 ? '1 person has' : `${late.length} people have`} not acknowledged the safety section: {names(late)}.
              </p>
            </div>
          )}
          {waiting.length > 0 && (
            <p>
              Still to acknowledge ({waiting.length}): {names(waiting)}.
            </p>
          )}
          {late.length === 0 && waiting.length === 0 && <p className="cs-today-ack--done">Everyone has acknowledged the safety section.</p>}
          <Link href={callSheetPath(productionId, shoot.id, sheet.id)}>Who has read it, and links to send again</Link>
        </div>
      )}
    </section>
  );
}
