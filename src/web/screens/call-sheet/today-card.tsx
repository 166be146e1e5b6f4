// The day's call sheet on Today (S4): its version, the way to open it, and
// whether this person has acknowledged its safety section; for the 1st AD and
// the UPM, who has not, which turns into a warning once the general call passes.
import { Trans, useTranslation } from 'react-i18next';
import type { Role } from '../../api.js';
import { Link } from '../../router.js';
import type { TodayAnswer } from '../schedule/shared.js';
import { callSheetPath, canIssue, recipientPath, RevisionBadge, When } from './shared.js';

type Person = { userId: string; name: string };

/** The rule's id reads the same in every language. */
const ackRule = 'S4';

const names = (people: readonly Person[]) => people.map((p) => p.name).join(', ');

export function CallSheetCard({ productionId, day, roles }: { productionId: string; day: TodayAnswer; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const shoot = day.shootDay;
  const sheet = day.callSheet;
  if (!shoot) return null;
  if (!sheet) {
    if (!canIssue(roles)) return null;
    return (
      <section className="panel cs-today" aria-labelledby="cs-today-heading">
        <h2 id="cs-today-heading">{t('callsheet.title')}</h2>
        <p>{t('callsheet.today.notPublished')}</p>
        <Link className="button button--primary cs-today-open" href={callSheetPath(productionId, shoot.id)}>
          {t('callsheet.today.make')}
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
      <h2 id="cs-today-heading">{t('callsheet.title')}</h2>
      <p className="cs-today-version">
        <RevisionBadge revision={{ version: sheet.version, number: sheet.version - 1, colour: sheet.colour }} />
      </p>
      <p className="cs-note">
        <Trans i18nKey="callsheet.publishedAt" components={{ when: <When at={sheet.publishedAt} timeZone={zone} /> }} />
      </p>
      {mine && (
        <p className={mine.safetyAckAt ? 'cs-today-ack cs-today-ack--done' : 'cs-today-ack'}>
          {mine.safetyAckAt ? (
            <Trans i18nKey="callsheet.today.acknowledgedAt" components={{ when: <When at={mine.safetyAckAt} timeZone={zone} /> }} />
          ) : (
            t('callsheet.today.notAcknowledged')
          )}
        </p>
      )}
      <Link className="button button--primary cs-today-open" href={mine ? recipientPath(mine.link) : callSheetPath(productionId, shoot.id, sheet.id)}>
        {mine ? (mine.safetyAckAt ? t('callsheet.today.openMine') : t('callsheet.today.openAndAcknowledge')) : t('callsheet.today.open')}
      </Link>
      {following && (
        <div className="cs-today-follow">
          {late.length > 0 && (
            <div className="cs-today-late" role="alert">
              <p>
                <span className="rule">{ackRule}</span> {t('callsheet.today.late', { count: late.length, names: names(late) })}
              </p>
            </div>
          )}
          {waiting.length > 0 && <p>{t('callsheet.today.waiting', { count: waiting.length, names: names(waiting) })}</p>}
          {late.length === 0 && waiting.length === 0 && <p className="cs-today-ack--done">{t('callsheet.today.everyone')}</p>}
          <Link href={callSheetPath(productionId, shoot.id, sheet.id)}>{t('callsheet.today.follow')}</Link>
        </div>
      )}
    </section>
  );
}
