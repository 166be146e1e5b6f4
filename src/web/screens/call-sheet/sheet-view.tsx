// The call sheet as it reads on paper and on a phone (S4), shared by the 1st
// AD's preview and the recipient's page. Sections come in the order a crew
// member reads them: the call, where to go and the nearest hospital, the light,
// the scenes, then the safety section; the crew list, the advance schedule and
// the ledger checkpoint that pins the log close it.
import type { ReactNode } from 'react';
import { dateWords, hazardLabels, localDate, localTime, pagesText, timeOfDayLabels, type Hazard } from '../schedule/shared.js';
import type { RecipientView, Sections } from './client.js';
import { RevisionBadge } from './shared.js';
import { paperOf, zoneWords } from './words.js';

type Level = 2 | 3;
type Light = Sections['locations'][number]['light'];
type SceneLine = Sections['scenes'][number];

const holdWords: Record<string, string> = {
  unintended_discharge: 'an unintended discharge',
  misfire: 'a misfire',
  live_round: 'a live round found on set',
};

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
  return date === sheet.day.date ? localTime(at, zone) : `${localTime(at, zone)} on ${dateWords(date, 'short')}`;
}

/** "06:12" on the given clock, or a dash when the event does not happen that day. */
function clock(at: string | null, timeZone: string): string {
  return at ? localTime(at, timeZone) : '–';
}

function YourCall({ you, sheet }: { you: RecipientView['you']; sheet: Sections }) {
  const own = sheet.calls.people.find((p) => p.userId === you.userId);
  return (
    <section className="cs-you" aria-labelledby="cs-you-heading">
      <h2 id="cs-you-heading">Your call, {you.name}</h2>
      <p className="cs-you-time">{you.callLocal ?? 'Not set yet'}</p>
      <p className="cs-you-sub">
        {you.callLocal ? (own?.ownCall ? 'Your own call time' : 'The general call') : 'Ask the 1st AD for your call'}
        {you.department && ` · ${you.department}`}
        {` · ${dateWords(sheet.day.date, 'medium')}`}
      </p>
    </section>
  );
}

function Calls({ sheet, level }: { sheet: Sections; level: Level }) {
  return (
    <section className="cs-section" aria-labelledby="cs-calls">
      <Heading level={level} id="cs-calls">
        Calls
      </Heading>
      <dl className="cs-pairs">
        <div>
          <dt>General call</dt>
          <dd className="cs-big">{sheet.calls.general ?? 'Not set'}</dd>
        </div>
        <div>
          <dt>Shooting call</dt>
          <dd className="cs-big">{sheet.calls.shooting ?? 'Not set'}</dd>
        </div>
      </dl>
      <p className="cs-note">Times are {zoneWords(sheet.production.timezone)} time.</p>
    </section>
  );
}

function Places({ sheet, level }: { sheet: Sections; level: Level }) {
  if (sheet.locations.length === 0) {
    return (
      <section className="cs-section" aria-labelledby="cs-where">
        <Heading level={level} id="cs-where">
          Location
        </Heading>
        <p>No location is on this day yet.</p>
      </section>
    );
  }
  return (
    <>
      {sheet.locations.map((place, i) => (
        <section key={place.id} className="cs-section" aria-labelledby={`cs-where-${i}`}>
          <Heading level={level} id={`cs-where-${i}`}>
            {sheet.locations.length > 1 ? `Location ${i + 1}: ${place.name}` : `Location: ${place.name}`}
          </Heading>
          {place.address && <p className="cs-address">{place.address}</p>}
          <p>
            <a className="cs-link" href={place.mapUrl} target="_blank" rel="noopener noreferrer">
              Map of {place.name}
            </a>
          </p>
          {place.parking && (
            <p>
              <strong>Parking and base camp:</strong> {place.parking}
            </p>
          )}
          {place.notes && <p className="cs-prose">{place.notes}</p>}
          <div className="cs-hospital">
            <Sub level={level}>Nearest hospital</Sub>
            {place.hospital ? (
              <>
                <p>
                  <strong>{place.hospital.name}</strong>
                  <br />
                  {place.hospital.address}
                </p>
                {place.hospital.driveMinutes !== undefined && <p>{place.hospital.driveMinutes} min by road</p>}
                {place.hospital.phone && (
                  <p>
                    <a className="cs-link" href={`tel:${place.hospital.phone.replace(/[^\d+]/g, '')}`}>
                      Call {place.hospital.phone}
                    </a>
                  </p>
                )}
              </>
            ) : (
              <p className="cs-missing">No hospital is on record for this location. Ask the 1st AD before the call.</p>
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
  const zone = light.timezone;
  const rows: Array<[string, string]> = [
    ['Sunrise', clock(light.sunrise, zone)],
    ['Sunset', clock(light.sunset, zone)],
    ['Golden hour, morning', period(light.goldenHour.morning, zone)],
    ['Golden hour, evening', period(light.goldenHour.evening, zone)],
    ['Blue hour, evening', period(light.blueHour.evening, zone)],
    ['Civil dawn / dusk', `${clock(light.civilDawn, zone)} / ${clock(light.civilDusk, zone)}`],
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
              {target.windows.length === 0 ? 'the sun does not reach it today' : target.windows.map((w) => `${clock(w.start, zone)}–${clock(w.end, zone)}`).join(', ')}
              {target.suggestedCall && ` (call by ${target.suggestedCall})`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function LightSection({ sheet, level }: { sheet: Sections; level: Level }) {
  if (sheet.locations.length === 0) return null;
  return (
    <section className="cs-section" aria-labelledby="cs-light">
      <Heading level={level} id="cs-light">
        Sun and light
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
  return [scene.intExt, scene.timeOfDay ? timeOfDayLabels[scene.timeOfDay] : '', pages ? `${pages} pg` : ''].filter(Boolean).join(' · ');
}

function SceneList({ scenes }: { scenes: readonly SceneLine[] }) {
  return (
    <ol className="cs-scenes">
      {scenes.map((scene) => (
        <li key={scene.number} className={scene.hazards.length > 0 ? 'cs-scene cs-scene--hazard' : 'cs-scene'}>
          <p className="cs-scene-head">
            <strong>Scene {scene.number}</strong> <span>{slug(scene)}</span>
          </p>
          <p className="cs-scene-what">{scene.description}</p>
          {scene.location && <p className="cs-note">At {scene.location}</p>}
          {scene.cast.length > 0 && <p className="cs-note">Cast: {scene.cast.map((c) => c.name).join(', ')}</p>}
          {scene.hazards.length > 0 && <p className="cs-scene-hazards">Hazards: {hazardWords(scene.hazards)}</p>}
        </li>
      ))}
    </ol>
  );
}

function Scenes({ sheet, level }: { sheet: Sections; level: Level }) {
  return (
    <section className="cs-section" aria-labelledby="cs-scenes">
      <Heading level={level} id="cs-scenes">
        Scenes, in shooting order
      </Heading>
      {sheet.scenes.length === 0 ? <p>No scenes on this day.</p> : <SceneList scenes={sheet.scenes} />}
    </section>
  );
}

const assessmentText = { current: 'risk assessed', stale: 'risk assessment stale', missing: 'no risk assessment' } as const;

function Safety({ sheet, level }: { sheet: Sections; level: Level }) {
  const { safety } = sheet;
  const firearms = sheet.scenes.some((s) => s.hazards.includes('firearms') || s.hazards.includes('blanks'));
  const concerns = safety.openConcerns;
  const held = safety.stops.length > 0 || safety.holds.length > 0;
  return (
    <section className="cs-section cs-safety" aria-labelledby="cs-safety">
      <Heading level={level} id="cs-safety">
        Safety
      </Heading>
      {held && (
        <div className="cs-held">
          <Sub level={level}>{safety.stops.length > 0 ? 'Work was stopped when this was sent' : 'Firearms were on hold when this was sent'}</Sub>
          <ul className="cs-list">
            {safety.stops.map((stop) => (
              <li key={stop.id}>
                Stop since {moment(stop.raisedAt, sheet)}
                {stop.location && ` at ${stop.location}`}: work stays stopped until the safety advisor lifts it (S1).
              </li>
            ))}
            {safety.holds.map((hold) => (
              <li key={hold.incidentId}>
                Firearms hold since {moment(hold.since, sheet)}, after {holdWords[hold.kind] ?? 'an incident'}: no hand-off until a corrective action and a new safety meeting (F11).
              </li>
            ))}
          </ul>
        </div>
      )}

      <Sub level={level}>Hazards and controls</Sub>
      {safety.hazards.length === 0 ? (
        <p>No scene on this day has a hazard on record.</p>
      ) : (
        <ul className="cs-hazards">
          {safety.hazards.map((line) => (
            <li key={line.sceneNumber} className={`cs-hazard cs-hazard--${line.assessment}`}>
              <p className="cs-hazard-head">
                <strong>Scene {line.sceneNumber}:</strong> {hazardWords(line.hazards)} <span className="cs-assessment">({assessmentText[line.assessment]})</span>
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
                <p className="cs-missing">No controls on record: the safety advisor assesses this scene before it is shot (S5).</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {safety.staleRiskAssessments.length > 0 && (
        <ul className="cs-list cs-warnings">
          {safety.staleRiskAssessments.map((s) => (
            <li key={s.sceneNumber}>
              Scene {s.sceneNumber}: its risk assessment is stale ({s.staleBecause}).
            </li>
          ))}
        </ul>
      )}

      <dl className="cs-pairs cs-pairs--safety">
        <div>
          <dt>Armorer on duty</dt>
          <dd>
            {safety.armorerOnDuty ? (
              <strong>{safety.armorerOnDuty.name}</strong>
            ) : safety.armorerMissing ? (
              <strong className="cs-missing">Nobody rostered: no firearm leaves storage (F1, F3)</strong>
            ) : firearms ? (
              'Not rostered'
            ) : (
              'None needed: no firearm scenes'
            )}
          </dd>
        </div>
        <div>
          <dt>Medic</dt>
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
              'No medic named on this sheet'
            )}
          </dd>
        </div>
        <div>
          <dt>Open concerns</dt>
          <dd>
            {concerns.critical} critical · {concerns.high} high · {concerns.medium} medium · {concerns.low} low
          </dd>
        </div>
      </dl>

      <Sub level={level}>Safety meetings</Sub>
      {safety.meetings.length === 0 ? (
        <p>None required for this day’s scenes.</p>
      ) : (
        <ul className="cs-list">
          {safety.meetings.map((m) => (
            <li key={`${m.rule} ${m.sceneNumber}`}>
              <span className="cs-rule">{m.rule}</span> Scene {m.sceneNumber}: {m.what}.{' '}
              {m.recordedAt ? `Recorded ${moment(m.recordedAt, sheet)}.` : <strong>Not recorded yet: it happens before the scene is shot.</strong>}
            </li>
          ))}
        </ul>
      )}
      <p className="cs-note">
        Anyone on set can stop work: press STOP in Setbook or open{' '}
        <a className="cs-url" href={safety.stopUrl}>
          {safety.stopUrl}
        </a>
        .
      </p>
    </section>
  );
}

function Radio({ sheet, level }: { sheet: Sections; level: Level }) {
  if (sheet.walkieChannels.length === 0 && !sheet.notes) return null;
  return (
    <section className="cs-section" aria-labelledby="cs-notes">
      <Heading level={level} id="cs-notes">
        Notes and walkie channels
      </Heading>
      {sheet.notes && <p className="cs-prose">{sheet.notes}</p>}
      {sheet.walkieChannels.length > 0 && (
        <dl className="cs-pairs cs-pairs--walkie">
          {sheet.walkieChannels.map((w) => (
            <div key={w.channel}>
              <dt>Channel {w.channel}</dt>
              <dd>{w.use}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Crew({ sheet, level, you }: { sheet: Sections; level: Level; you?: string }) {
  const people = sheet.calls.people;
  return (
    <section className="cs-section" aria-labelledby="cs-crew">
      <Heading level={level} id="cs-crew">
        Crew calls
      </Heading>
      {people.length === 0 ? (
        <p>Nobody is on the day’s roster yet.</p>
      ) : (
        <table className="cs-crew">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Department</th>
              <th scope="col">Call</th>
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
  if (!sheet.advanceDay) return null;
  return (
    <section className="cs-section" aria-labelledby="cs-advance">
      <Heading level={level} id="cs-advance">
        Advance: day {sheet.advanceDay.number}, {dateWords(sheet.advanceDay.date, 'medium')}
      </Heading>
      {sheet.advance.length === 0 ? <p>No scenes on it yet.</p> : <SceneList scenes={sheet.advance} />}
    </section>
  );
}

/** The printed checkpoint line: anyone can check an export of the ledger against it, so paper pins the log. */
export function LedgerLine({ sheet }: { sheet: Sections }) {
  const ledger = sheet.safety.ledger;
  return (
    <footer className="cs-ledger">
      <p>
        <strong>Ledger checkpoint</strong> <span className="cs-url">{ledger.pin}</span>
      </p>
      <p className="cs-note">
        Signing key {ledger.keyHash}. Check an export with <code>{ledger.verify}</code>
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
  return (
    <article className="cs-sheet" aria-label={`Call sheet, ${dateWords(sheet.day.date)}`}>
      {you && <YourCall you={you} sheet={sheet} />}
      {afterCall}
      <header className="cs-head" data-paper={paperOf(sheet.revision.colour)}>
        {!you && <p className="cs-production">{sheet.production.name}</p>}
        <p className="cs-day">
          {dateWords(sheet.day.date)} · Day {sheet.day.number} of {sheet.day.of}
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
