// The production's stops (S1): the list, and one stop's page with who has
// acknowledged it on which device, who has not yet, and the lift. The lift is
// offered to everyone: the rule, not the screen, decides, and a refused
// attempt is recorded in the ledger and shown with the rule's reasons.
import { useEffect, useMemo } from 'react';
import { api, type LiftStopBody, type Member, type Stop, type StopDetail } from '../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../components/form.js';
import { Page } from '../components/layout.js';
import { raisedByText, WhereWhoWhen } from '../components/takeover.js';
import { deviceId } from '../device.js';
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
  return useMemo(() => timeFormat(zone, dateTimeOptions), [zone]);
}

function deviceText(id: string): string {
  return id === deviceId() ? 'this device' : `device ${id.slice(0, 6)}`;
}

function StopItem({ stop, base }: { stop: Stop; base: string }) {
  const times = useStopTimes();
  return (
    <li className={stop.status === 'active' ? 'stop-item stop-item--active' : 'stop-item'}>
      <Link className="card-link" href={`${base}/${encodeURIComponent(stop.id)}`}>
        <span className="card-title">{stop.reason ?? 'No reason given'}</span>
        <span className="card-sub">
          {stop.location ? `${stop.location} · ` : ''}
          {raisedByText(stop)} · <time dateTime={stop.raisedAt}>{times.format(new Date(stop.raisedAt))}</time>
        </span>
        {stop.status === 'lifted' && stop.liftedAt && (
          <span className="card-sub">
            Lifted <time dateTime={stop.liftedAt}>{times.format(new Date(stop.liftedAt))}</time>
          </span>
        )}
      </Link>
    </li>
  );
}

export function StopListScreen({ productionId }: { productionId: string }) {
  const stops = useStops();
  const connected = useLive()?.connected;
  const base = `/productions/${encodeURIComponent(productionId)}/stops`;
  const active = stops?.stops.filter((s) => s.status === 'active') ?? [];
  const lifted = stops?.stops.filter((s) => s.status === 'lifted') ?? [];
  return (
    <Page title="Stops">
      <p className="lead">
        Anyone on the production can stop work with the STOP button at the bottom of every screen. Only the safety advisor lifts a stop, confirmed by a
        second person in another role.
      </p>
      {!stops?.loaded ? (
        <p role="status">{connected === false ? 'Setbook cannot be reached: the stops show when it is back.' : 'Loading…'}</p>
      ) : (
        <>
          <section aria-labelledby="active-stops">
            <h2 id="active-stops">Active</h2>
            {active.length === 0 ? (
              <p>No stop is active.</p>
            ) : (
              <ul className="cards">
                {active.map((stop) => (
                  <StopItem key={stop.id} stop={stop} base={base} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="lifted-stops">
            <h2 id="lifted-stops">Recently lifted</h2>
            {lifted.length === 0 ? (
              <p>None yet.</p>
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
  const raisedOn = raiserDevice(detail);
  // The raiser first: they saw it before anyone.
  const acks = [...detail.acks].sort((a, b) => Number(b.deviceId === raisedOn) - Number(a.deviceId === raisedOn) || a.at.localeCompare(b.at));
  // The raiser's row says when STOP was pressed, which for a stop queued offline is before it reached Setbook.
  const at = (ack: StopDetail['acks'][number]) => (ack.deviceId === raisedOn ? detail.stop.raisedAt : ack.at);
  return (
    <section className="panel" aria-labelledby="acks-heading">
      <h2 id="acks-heading">Acknowledged ({acks.length})</h2>
      {acks.length === 0 ? (
        <p>No device has acknowledged this stop yet.</p>
      ) : (
        <ul className="people">
          {acks.map((ack) => (
            <li key={ack.deviceId}>
              <span className="person-name">{ack.name ?? 'Someone'}</span>
              <span className="person-sub">
                {ack.deviceId === raisedOn ? 'Raised the stop' : 'Acknowledged'} on {deviceText(ack.deviceId)} · <time dateTime={at(ack)}>{times.format(new Date(at(ack)))}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
      {detail.stop.status === 'active' && (
        <>
          <h3 className="subhead">Connected, not acknowledged yet ({detail.unacknowledgedDevices.length})</h3>
          {detail.unacknowledgedDevices.length === 0 ? (
            <p>Every connected device has acknowledged.</p>
          ) : (
            <ul className="people">
              {detail.unacknowledgedDevices.map((device) => (
                <li key={device.deviceId}>
                  <span className="person-name">{device.name ?? 'Someone'}</span>
                  <span className="person-sub">Not acknowledged on {deviceText(device.deviceId)}</span>
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
  if (!input.resolution) invalid.resolution = 'Write how the problem was resolved.';
  if (!isPin(input.pin)) invalid.pin = 'Type your PIN: 4 to 8 digits.';
  if (input.secondUserId && !isPin(input.secondPin)) invalid.secondPin = 'Their PIN is 4 to 8 digits.';
  if (!input.secondUserId && input.secondPin) invalid.secondUserId = 'Choose whose PIN this is.';
  return invalid;
}

/** The signed-in person lifts and confirms first; a second person is optional here, so a lift alone reaches the rule and is refused there. */
function liftBody(input: LiftInput, myId: string): LiftStopBody {
  const confirmations = [{ userId: myId, pin: input.pin }];
  if (input.secondUserId) confirmations.push({ userId: input.secondUserId, pin: input.secondPin });
  return { resolution: input.resolution, confirmations };
}

function LiftForm({ productionId, stopId, members, lifted }: { productionId: string; stopId: string; members: Member[] | null; lifted: () => void }) {
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
      <h2 id="lift-heading">Lift the stop</h2>
      <p>
        Only the safety advisor lifts a stop, with a written resolution, their own PIN and the PIN of a second person in another role, both typed
        here. Nobody lifts a stop alone, the producer included. A refused attempt is recorded in the ledger.
      </p>
      <Form label="Lift the stop" problem={submit.problem} fields={['resolution', 'pin', 'secondUserId', 'secondPin']} onSubmit={(f) => void lift(f)}>
        <TextAreaField name="resolution" label="How was the problem resolved?" rows={4} className="prose" hint="Written into the ledger with the lift." />
        <Field name="pin" label="Your PIN" type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={`${me.user.name}: you lift, so you confirm first.`} />
        <SelectField name="secondUserId" label="Second person" hint="Someone in another role, here with you, who agrees work can resume." defaultValue="">
          <option value="">{members ? 'Choose a person' : 'Loading the crew…'}</option>
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({rolesText(m.roles)})
            </option>
          ))}
        </SelectField>
        <Field name="secondPin" label="Their PIN" type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint="They type it themselves." />
        <SubmitButton busy={submit.busy}>Lift the stop</SubmitButton>
      </Form>
    </section>
  );
}

export function StopScreen({ productionId, stopId }: { productionId: string; stopId: string }) {
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
  const nameOf = (userId: string | null) => (userId ? (people?.find((m) => m.userId === userId)?.name ?? 'someone') : 'someone');
  const stop = detail.state === 'ready' ? detail.data.stop : null;

  function lifted(): void {
    reload();
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }

  return (
    <Page title={!stop ? 'Stop' : stop.status === 'active' ? 'Work stopped' : 'Stop lifted'}>
      <Link className="back-link" href={`/productions/${encodeURIComponent(productionId)}/stops`}>
        All stops
      </Link>
      {detail.state === 'loading' && <p>Loading…</p>}
      {detail.state === 'failed' && <p role="alert">{detail.problem.detail}</p>}
      {detail.state === 'ready' && stop && (
        <>
          <section className={stop.status === 'active' ? 'stop-facts stop-facts--active' : 'stop-facts'} aria-label="The stop">
            <p className="stop-status">{stop.status === 'active' ? 'Active: work is stopped.' : 'Lifted: work may resume.'}</p>
            <dl className="facts">
              <div>
                <dt>What</dt>
                <dd>{stop.reason ?? 'No reason given'}</dd>
              </div>
              <WhereWhoWhen stop={stop} times={times} />
              {stop.status === 'lifted' && (
                <>
                  <div>
                    <dt>Lifted</dt>
                    <dd>
                      {stop.liftedAt && <time dateTime={stop.liftedAt}>{times.format(new Date(stop.liftedAt))}</time>} by {nameOf(stop.liftedBy)},
                      confirmed by {nameOf(stop.secondedBy)}
                    </dd>
                  </div>
                  <div>
                    <dt>Resolution</dt>
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
