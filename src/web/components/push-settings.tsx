import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { pushDevice } from '../../contract/push.js';
import type { z } from 'zod';
import { currentLocale, intlLocale } from '../i18n.js';

type Device = z.output<typeof pushDevice>;

/** Where this browser stands: on, off, refused by the browser, impossible here, or a server that does not push. */
type PushState = 'checking' | 'on' | 'off' | 'blocked' | 'unsupported' | 'notSetUp';

/** Push needs a secure page, a service worker and the Push API: a phone on the set's plain-HTTP address has none of them. */
function pushPossible(): boolean {
  return window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The VAPID key as the Push API takes it: base64url to bytes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** What the server keeps of a subscription: its endpoint and keys, and the language messages are written in. */
function deviceBody(subscription: PushSubscription) {
  const json = subscription.toJSON();
  return { endpoint: subscription.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' }, locale: currentLocale() };
}

/**
 * Turns Web Push on or off for this browser, and lists the person's devices.
 * A subscription found on opening is sent again, so the server writes to it
 * in the language now chosen and knows it belongs to whoever is signed in.
 */
export function PushSettings() {
  const { t } = useTranslation();
  const [state, setState] = useState<PushState>('checking');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  // null until the server has answered: "no device" is said only once it is known.
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [thisDevice, setThisDevice] = useState<string | null>(null);

  const loadDevices = useCallback(async () => {
    const listed = await api.pushDevices();
    if (listed.ok) setDevices(listed.data.devices);
  }, []);

  useEffect(() => {
    let live = true;
    void (async () => {
      await loadDevices();
      if (!pushPossible()) return live && setState('unsupported');
      if (Notification.permission === 'denied') return live && setState('blocked');
      const key = await api.pushKey();
      if (!key.ok) return live && setState(key.problem.status === 404 ? 'notSetUp' : 'off');
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.getSubscription();
      if (!subscription) return live && setState('off');
      const added = await api.addPushDevice(deviceBody(subscription));
      if (!live) return;
      if (added.ok) setThisDevice(added.data.id);
      setState('on');
      await loadDevices();
    })();
    return () => {
      live = false;
    };
  }, [loadDevices]);

  async function turnOn(): Promise<void> {
    const key = await api.pushKey();
    if (!key.ok) throw new Error(key.problem.detail);
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      setState(permission === 'denied' ? 'blocked' : 'off');
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.data.publicKey) });
    const added = await api.addPushDevice(deviceBody(subscription));
    if (!added.ok) {
      // The server does not know it, so the browser must not keep a subscription nobody writes to.
      await subscription.unsubscribe();
      throw new Error(added.problem.detail);
    }
    setThisDevice(added.data.id);
    setState('on');
  }

  async function turnOff(): Promise<void> {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    await subscription?.unsubscribe();
    if (thisDevice) await api.removePushDevice(thisDevice);
    setThisDevice(null);
    setState('off');
  }

  async function act(work: () => Promise<void>): Promise<void> {
    setBusy(true);
    setFailure('');
    try {
      await work();
    } catch (error) {
      setFailure(t('push.settings.failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
      await loadDevices();
    }
  }

  async function remove(device: Device): Promise<void> {
    if (device.id === thisDevice) return act(turnOff);
    return act(async () => {
      const removed = await api.removePushDevice(device.id);
      if (!removed.ok && removed.problem.status !== 404) throw new Error(removed.problem.detail);
    });
  }

  const when = (instant: string) => new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
  const nameOf = (device: Device) => device.label ?? t('push.settings.unnamed');
  const stateWords: Record<Exclude<PushState, 'checking'>, string> = {
    on: t('push.settings.on'),
    off: t('push.settings.off'),
    blocked: t('push.settings.blocked'),
    unsupported: t('push.settings.unsupported'),
    notSetUp: t('push.settings.notSetUp'),
  };

  return (
    <section className="panel" aria-labelledby="push-heading">
      <h2 id="push-heading">{t('push.settings.heading')}</h2>
      <p>{t('push.settings.intro')}</p>
      <p>{t('push.settings.offline')}</p>
      <p className="status" role="status" data-push-state={state}>
        {state === 'checking' ? '' : <strong>{stateWords[state]}</strong>}
      </p>
      {state === 'off' ? (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(turnOn)}>
          {busy ? t('push.settings.working') : t('push.settings.turnOn')}
        </button>
      ) : null}
      {state === 'on' ? (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void act(turnOff)}>
          {busy ? t('push.settings.working') : t('push.settings.turnOff')}
        </button>
      ) : null}
      <p className="status" role="alert">
        {failure}
      </p>
      <h3>{t('push.settings.devices')}</h3>
      {devices === null ? (
        <p className="hint">{t('push.settings.loadingDevices')}</p>
      ) : devices.length === 0 ? (
        <p>{t('push.settings.noDevices')}</p>
      ) : (
        <ul className="push-devices">
          {devices.map((device) => (
            <li key={device.id}>
              <strong>{device.id === thisDevice ? t('push.settings.thisDevice', { device: nameOf(device) }) : nameOf(device)}</strong>
              <br />
              {t('push.settings.details', { date: when(device.createdAt), service: device.service })}
              {device.lastOkAt ? (
                <>
                  <br />
                  {t('push.settings.lastReached', { date: when(device.lastOkAt) })}
                </>
              ) : null}
              {device.failures > 0 ? (
                <>
                  <br />
                  {t('push.settings.failures', { count: device.failures })}
                </>
              ) : null}
              <br />
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                aria-label={t('push.settings.removeLabel', { device: nameOf(device) })}
                onClick={() => void remove(device)}
              >
                {t('push.settings.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
