// The production's stops (S1): the list, and one stop's page with who has
// acknowledged it on which device, who has not yet, and the lift. The lift is
// offered to everyone: the rule, not the screen, decides, and a refused
// attempt is recorded in the ledger and shown with the rule's reasons.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type LiftStopBody, type Member, type Stop, type StopDetail } from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { raisedByText, WhereWhoWhen } from '../components/takeover.js';
import { deviceId } from '../device.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useLive } from '../live-provider.js';
import { useStops } from '../stops.js';
import { dateTimeOptions, timeFormat } from '../time.js';
import { useResource } from '../use-resource.js';

/** Devices come and go without an event; the list of who has not acknowledged is read again this often. */
const presenceRefreshMs = 15_000;

function useStopTimes(): Intl.DateTimeFormat {
  const zone = useStops()?.production?.timezone;
  const { i18n } = useTranslation();
  return useMemo(() => timeFormat(zone, dateTimeOptions), [zone, i18n.language]);
}

function deviceText(id: string): string {
  return id === deviceId() ? t('stops.detail.thisDevice') : t('stops.detail.device', { id: id.slice(0, 6) });
}

function StopItem({ stop, base }: { stop: Stop; base: string }) {
  const { t } = useTranslation();
  const times = useStopTimes();
  return (
    <li className={stop.status === 'active' ? 'stop-item stop-item--active' : 'stop-item'}>
      <Link className="card-link" href={`${base}/${encodeURIComponent(stop.id)}`}>
        <span className="card-title">{stop.reason ?? t('stops.noReason')}</span>
        <span className="card-sub">
          {stop.location ? `${stop.location} · ` : ''}
          {raisedByText(stop)} · <time dateTime={stop.raisedAt}>{times.format(new Date(stop.raisedAt))}</time>
        </span>
        {stop.status === 'lifted' && stop.liftedAt && (
          <span className="card-sub">
            {t('stops.list.lifted')} <time dateTime={stop.liftedAt}>{times.format(new Date(stop.liftedAt))}</time>
          </span>
        )}
      </Link>
    </li>
  );
}

export function StopListScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const stops = useStops();
  const connected = useLive()?.connected;
  const base = `/productions/${encodeURIComponent(productionId)}/stops`;
  const active = stops?.stops.filter((s) => s.status === 'active') ?? [];
  const lifted = stops?.stops.filter((s) => s.status === 'lifted') ?? [];
  return (
    <Page title={t('stops.list.title')}>
      <p className="lead">{t('stops.list.lead')}</p>
      {!stops?.loaded ? (
        <p role="status">{connected === false ? t('stops.list.unreachable') : t('common.loading')}</p>
      ) : (
        <>
          <section aria-labelledby="active-stops">
            <h2 id="active-stops">{t('stops.list.active')}</h2>
            {active.length === 0 ? (
              <p>{t('stops.list.noneActive')}</p>
            ) : (
              <ul className="cards">
                {active.map((stop) => (
                  <StopItem key={stop.id} stop={stop} base={base} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="lifted-stops">
            <h2 id="lifted-stops">{t('stops.list.recentlyLifted')}</h2>
            {lifted.length === 0 ? (
              <p>{t('common.noneYet')}</p>
            ) : (
              <ul className="cards">
                {lifted.map((stop) => (
                  <StopItem key={stop.id} stop={stop} base={base} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

/**
 * The device the named raiser pressed STOP on: the server records its acknowledgement with
 * the stop itself, so it is the raiser's first one. An anonymous stop has none.
 */
function raiserDevice(detail: StopDetail): string | undefined {
  const raiser = detail.stop.raisedBy?.userId;
  if (!raiser) return undefined;
  return [...detail.acks].sort((a, b) => a.at.localeCompare(b.at)).find((ack) => ack.userId === raiser)?.deviceId;
}

function Acknowledgements({ detail, times }: { detail: StopDetail; times: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  const raisedOn = raiserDevice(detail);
  // The raiser first: they saw it before anyone.
  const acks = [...detail.acks].sort((a, b) => Number(b.deviceId === raisedOn) - Number(a.deviceId === raisedOn) || a.at.localeCompare(b.at));
  // The raiser's row says when STOP was pressed, which for a stop queued offline is before it reached Setbook.
  const at = (ack: StopDetail['acks'][number]) => (ack.deviceId === raisedOn ? detail.stop.raisedAt : ack.at);
  return (
    <section className="panel" aria-labelledby="acks-heading">
      <h2 id="acks-heading">{t('stops.detail.acknowledged', { n: acks.length })}</h2>
      {acks.length === 0 ? (
        <p>{t('stops.detail.noAcks')}</p>
      ) : (
        <ul className="people">
          {acks.map((ack) => (
            <li key={ack.deviceId}>
              <span className="person-name">{ack.name ?? t('common.someoneCapital')}</span>
              <span className="person-sub">
                {ack.deviceId === raisedOn ? t('stops.detail.raisedOn', { device: deviceText(ack.deviceId) }) : t('stops.detail.ackedOn', { device: deviceText(ack.deviceId) })} ·{' '}
                <time dateTime={at(ack)}>{times.format(new Date(at(ack)))}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
      {detail.stop.status === 'active' && (
        <>
          <h3 className="subhead">{t('stops.detail.notAcked', { n: detail.unacknowledgedDevices.length })}</h3>
          {detail.unacknowledgedDevices.length === 0 ? (
            <p>{t('stops.detail.allAcked')}</p>
          ) : (
            <ul className="people">
              {detail.unacknowledgedDevices.map((device) => (
                <li key={device.deviceId}>
                  <span className="person-name">{device.name ?? t('common.someoneCapital')}</span>
                  <span className="person-sub">{t('stops.detail.notAckedOn', { device: deviceText(device.deviceId) })}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

interface LiftInput {
  resolution: string;
  pin: string;
  secondUserId: string;
  secondPin: string;
}

function checkLift(input: LiftInput): Record<string, string> {
  const invalid: Record<string, string> = {};
  if (!input.resolution) invalid.resolution = t('stops.lift.check.resolution');
  if (!isPin(input.pin)) invalid.pin = t('stops.lift.check.pin');
  if (input.secondUserId && !isPin(input.secondPin)) invalid.secondPin = t('stops.lift.check.secondPin');
  if (!input.secondUserId && input.secondPin) invalid.secondUserId = t('stops.lift.check.secondUser');
  return invalid;
}

/** The signed-in person lifts and confirms first; a second person is optional here, so a lift alone reaches the rule and is refused there. */
function liftBody(input: LiftInput, myId: string): LiftStopBody {
  const confirmations = [{ userId: myId, pin: input.pin }];
  if (input.secondUserId) confirmations.push({ userId: input.secondUserId, pin: input.secondPin });
  return { resolution: input.resolution, confirmations };
}

function LiftForm({ productionId, stopId, members, lifted }: { productionId: string; stopId: string; members: Member[] | null; lifted: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const submit = useSubmit<LiftInput, { stop: Stop }>((input, options) => api.liftStop(productionId, stopId, liftBody(input, me?.user.id ?? ''), options));
  if (!me) return null;
  const others = (members ?? []).filter((m) => m.userId !== me.user.id && m.status === 'active');

  async function lift(form: HTMLFormElement): Promise<void> {
    const input = { resolution: text(form, 'resolution'), pin: secret(form, 'pin'), secondUserId: text(form, 'secondUserId'), secondPin: secret(form, 'secondPin') };
    const done = await submit.run(input, checkLift);
    // PINs never stay on a shared tablet's screen, whatever the answer.
    for (const input of form.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = '';
    if (done) lifted();
  }

  return (
    <section className="panel" aria-labelledby="lift-heading">
      <h2 id="lift-heading">{t('stops.lift.title')}</h2>
      <p>{t('stops.lift.lead')}</p>
      <Form label={t('stops.lift.title')} problem={submit.problem} fields={['resolution', 'pin', 'secondUserId', 'secondPin']} onSubmit={(f) => void lift(f)}>
        <TextAreaField name="resolution" label={t('stops.lift.resolution')} rows={4} className="prose" hint={t('stops.lift.resolutionHint')} />
        <Field name="pin" label={t('stops.lift.pin')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={t('stops.lift.pinHint', { name: me.user.name })} />
        <SelectField name="secondUserId" label={t('stops.lift.second')} hint={t('stops.lift.secondHint')} defaultValue="">
          <option value="">{members ? t('stops.lift.choosePerson') : t('stops.lift.loadingCrew')}</option>
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({rolesText(m.roles)})
            </option>
          ))}
        </SelectField>
        <Field name="secondPin" label={t('stops.lift.secondPin')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={t('stops.lift.secondPinHint')} />
        <SubmitButton busy={submit.busy}>{t('stops.lift.title')}</SubmitButton>
      </Form>
    </section>
  );
}

export function StopScreen({ productionId, stopId }: { productionId: string; stopId: string }) {
  const { t } = useTranslation();
  const listen = useLive()?.listen;
  const times = useStopTimes();
  const [detail, reload] = useResource(`${productionId}/${stopId}`, () => api.stop(productionId, stopId));
  const [members] = useResource(productionId, () => api.members(productionId));

  useEffect(
    () =>
      listen?.((signal) => {
        const about =
          signal.type === 'open' ||
          (signal.type === 'stop.acked' && signal.stopId === stopId) ||
          ((signal.type === 'stop.raised' || signal.type === 'stop.lifted') && signal.stop.id === stopId);
        if (about) reload();
      }),
    [listen, stopId, reload],
  );
  useEffect(() => {
    const timer = setInterval(reload, presenceRefreshMs);
    return () => clearInterval(timer);
  }, [reload]);

  const people = members.state === 'ready' ? members.data.members : null;
  const nameOf = (userId: string | null) => (userId ? (people?.find((m) => m.userId === userId)?.name ?? t('common.someone')) : t('common.someone'));
  const stop = detail.state === 'ready' ? detail.data.stop : null;

  function lifted(): void {
    reload();
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }

  return (
    <Page title={!stop ? t('stops.detail.title') : stop.status === 'active' ? t('stops.banner.title') : t('stops.detail.liftedTitle')}>
      <Link className="back-link" href={`/productions/${encodeURIComponent(productionId)}/stops`}>
        {t('stops.detail.all')}
      </Link>
      {detail.state === 'loading' && <p>{t('common.loading')}</p>}
      {detail.state === 'failed' && <p role="alert">{detail.problem.detail}</p>}
      {detail.state === 'ready' && stop && (
        <>
          <section className={stop.status === 'active' ? 'stop-facts stop-facts--active' : 'stop-facts'} aria-label={t('stops.detail.label')}>
            <p className="stop-status">{stop.status === 'active' ? t('stops.detail.active') : t('stops.detail.lifted')}</p>
            <dl className="facts">
              <div>
                <dt>{t('stops.facts.what')}</dt>
                <dd>{stop.reason ?? t('stops.noReason')}</dd>
              </div>
              <WhereWhoWhen stop={stop} times={times} />
              {stop.status === 'lifted' && (
                <>
                  <div>
                    <dt>{t('stops.list.lifted')}</dt>
                    <dd>
                      {stop.liftedAt && <time dateTime={stop.liftedAt}>{times.format(new Date(stop.liftedAt))}</time>}{' '}
                      {t('stops.detail.liftedBy', { by: nameOf(stop.liftedBy), second: nameOf(stop.secondedBy) })}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('stops.facts.resolution')}</dt>
                    <dd className="prose-text">{stop.resolution}</dd>
                  </div>
                </>
              )}
            </dl>
          </section>
          <Acknowledgements detail={detail.data} times={times} />
          {stop.status === 'active' && <LiftForm productionId={productionId} stopId={stopId} members={people} lifted={lifted} />}
        </>
      )}
    </Page>
  );
}
