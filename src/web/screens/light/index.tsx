// The light at a location: a date (the next shoot day there unless another is
// chosen), the day's sun on the location's clock, its path drawn two ways, the
// sun positions the DP has named with their windows and the call they suggest,
// on this date and on each shoot day here, and a form to name another.
import { useId, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api.js';
import { Field, Form, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link, navigate, useLocation } from '../../router.js';
import { useSession } from '../../session.js';
import { useResource } from '../../use-resource.js';
import { refusalWords } from '../../refusals.js';
import { dateWords, dayPath, Facts, Loading, locationPath, useProblemInView } from '../schedule/shared.js';
import { lightApi, type DayLight, type LightTarget, type NewLightTarget, type TargetList } from './light-api.js';
import { SkyChart, SunChart } from './plot.js';
import { bearing, clockFor, degrees, rangesText, shadowText, spanText, zoneName } from './words.js';

export const lightPath = (pid: string, lid: string, date?: string) => `${locationPath(pid, lid)}/light${date ? `?date=${encodeURIComponent(date)}` : ''}`;

/** The location's light page: its date comes from the address, else the next shoot day here, else today there. */
export function LightScreen({ productionId, locationId }: { productionId: string; locationId: string }) {
  const { t } = useTranslation();
  const { query } = useLocation();
  const asked = query.get('date');
  const [list, reloadList] = useResource(`${productionId}/${locationId}/light-targets`, () => lightApi.targets(productionId, locationId));
  const date = asked ?? (list.state === 'ready' ? (list.data.shootDays[0]?.date ?? '') : null);
  return (
    <Page title={t('light.title')} wide>
      <Loading resource={list} retry={reloadList} />
      {list.state === 'ready' && date !== null && (
        <LightDay key={date} productionId={productionId} locationId={locationId} date={date || undefined} list={list.data} reloadList={reloadList} />
      )}
    </Page>
  );
}

function LightDay({ productionId, locationId, date, list, reloadList }: { productionId: string; locationId: string; date: string | undefined; list: TargetList; reloadList: () => void }) {
  const { t } = useTranslation();
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
        <Link href={locationPath(productionId, locationId)}>{light.location.name}</Link> · {dateWords(light.date)} · {t('light.timesIn', { zone: zoneName(light.timezone, light.solarNoon) })}
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
            <h2 id="light-day">{t('light.theDay')}</h2>
            <KeyTimes light={light} clock={clock} />
            <SunChart light={light} clock={clock} />
            <DayFacts light={light} clock={clock} />
          </section>
          <section aria-labelledby="light-sky">
            <h2 id="light-sky">{t('light.acrossSky')}</h2>
            <SkyChart light={light} clock={clock} />
            <PathTable light={light} clock={clock} />
          </section>
        </div>
        <div className="light-side">
          <section aria-labelledby="light-targets">
            <h2 id="light-targets">{t('light.targets')}</h2>
            <p className="status status--done" role="status">
              {said}
            </p>
            <TargetsToday productionId={productionId} locationId={locationId} light={light} list={list} clock={clock} changed={changed} />
          </section>
          <ShootDaysHere productionId={productionId} locationId={locationId} light={light} list={list} />
          <section className="panel" aria-labelledby="light-name">
            <h2 id="light-name">{t('light.form.title')}</h2>
            <TargetForm productionId={productionId} locationId={locationId} named={(name) => changed(t('light.named', { name }))} />
          </section>
          <details className="light-assumptions">
            <summary>{t('light.assumptions')}</summary>
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
  const { t } = useTranslation();
  return (
    <div className="light-dates">
      <div className="field light-date">
        <label htmlFor="light-date">{t('light.date')}</label>
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
        <nav aria-label={t('light.shootDays')}>
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
  const { t } = useTranslation();
  const none = light.polar === 'day' ? t('light.staysUp') : t('light.staysDown');
  const event = (label: string, at: string | null, azimuth: number | null) => (
    <div className="light-key-time">
      <dt>{label}</dt>
      <dd>
        <span className="light-key-clock">{at ? clock(at) : t('light.words.none')}</span>
        <span className="light-key-sub">{at && azimuth !== null ? bearing(azimuth) : none}</span>
      </dd>
    </div>
  );
  return (
    <dl className="light-key-times">
      {event(t('light.sunrise'), light.sunrise, light.sunriseAzimuth)}
      <div className="light-key-time">
        <dt>{t('light.noon')}</dt>
        <dd>
          <span className="light-key-clock">{clock(light.solarNoon)}</span>
          <span className="light-key-sub">{t('light.high', { altitude: degrees(light.noonAltitude) })}</span>
        </dd>
      </div>
      {event(t('light.sunset'), light.sunset, light.sunsetAzimuth)}
    </dl>
  );
}

function DayFacts({ light, clock }: { light: DayLight; clock: (instant: string) => string }) {
  const { t } = useTranslation();
  const lowest = light.path.reduce<number | null>((min, p) => (p.shadowPerMetre !== null && (min === null || p.shadowPerMetre < min) ? p.shadowPerMetre : min), null);
  const none = t('light.words.none');
  return (
    <Facts
      items={[
        [t('light.shortestShadow'), lowest !== null ? t('light.shadowAt', { length: shadowText(lowest), time: clock(light.solarNoon) }) : t('light.noShadow')],
        [t('light.goldenHour'), t('light.twoSpans', { first: spanText(clock, light.goldenHour.morning), second: spanText(clock, light.goldenHour.evening) })],
        [t('light.blueHour'), t('light.twoSpans', { first: spanText(clock, light.blueHour.morning), second: spanText(clock, light.blueHour.evening) })],
        [t('light.civilTwilight'), t('light.twoSpans', { first: light.civilDawn ? clock(light.civilDawn) : none, second: light.civilDusk ? clock(light.civilDusk) : none })],
      ]}
    />
  );
}

/** The hour-by-hour table: the plots' text alternative, and what a DP reads a shadow off. */
function PathTable({ light, clock }: { light: DayLight; clock: (instant: string) => string }) {
  const { t } = useTranslation();
  const rows = light.path.filter((p) => clock(p.at).slice(2, 5) === ':00');
  return (
    <details className="light-table">
      <summary>{t('light.table.summary')}</summary>
      <div className="light-table-scroll">
        <table>
          <caption>{t('light.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('light.table.time')}</th>
              <th scope="col">{t('light.table.altitude')}</th>
              <th scope="col">{t('light.table.direction')}</th>
              <th scope="col">{t('light.table.shadow')}</th>
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
  const { t } = useTranslation();
  if (light.targets.length === 0) return <p>{t('light.noTargets')}</p>;
  return (
    <ol className="light-targets">
      {light.targets.map((target, n) => {
        const record = list.targets.find((named) => named.id === target.id);
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
              <p className="light-window-none">{t('light.noWindow', { date: dateWords(light.date, 'short') })}</p>
            ) : (
              <p className="light-window-times">
                {t('light.window', { times: target.windows.map((w) => `${clock(w.start)}–${clock(w.end)}`).join(', ') })}
                {target.suggestedCall && (
                  <>
                    {' · '}
                    <strong>{t('light.suggestedCall', { time: target.suggestedCall })}</strong> {t('light.ahead', { count: target.leadMinutes })}
                  </>
                )}
              </p>
            )}
            {target.notes && <p className="light-target-notes">{target.notes}</p>}
            {record && <RemoveTarget productionId={productionId} locationId={locationId} target={record} removed={() => changed(t('light.removed', { name: target.name }))} />}
          </li>
        );
      })}
    </ol>
  );
}

/** Who the server lets take a target off: its author, the 1st AD, the producer, the head of camera (the rule decides; a refusal is recorded). */
function RemoveTarget({ productionId, locationId, target, removed }: { productionId: string; locationId: string; target: LightTarget; removed: () => void }) {
  const { t } = useTranslation();
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
        aria-label={t('light.removeNamed', { name: target.name })}
        aria-disabled={archive.busy || undefined}
        onClick={() => void archive.run(null).then((done) => done && removed())}
      >
        {t('light.remove')}
      </button>
      {archive.problem && (
        <p className="field-error" role="alert">
          {archive.problem.refusals?.map(refusalWords).join(' ') ?? archive.problem.detail}
        </p>
      )}
    </div>
  );
}

function ShootDaysHere({ productionId, locationId, light, list }: { productionId: string; locationId: string; light: DayLight; list: TargetList }) {
  const { t } = useTranslation();
  if (list.shootDays.length === 0) return null;
  const nameOf = (id: string) => list.targets.find((target) => target.id === id)?.name ?? t('light.target');
  const clock = (instant: string) => clockFor(light.timezone, instant.slice(0, 10))(instant).slice(0, 5);
  return (
    <section aria-labelledby="light-days">
      <h2 id="light-days">{t('light.shootDays')}</h2>
      <ul className="light-days">
        {list.shootDays.map((day) => (
          <li key={day.id} className="light-day">
            <p className="light-day-head">
              <Link href={lightPath(productionId, locationId, day.date)}>{dateWords(day.date, 'medium')}</Link>
            </p>
            <p className="light-day-sun">
              {t('light.daySun', { sunrise: day.sunrise ? clock(day.sunrise) : t('light.words.none'), sunset: day.sunset ? clock(day.sunset) : t('light.words.none') })} ·{' '}
              <Link href={dayPath(productionId, day.id)}>{t('light.openDay')}</Link>
            </p>
            {day.targets.length > 0 && (
              <ul className="light-day-targets">
                {day.targets.map((target, n) => (
                  <li key={target.id}>
                    <span className="light-number" aria-hidden="true">
                      {n + 1}
                    </span>
                    <span className="visually-hidden">{nameOf(target.id)}: </span>
                    {target.windows.length === 0 ? t('light.noWindowShort') : target.windows.map((w) => `${clock(w.start)}–${clock(w.end)}`).join(', ')}
                    {target.suggestedCall && ` · ${t('light.call', { time: target.suggestedCall })}`}
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

function readTarget(form: HTMLFormElement, t: TFunction): { body: NewLightTarget; invalid: Record<string, string> } {
  const invalid: Record<string, string> = {};
  const name = text(form, 'name');
  if (!name) invalid.name = t('light.form.nameMissing');
  const read = (field: string, min: number, max: number, words: string) => {
    const value = number(text(form, field));
    if (!Number.isFinite(value) || value < min || value > max) invalid[field] = words;
    return value;
  };
  const azimuthFrom = read('azimuthFrom', 0, 360, t('light.form.azimuthInvalid'));
  const azimuthTo = read('azimuthTo', 0, 360, t('light.form.azimuthInvalid'));
  const altitudeFrom = read('altitudeFrom', -90, 90, t('light.form.altitudeInvalid'));
  const altitudeTo = read('altitudeTo', -90, 90, t('light.form.altitudeInvalid'));
  if (!invalid.altitudeFrom && !invalid.altitudeTo && altitudeFrom > altitudeTo) invalid.altitudeFrom = t('light.form.lowerFirst');
  const lead = text(form, 'leadMinutes');
  if (lead && !/^\d{1,3}$/.test(lead)) invalid.leadMinutes = t('light.form.leadInvalid');
  const notes = text(form, 'notes');
  return { body: { name, azimuthFrom, azimuthTo, altitudeFrom, altitudeTo, leadMinutes: lead ? Number(lead) : null, notes: notes || null }, invalid };
}

function TargetForm({ productionId, locationId, named }: { productionId: string; locationId: string; named: (name: string) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const hints = useId();
  const submit = useSubmit((body: NewLightTarget, options) => lightApi.nameTarget(productionId, locationId, body, options));
  const [typed, setTyped] = useState<Problem | null>(null);
  const [round, setRound] = useState(0);
  const problem = typed ?? submit.problem;
  useProblemInView(box, problem);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const { body, invalid } = readTarget(form, t);
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: t('light.form.invalid'), detail: t('light.form.correct'), fields: invalid });
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
      <Form key={round} label={t('light.form.title')} problem={problem} fields={targetFields} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label={t('light.form.name')} autoComplete="off" hint={t('light.form.nameHint')} />
        <fieldset className="light-fieldset" aria-describedby={`${hints}-direction`}>
          <legend>{t('light.form.direction')}</legend>
          <p className="hint" id={`${hints}-direction`}>
            {t('light.form.directionHint')}
          </p>
          <div className="light-pair">
            <Field name="azimuthFrom" label={t('light.form.from')} inputMode="decimal" autoComplete="off" />
            <Field name="azimuthTo" label={t('light.form.to')} inputMode="decimal" autoComplete="off" />
          </div>
        </fieldset>
        <fieldset className="light-fieldset" aria-describedby={`${hints}-height`}>
          <legend>{t('light.form.height')}</legend>
          <p className="hint" id={`${hints}-height`}>
            {t('light.form.heightHint')}
          </p>
          <div className="light-pair">
            <Field name="altitudeFrom" label={t('light.form.from')} inputMode="decimal" autoComplete="off" />
            <Field name="altitudeTo" label={t('light.form.to')} inputMode="decimal" autoComplete="off" />
          </div>
        </fieldset>
        <Field name="leadMinutes" label={t('light.form.lead')} inputMode="numeric" autoComplete="off" hint={t('light.form.leadHint')} />
        <TextAreaField name="notes" label={t('light.form.notes')} rows={2} />
        <SubmitButton busy={submit.busy}>{t('light.form.submit')}</SubmitButton>
      </Form>
    </div>
  );
}
