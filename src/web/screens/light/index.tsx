// The light at a location: a date (the next shoot day there unless another is
// chosen), the day's sun on the location's clock, its path drawn two ways, the
// sun positions the DP has named with their windows and the call they suggest,
// on this date and on each shoot day here, and a form to name another.
import { useId, useRef, useState } from 'react';
import type { Problem } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link, navigate, useLocation } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { dateWords, dayPath, Facts, Loading, locationPath, useProblemInView } from '../schedule/shared.js';
import { lightApi, type DayLight, type LightTarget, type NewLightTarget, type TargetList } from './light-api.js';
import { SkyChart, SunChart } from './plot.js';
import { bearing, clockFor, degrees, rangesText, shadowText, spanText, zoneName } from './words.js';

export const lightPath = (pid: string, lid: string, date?: string) => `${locationPath(pid, lid)}/light${date ? `?date=${encodeURIComponent(date)}` : ''}`;

/** The location's light page: its date comes from the address, else the next shoot day here, else today there. */
export function LightScreen({ productionId, locationId }: { productionId: string; locationId: string }) {
  const { query } = useLocation();
  const asked = query.get('date');
  const [list, reloadList] = useResource(`${productionId}/${locationId}/light-targets`, () => lightApi.targets(productionId, locationId));
  const date = asked ?? (list.state === 'ready' ? (list.data.shootDays[0]?.date ?? '') : null);
  return (
    <Page title="Light and sun" wide>
      <Loading resource={list} retry={reloadList} />
      {list.state === 'ready' && date !== null && (
        <LightDay key={date} productionId={productionId} locationId={locationId} date={date || undefined} list={list.data} reloadList={reloadList} />
      )}
    </Page>
  );
}

function LightDay({ productionId, locationId, date, list, reloadList }: { productionId: string; locationId: string; date: string | undefined; list: TargetList; reloadList: () => void }) {
  const [day, reloadDay] = useResource(`${productionId}/${locationId}/light/${date ?? 'today'}`, () => lightApi.day(productionId, locationId, date));
  const [said, setSaid] = useState('');
  if (day.state !== 'ready') return <Loading resource={day} retry={reloadDay} />;
  const light = day.data;
  const clock = clockFor(light.timezone, light.date);
  const changed = (message: string) => {
    setSaid(message);
    reloadDay();
    reloadList();
  };
  return (
    <div className="light">
      <p className="light-place">
        <Link href={locationPath(productionId, locationId)}>{light.location.name}</Link> · {dateWords(light.date)} · times in {zoneName(light.timezone, light.solarNoon)}
      </p>
      <DatePicker productionId={productionId} locationId={locationId} light={light} />
      {light.remarks.length > 0 && (
        <div className="light-remarks" role="note">
          {light.remarks.map((remark) => (
            <p key={remark}>{remark}</p>
          ))}
        </div>
      )}
      <div className="light-columns">
        <div className="light-main">
          <section aria-labelledby="light-day">
            <h2 id="light-day">The day</h2>
            <KeyTimes light={light} clock={clock} />
            <SunChart light={light} clock={clock} />
            <DayFacts light={light} clock={clock} />
          </section>
          <section aria-labelledby="light-sky">
            <h2 id="light-sky">Across the sky</h2>
            <SkyChart light={light} clock={clock} />
            <PathTable light={light} clock={clock} />
          </section>
        </div>
        <div className="light-side">
          <section aria-labelledby="light-targets">
            <h2 id="light-targets">Light targets</h2>
            <p className="status status--done" role="status">
              {said}
            </p>
            <TargetsToday productionId={productionId} locationId={locationId} light={light} list={list} clock={clock} changed={changed} />
          </section>
          <ShootDaysHere productionId={productionId} locationId={locationId} light={light} list={list} />
          <section className="panel" aria-labelledby="light-name">
            <h2 id="light-name">Name a light</h2>
            <TargetForm productionId={productionId} locationId={locationId} named={(name) => changed(`“${name}” is named; its windows are listed above.`)} />
          </section>
          <details className="light-assumptions">
            <summary>How these times are worked out</summary>
            <ul>
              {light.assumptions.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        </div>
      </div>
    </div>
  );
}

function DatePicker({ productionId, locationId, light }: { productionId: string; locationId: string; light: DayLight }) {
  return (
    <div className="light-dates">
      <div className="field light-date">
        <label htmlFor="light-date">Date</label>
        <input
          id="light-date"
          type="date"
          value={light.date}
          onChange={(event) => {
            if (/^\d{4}-\d{2}-\d{2}$/.test(event.currentTarget.value)) navigate(lightPath(productionId, locationId, event.currentTarget.value), { replace: true });
          }}
        />
      </div>
      {light.shootDays.length > 0 && (
        <nav aria-label="Shoot days here">
          <ul className="light-chips">
            {light.shootDays.map((d) => (
              <li key={d.id}>
                <Link href={lightPath(productionId, locationId, d.date)} aria-current={d.date === light.date ? 'date' : undefined}>
                  {dateWords(d.date, 'short')}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}

/** Sunrise, noon and sunset in large type: what the 1st AD and the DP read first. */
function KeyTimes({ light, clock }: { light: DayLight; clock: (instant: string) => string }) {
  const none = light.polar === 'day' ? 'the sun stays up' : 'the sun stays down';
  const event = (label: string, at: string | null, azimuth: number | null) => (
    <div className="light-key-time">
      <dt>{label}</dt>
      <dd>
        <span className="light-key-clock">{at ? clock(at) : 'none'}</span>
        <span className="light-key-sub">{at && azimuth !== null ? bearing(azimuth) : none}</span>
      </dd>
    </div>
  );
  return (
    <dl className="light-key-times">
      {event('Sunrise', light.sunrise, light.sunriseAzimuth)}
      <div className="light-key-time">
        <dt>Noon</dt>
        <dd>
          <span className="light-key-clock">{clock(light.solarNoon)}</span>
          <span className="light-key-sub">{degrees(light.noonAltitude)} high</span>
        </dd>
      </div>
      {event('Sunset', light.sunset, light.sunsetAzimuth)}
    </dl>
  );
}

function DayFacts({ light, clock }: { light: DayLight; clock: (instant: string) => string }) {
  const lowest = light.path.reduce<number | null>((min, p) => (p.shadowPerMetre !== null && (min === null || p.shadowPerMetre < min) ? p.shadowPerMetre : min), null);
  return (
    <Facts
      items={[
        ['Shortest shadow', lowest !== null ? `${shadowText(lowest)} per metre of height, at ${clock(light.solarNoon)}` : 'none: the sun stays down'],
        ['Golden hour', `${spanText(clock, light.goldenHour.morning)} and ${spanText(clock, light.goldenHour.evening)}`],
        ['Blue hour', `${spanText(clock, light.blueHour.morning)} and ${spanText(clock, light.blueHour.evening)}`],
        ['Civil dawn and dusk', `${light.civilDawn ? clock(light.civilDawn) : 'none'} and ${light.civilDusk ? clock(light.civilDusk) : 'none'}`],
      ]}
    />
  );
}

/** The hour-by-hour table: the plots' text alternative, and what a DP reads a shadow off. */
function PathTable({ light, clock }: { light: DayLight; clock: (instant: string) => string }) {
  const rows = light.path.filter((p) => clock(p.at).slice(2, 5) === ':00');
  return (
    <details className="light-table">
      <summary>The sun hour by hour (table)</summary>
      <div className="light-table-scroll">
        <table>
          <caption>Altitude as seen, direction from true north, and shadow per metre of height on level ground</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Altitude</th>
              <th scope="col">Direction</th>
              <th scope="col">Shadow</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.at}>
                <th scope="row">{clock(p.at)}</th>
                <td>{degrees(p.altitude)}</td>
                <td>{bearing(p.azimuth)}</td>
                <td>{shadowText(p.shadowPerMetre)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function TargetsToday({
  productionId,
  locationId,
  light,
  list,
  clock,
  changed,
}: {
  productionId: string;
  locationId: string;
  light: DayLight;
  list: TargetList;
  clock: (instant: string) => string;
  changed: (message: string) => void;
}) {
  if (light.targets.length === 0) return <p>No light targets here yet. Name the sun you want below: its windows show on every day at this location.</p>;
  return (
    <ol className="light-targets">
      {light.targets.map((target, n) => {
        const record = list.targets.find((t) => t.id === target.id);
        return (
          <li key={target.id} className="light-target">
            <p className="light-target-name">
              <span className="light-number" aria-hidden="true">
                {n + 1}
              </span>
              {target.name}
            </p>
            <p className="light-target-ranges">{rangesText(target)}</p>
            {target.windows.length === 0 ? (
              <p className="light-window-none">No window on {dateWords(light.date, 'short')}: the sun does not stand there.</p>
            ) : (
              <p className="light-window-times">
                Window {target.windows.map((w) => `${clock(w.start)}–${clock(w.end)}`).join(', ')}
                {target.suggestedCall && (
                  <>
                    {' · '}
                    <strong>Suggested call {target.suggestedCall}</strong> ({target.leadMinutes} min ahead)
                  </>
                )}
              </p>
            )}
            {target.notes && <p className="light-target-notes">{target.notes}</p>}
            {record && <RemoveTarget productionId={productionId} locationId={locationId} target={record} removed={() => changed(`“${target.name}” is taken off this location.`)} />}
          </li>
        );
      })}
    </ol>
  );
}

/** Who the server lets take a target off: its author, the 1st AD, the producer, the head of camera (the rule decides; a refusal is recorded). */
function RemoveTarget({ productionId, locationId, target, removed }: { productionId: string; locationId: string; target: LightTarget; removed: () => void }) {
  const { me, membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const archive = useSubmit((_: null, options) => lightApi.archiveTarget(productionId, locationId, target.id, options));
  const mayTry = me?.user.id === target.createdBy || roles.some((role) => role === 'first_ad' || role === 'producer' || role === 'department_head');
  if (!mayTry) return null;
  return (
    <div className="light-remove">
      <button
        type="button"
        className="button button--secondary"
        aria-label={`Remove “${target.name}”`}
        aria-disabled={archive.busy || undefined}
        onClick={() => void archive.run(null).then((done) => done && removed())}
      >
        Remove
      </button>
      {archive.problem && (
        <p className="field-error" role="alert">
          {archive.problem.refusals?.map((r) => r.reason).join(' ') ?? archive.problem.detail}
        </p>
      )}
    </div>
  );
}

function ShootDaysHere({ productionId, locationId, light, list }: { productionId: string; locationId: string; light: DayLight; list: TargetList }) {
  if (list.shootDays.length === 0) return null;
  const nameOf = (id: string) => list.targets.find((t) => t.id === id)?.name ?? 'Target';
  const clock = (instant: string) => clockFor(light.timezone, instant.slice(0, 10))(instant).slice(0, 5);
  return (
    <section aria-labelledby="light-days">
      <h2 id="light-days">Shoot days here</h2>
      <ul className="light-days">
        {list.shootDays.map((day) => (
          <li key={day.id} className="light-day">
            <p className="light-day-head">
              <Link href={lightPath(productionId, locationId, day.date)}>{dateWords(day.date, 'medium')}</Link>
            </p>
            <p className="light-day-sun">
              Sunrise {day.sunrise ? clock(day.sunrise) : 'none'} · sunset {day.sunset ? clock(day.sunset) : 'none'} · <Link href={dayPath(productionId, day.id)}>Open the shoot day</Link>
            </p>
            {day.targets.length > 0 && (
              <ul className="light-day-targets">
                {day.targets.map((t, n) => (
                  <li key={t.id}>
                    <span className="light-number" aria-hidden="true">
                      {n + 1}
                    </span>
                    <span className="visually-hidden">{nameOf(t.id)}: </span>
                    {t.windows.length === 0 ? 'no window' : t.windows.map((w) => `${clock(w.start)}–${clock(w.end)}`).join(', ')}
                    {t.suggestedCall && ` · call ${t.suggestedCall}`}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const targetFields = ['name', 'azimuthFrom', 'azimuthTo', 'altitudeFrom', 'altitudeTo', 'leadMinutes', 'notes'];

/** A number typed with a comma or a point; NaN when it is not one. */
const number = (value: string) => (value === '' ? Number.NaN : Number(value.replace(',', '.')));

function readTarget(form: HTMLFormElement): { body: NewLightTarget; invalid: Record<string, string> } {
  const invalid: Record<string, string> = {};
  const name = text(form, 'name');
  if (!name) invalid.name = 'Name the light, as you would say it on set.';
  const read = (field: string, min: number, max: number, words: string) => {
    const value = number(text(form, field));
    if (!Number.isFinite(value) || value < min || value > max) invalid[field] = words;
    return value;
  };
  const azimuthFrom = read('azimuthFrom', 0, 360, 'Enter degrees from north, 0 to 360.');
  const azimuthTo = read('azimuthTo', 0, 360, 'Enter degrees from north, 0 to 360.');
  const altitudeFrom = read('altitudeFrom', -90, 90, 'Enter degrees above the horizon, −90 to 90.');
  const altitudeTo = read('altitudeTo', -90, 90, 'Enter degrees above the horizon, −90 to 90.');
  if (!invalid.altitudeFrom && !invalid.altitudeTo && altitudeFrom > altitudeTo) invalid.altitudeFrom = 'The lower altitude comes first.';
  const lead = text(form, 'leadMinutes');
  if (lead && !/^\d{1,3}$/.test(lead)) invalid.leadMinutes = 'Enter whole minutes, like 60.';
  const notes = text(form, 'notes');
  return { body: { name, azimuthFrom, azimuthTo, altitudeFrom, altitudeTo, leadMinutes: lead ? Number(lead) : null, notes: notes || null }, invalid };
}

function TargetForm({ productionId, locationId, named }: { productionId: string; locationId: string; named: (name: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const hints = useId();
  const submit = useSubmit((body: NewLightTarget, options) => lightApi.nameTarget(productionId, locationId, body, options));
  const [typed, setTyped] = useState<Problem | null>(null);
  const [round, setRound] = useState(0);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const { body, invalid } = readTarget(form);
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: 'Please correct the fields marked below.', fields: invalid });
      return;
    }
    setTyped(null);
    const done = await submit.run(body);
    if (done) {
      setRound((n) => n + 1);
      named(done.data.target.name);
    }
  }

  return (
    <div ref={box}>
      <Form key={round} label="Name a light" problem={problem} fields={targetFields} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label="Name" autoComplete="off" hint="What the shot needs, like “low sun east-south-east behind the herd”." />
        <fieldset className="light-fieldset" aria-describedby={`${hints}-direction`}>
          <legend>Direction: degrees from true north, clockwise</legend>
          <p className="hint" id={`${hints}-direction`}>
            East is 90, south 180, west 270. A range through north runs from 350 to 20.
          </p>
          <div className="light-pair">
            <Field name="azimuthFrom" label="From" inputMode="decimal" autoComplete="off" />
            <Field name="azimuthTo" label="To" inputMode="decimal" autoComplete="off" />
          </div>
        </fieldset>
        <fieldset className="light-fieldset" aria-describedby={`${hints}-height`}>
          <legend>Height: degrees above the horizon</legend>
          <p className="hint" id={`${hints}-height`}>
            0 is the horizon; a low, warm sun is 0 to 10.
          </p>
          <div className="light-pair">
            <Field name="altitudeFrom" label="From" inputMode="decimal" autoComplete="off" />
            <Field name="altitudeTo" label="To" inputMode="decimal" autoComplete="off" />
          </div>
        </fieldset>
        <Field name="leadMinutes" label="Call before the window, in minutes (optional)" inputMode="numeric" autoComplete="off" hint="90 unless you say: time to rig, light and rehearse." />
        <TextAreaField name="notes" label="Notes (optional)" rows={2} />
        <SubmitButton busy={submit.busy}>Name this light</SubmitButton>
      </Form>
    </div>
  );
}
