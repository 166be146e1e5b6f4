// The call sheet as it reads on paper and on a phone (S4), shared by the 1st
// AD's preview and the recipient's page. Sections come in the order a crew
// member reads them: the call, where to go and the nearest hospital, the light,
// the scenes, then the safety section; the crew list, the advance schedule and
// the ledger checkpoint that pins the log close it.
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { t as say } from '../../i18n.js';
import { dateWords, hazardLabels, localDate, localTime, pagesText, timeOfDayLabels, type Hazard } from '../schedule/shared.js';
import type { RecipientView, Sections } from './client.js';
import { RevisionBadge } from './shared.js';
import { paperOf, zoneWords } from './words.js';

type Level = 2 | 3;
type Light = Sections['locations'][number]['light'];
type SceneLine = Sections['scenes'][number];

const holdKinds = new Set(['unintended_discharge', 'misfire', 'live_round']);

/** A heading one level under the sheet's own. */
function Heading({ level, id, children }: { level: Level; id?: string; children: ReactNode }) {
  const Tag = level === 2 ? 'h2' : 'h3';
  return <Tag id={id}>{children}</Tag>;
}

function Sub({ level, children }: { level: Level; children: ReactNode }) {
  const Tag = level === 2 ? 'h3' : 'h4';
  return <Tag className="cs-sub">{children}</Tag>;
}

const hazardWords = (hazards: readonly string[]) => hazards.map((h) => hazardLabels[h as Hazard] ?? h).join(', ');

/** A moment on the production's clock, with its date when it is not the sheet's day: "16:20", "22:28 on Sat, Dec 5". */
function moment(at: string, sheet: Sections): string {
  const zone = sheet.production.timezone;
  const date = localDate(new Date(at), zone);
  return date === sheet.day.date ? localTime(at, zone) : say('callsheet.sheet.momentOn', { time: localTime(at, zone), date: dateWords(date, 'short') });
}

/** "06:12" on the given clock, or a dash when the event does not happen that day. */
function clock(at: string | null, timeZone: string): string {
  return at ? localTime(at, timeZone) : '–';
}

function YourCall({ you, sheet }: { you: RecipientView['you']; sheet: Sections }) {
  const { t } = useTranslation();
  const own = sheet.calls.people.find((p) => p.userId === you.userId);
  return (
    <section className="cs-you" aria-labelledby="cs-you-heading">
      <h2 id="cs-you-heading">{t('callsheet.sheet.yourCall', { name: you.name })}</h2>
      <p className="cs-you-time">{you.callLocal ?? t('callsheet.sheet.notSetYet')}</p>
      <p className="cs-you-sub">
        {you.callLocal ? (own?.ownCall ? t('callsheet.sheet.ownCall') : t('callsheet.sheet.theGeneralCall')) : t('callsheet.sheet.askForCall')}
        {you.department && ` · ${you.department}`}
        {` · ${dateWords(sheet.day.date, 'medium')}`}
      </p>
    </section>
  );
}

function Calls({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  return (
    <section className="cs-section" aria-labelledby="cs-calls">
      <Heading level={level} id="cs-calls">
        {t('callsheet.sheet.calls')}
      </Heading>
      <dl className="cs-pairs">
        <div>
          <dt>{t('callsheet.sheet.generalCall')}</dt>
          <dd className="cs-big">{sheet.calls.general ?? t('callsheet.sheet.notSet')}</dd>
        </div>
        <div>
          <dt>{t('callsheet.sheet.shootingCall')}</dt>
          <dd className="cs-big">{sheet.calls.shooting ?? t('callsheet.sheet.notSet')}</dd>
        </div>
      </dl>
      <p className="cs-note">{t('callsheet.sheet.zone', { zone: zoneWords(sheet.production.timezone) })}</p>
    </section>
  );
}

function Places({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  if (sheet.locations.length === 0) {
    return (
      <section className="cs-section" aria-labelledby="cs-where">
        <Heading level={level} id="cs-where">
          {t('callsheet.sheet.location')}
        </Heading>
        <p>{t('callsheet.sheet.noLocation')}</p>
      </section>
    );
  }
  return (
    <>
      {sheet.locations.map((place, i) => (
        <section key={place.id} className="cs-section" aria-labelledby={`cs-where-${i}`}>
          <Heading level={level} id={`cs-where-${i}`}>
            {sheet.locations.length > 1 ? t('callsheet.sheet.locationNumbered', { number: i + 1, name: place.name }) : t('callsheet.sheet.locationNamed', { name: place.name })}
          </Heading>
          {place.address && <p className="cs-address">{place.address}</p>}
          <p>
            <a className="cs-link" href={place.mapUrl} target="_blank" rel="noopener noreferrer">
              {t('callsheet.sheet.map', { name: place.name })}
            </a>
          </p>
          {place.parking && (
            <p>
              <strong>{t('callsheet.sheet.parking')}</strong> {place.parking}
            </p>
          )}
          {place.notes && <p className="cs-prose">{place.notes}</p>}
          <div className="cs-hospital">
            <Sub level={level}>{t('callsheet.sheet.hospital')}</Sub>
            {place.hospital ? (
              <>
                <p>
                  <strong>{place.hospital.name}</strong>
                  <br />
                  {place.hospital.address}
                </p>
                {place.hospital.driveMinutes !== undefined && <p>{t('callsheet.sheet.driveMinutes', { count: place.hospital.driveMinutes })}</p>}
                {place.hospital.phone && (
                  <p>
                    <a className="cs-link" href={`tel:${place.hospital.phone.replace(/[^\d+]/g, '')}`}>
                      {t('callsheet.sheet.callPhone', { phone: place.hospital.phone })}
                    </a>
                  </p>
                )}
              </>
            ) : (
              <p className="cs-missing">{t('callsheet.sheet.noHospital')}</p>
            )}
          </div>
        </section>
      ))}
    </>
  );
}

function period(p: { start: string | null; end: string | null }, zone: string): string {
  return p.start && p.end ? `${clock(p.start, zone)}–${clock(p.end, zone)}` : '–';
}

function LightFacts({ light }: { light: Light }) {
  const { t } = useTranslation();
  const zone = light.timezone;
  const rows: Array<[string, string]> = [
    [t('callsheet.sheet.sunrise'), clock(light.sunrise, zone)],
    [t('callsheet.sheet.sunset'), clock(light.sunset, zone)],
    [t('callsheet.sheet.goldenMorning'), period(light.goldenHour.morning, zone)],
    [t('callsheet.sheet.goldenEvening'), period(light.goldenHour.evening, zone)],
    [t('callsheet.sheet.blueEvening'), period(light.blueHour.evening, zone)],
    [t('callsheet.sheet.civilTwilight'), `${clock(light.civilDawn, zone)} / ${clock(light.civilDusk, zone)}`],
  ];
  return (
    <>
      <dl className="cs-pairs cs-pairs--light">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {light.remarks.map((remark) => (
        <p key={remark} className="cs-note">
          {remark}
        </p>
      ))}
      {light.targets.length > 0 && (
        <ul className="cs-list">
          {light.targets.map((target) => (
            <li key={target.id}>
              <strong>{target.name}:</strong>{' '}
              {target.windows.length === 0 ? t('callsheet.sheet.noSun') : target.windows.map((w) => `${clock(w.start, zone)}–${clock(w.end, zone)}`).join(', ')}
              {target.suggestedCall && ` ${t('callsheet.sheet.callBy', { time: target.suggestedCall })}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function LightSection({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  if (sheet.locations.length === 0) return null;
  return (
    <section className="cs-section" aria-labelledby="cs-light">
      <Heading level={level} id="cs-light">
        {t('callsheet.sheet.light')}
      </Heading>
      {sheet.locations.map((place) => (
        <div key={place.id}>
          {sheet.locations.length > 1 && <Sub level={level}>{place.name}</Sub>}
          <LightFacts light={place.light} />
        </div>
      ))}
    </section>
  );
}

function slug(scene: SceneLine): string {
  const pages = pagesText(scene.eighths);
  return [scene.intExt, scene.timeOfDay ? timeOfDayLabels[scene.timeOfDay] : '', pages ? say('callsheet.sheet.pages', { pages }) : ''].filter(Boolean).join(' · ');
}

function SceneList({ scenes }: { scenes: readonly SceneLine[] }) {
  const { t } = useTranslation();
  return (
    <ol className="cs-scenes">
      {scenes.map((scene) => (
        <li key={scene.number} className={scene.hazards.length > 0 ? 'cs-scene cs-scene--hazard' : 'cs-scene'}>
          <p className="cs-scene-head">
            <strong>{t('callsheet.sheet.scene', { number: scene.number })}</strong> <span>{slug(scene)}</span>
          </p>
          <p className="cs-scene-what">{scene.description}</p>
          {scene.location && <p className="cs-note">{t('callsheet.sheet.at', { place: scene.location })}</p>}
          {scene.cast.length > 0 && <p className="cs-note">{t('callsheet.sheet.cast', { names: scene.cast.map((c) => c.name).join(', ') })}</p>}
          {scene.hazards.length > 0 && <p className="cs-scene-hazards">{t('callsheet.sheet.hazards', { hazards: hazardWords(scene.hazards) })}</p>}
        </li>
      ))}
    </ol>
  );
}

function Scenes({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  return (
    <section className="cs-section" aria-labelledby="cs-scenes">
      <Heading level={level} id="cs-scenes">
        {t('callsheet.sheet.scenes')}
      </Heading>
      {sheet.scenes.length === 0 ? <p>{t('callsheet.sheet.noScenes')}</p> : <SceneList scenes={sheet.scenes} />}
    </section>
  );
}

function Safety({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  const { safety } = sheet;
  const firearms = sheet.scenes.some((s) => s.hazards.includes('firearms') || s.hazards.includes('blanks'));
  const concerns = safety.openConcerns;
  const held = safety.stops.length > 0 || safety.holds.length > 0;
  return (
    <section className="cs-section cs-safety" aria-labelledby="cs-safety">
      <Heading level={level} id="cs-safety">
        {t('callsheet.sheet.safety')}
      </Heading>
      {held && (
        <div className="cs-held">
          <Sub level={level}>{safety.stops.length > 0 ? t('callsheet.sheet.stoppedWhenSent') : t('callsheet.sheet.heldWhenSent')}</Sub>
          <ul className="cs-list">
            {safety.stops.map((stop) => (
              <li key={stop.id}>
                {stop.location
                  ? t('callsheet.sheet.stopSinceAt', { since: moment(stop.raisedAt, sheet), place: stop.location })
                  : t('callsheet.sheet.stopSince', { since: moment(stop.raisedAt, sheet) })}
              </li>
            ))}
            {safety.holds.map((hold) => (
              <li key={hold.incidentId}>
                {t('callsheet.sheet.holdSince', { since: moment(hold.since, sheet), after: holdKinds.has(hold.kind) ? t(`callsheet.sheet.holdAfter.${hold.kind}`) : t('callsheet.sheet.holdAfter.incident') })}
              </li>
            ))}
          </ul>
        </div>
      )}

      <Sub level={level}>{t('callsheet.sheet.hazardsAndControls')}</Sub>
      {safety.hazards.length === 0 ? (
        <p>{t('callsheet.sheet.noHazards')}</p>
      ) : (
        <ul className="cs-hazards">
          {safety.hazards.map((line) => (
            <li key={line.sceneNumber} className={`cs-hazard cs-hazard--${line.assessment}`}>
              <p className="cs-hazard-head">
                <strong>{t('callsheet.sheet.sceneLabel', { number: line.sceneNumber })}</strong> {hazardWords(line.hazards)} <span className="cs-assessment">({t(`callsheet.sheet.assessment.${line.assessment}`)})</span>
              </p>
              {line.controls.length > 0 ? (
                <ul className="cs-controls">
                  {line.controls.map((c, i) => (
                    <li key={i}>
                      <strong>{hazardLabels[c.hazard]}:</strong> {c.control}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="cs-missing">{t('callsheet.sheet.noControls')}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {safety.staleRiskAssessments.length > 0 && (
        <ul className="cs-list cs-warnings">
          {safety.staleRiskAssessments.map((s) => (
            <li key={s.sceneNumber}>{t('callsheet.sheet.stale', { number: s.sceneNumber, because: s.staleBecause })}</li>
          ))}
        </ul>
      )}

      <dl className="cs-pairs cs-pairs--safety">
        <div>
          <dt>{t('callsheet.sheet.armorer')}</dt>
          <dd>
            {safety.armorerOnDuty ? (
              <strong>{safety.armorerOnDuty.name}</strong>
            ) : safety.armorerMissing ? (
              <strong className="cs-missing">{t('callsheet.sheet.noArmorer')}</strong>
            ) : firearms ? (
              t('callsheet.sheet.notRostered')
            ) : (
              t('callsheet.sheet.noneNeeded')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('callsheet.sheet.medic')}</dt>
          <dd>
            {sheet.medic ? (
              <>
                <strong>{sheet.medic.name}</strong>
                {sheet.medic.phone && (
                  <>
                    {' · '}
                    <a className="cs-link" href={`tel:${sheet.medic.phone.replace(/[^\d+]/g, '')}`}>
                      {sheet.medic.phone}
                    </a>
                  </>
                )}
              </>
            ) : (
              t('callsheet.sheet.noMedic')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('callsheet.sheet.openConcerns')}</dt>
          <dd>{t('callsheet.sheet.concernCounts', { critical: concerns.critical, high: concerns.high, medium: concerns.medium, low: concerns.low })}</dd>
        </div>
      </dl>

      <Sub level={level}>{t('callsheet.sheet.meetings')}</Sub>
      {safety.meetings.length === 0 ? (
        <p>{t('callsheet.sheet.noMeetings')}</p>
      ) : (
        <ul className="cs-list">
          {safety.meetings.map((m) => (
            <li key={`${m.rule} ${m.sceneNumber}`}>
              <span className="cs-rule">{m.rule}</span> {t('callsheet.sheet.meeting', { number: m.sceneNumber, what: m.what })}{' '}
              {m.recordedAt ? t('callsheet.sheet.recorded', { at: moment(m.recordedAt, sheet) }) : <strong>{t('callsheet.sheet.notRecorded')}</strong>}
            </li>
          ))}
        </ul>
      )}
      <p className="cs-note">
        <Trans i18nKey="callsheet.sheet.anyoneCanStop" values={{ url: safety.stopUrl }} components={{ go: <a className="cs-url" href={safety.stopUrl} /> }} />
      </p>
    </section>
  );
}

function Radio({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  if (sheet.walkieChannels.length === 0 && !sheet.notes) return null;
  return (
    <section className="cs-section" aria-labelledby="cs-notes">
      <Heading level={level} id="cs-notes">
        {t('callsheet.sheet.notes')}
      </Heading>
      {sheet.notes && <p className="cs-prose">{sheet.notes}</p>}
      {sheet.walkieChannels.length > 0 && (
        <dl className="cs-pairs cs-pairs--walkie">
          {sheet.walkieChannels.map((w) => (
            <div key={w.channel}>
              <dt>{t('callsheet.sheet.channel', { channel: w.channel })}</dt>
              <dd>{w.use}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Crew({ sheet, level, you }: { sheet: Sections; level: Level; you?: string }) {
  const { t } = useTranslation();
  const people = sheet.calls.people;
  return (
    <section className="cs-section" aria-labelledby="cs-crew">
      <Heading level={level} id="cs-crew">
        {t('callsheet.sheet.crew')}
      </Heading>
      {people.length === 0 ? (
        <p>{t('callsheet.sheet.noCrew')}</p>
      ) : (
        <table className="cs-crew">
          <thead>
            <tr>
              <th scope="col">{t('callsheet.sheet.name')}</th>
              <th scope="col">{t('callsheet.sheet.department')}</th>
              <th scope="col">{t('callsheet.sheet.call')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.userId} className={person.userId === you ? 'cs-crew-you' : undefined}>
                <th scope="row">{person.name}</th>
                <td>{person.department}</td>
                <td>{person.callLocal ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Advance({ sheet, level }: { sheet: Sections; level: Level }) {
  const { t } = useTranslation();
  if (!sheet.advanceDay) return null;
  return (
    <section className="cs-section" aria-labelledby="cs-advance">
      <Heading level={level} id="cs-advance">
        {t('callsheet.sheet.advance', { number: sheet.advanceDay.number, date: dateWords(sheet.advanceDay.date, 'medium') })}
      </Heading>
      {sheet.advance.length === 0 ? <p>{t('callsheet.sheet.noAdvanceScenes')}</p> : <SceneList scenes={sheet.advance} />}
    </section>
  );
}

/** The printed checkpoint line: anyone can check an export of the ledger against it, so paper pins the log. */
export function LedgerLine({ sheet }: { sheet: Sections }) {
  const { t } = useTranslation();
  const ledger = sheet.safety.ledger;
  return (
    <footer className="cs-ledger">
      <p>
        <strong>{t('callsheet.sheet.checkpoint')}</strong> <span className="cs-url">{ledger.pin}</span>
      </p>
      <p className="cs-note">
        <Trans i18nKey="callsheet.sheet.checkExport" values={{ key: ledger.keyHash, command: ledger.verify }} components={{ code: <code /> }} />
      </p>
    </footer>
  );
}

interface SheetViewProps {
  sheet: Sections;
  /** the recipient, whose call leads the page (the page's heading names the production) */
  you?: RecipientView['you'];
  /** the level of the sheet's section headings: 2 on its own page, 3 inside another section */
  level?: Level;
  /** placed right after the recipient's call: their calendar link */
  afterCall?: ReactNode;
  /** placed right after the safety section: the recipient's acknowledgement */
  afterSafety?: ReactNode;
}

export function SheetView({ sheet, you, level = 2, afterCall, afterSafety }: SheetViewProps) {
  const { t } = useTranslation();
  return (
    <article className="cs-sheet" aria-label={t('callsheet.sheet.label', { date: dateWords(sheet.day.date) })}>
      {you && <YourCall you={you} sheet={sheet} />}
      {afterCall}
      <header className="cs-head" data-paper={paperOf(sheet.revision.colour)}>
        {!you && <p className="cs-production">{sheet.production.name}</p>}
        <p className="cs-day">
          {t('callsheet.sheet.dayOf', { date: dateWords(sheet.day.date), number: sheet.day.number, of: sheet.day.of })}
        </p>
        <RevisionBadge revision={sheet.revision} />
      </header>
      <Calls sheet={sheet} level={level} />
      <Places sheet={sheet} level={level} />
      <LightSection sheet={sheet} level={level} />
      <Scenes sheet={sheet} level={level} />
      <Safety sheet={sheet} level={level} />
      {afterSafety}
      <Radio sheet={sheet} level={level} />
      <Crew sheet={sheet} level={level} you={you?.userId} />
      <Advance sheet={sheet} level={level} />
      <LedgerLine sheet={sheet} />
    </article>
  );
}
