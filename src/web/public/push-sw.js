// Web Push in the app's service worker (imported by the generated worker).
// The server writes each message in the device's own language, so nothing
// here needs words of its own: it shows what arrived and opens its screen.

/** A stop shakes the phone hard and long, as the takeover alarm sounds on a tablet. */
const STOP_VIBRATION = [600, 200, 600, 200, 600, 200, 600];

self.addEventListener('push', (event) => {
  if (!event.data) return;
  let message;
  try {
    message = event.data.json();
  } catch {
    return;
  }
  const stop = message.type === 'stop.raised';
  const options = {
    body: message.body,
    tag: message.tag,
    // A message with the same tag replaces the last one: a lift must still be noticed.
    renotify: true,
    icon: '/icon.svg',
    badge: '/icon.svg',
    data: { url: message.url },
    // A stop stays on screen until someone deals with it.
    requireInteraction: stop,
    ...(stop ? { vibrate: STOP_VIBRATION } : {}),
  };
  event.waitUntil(self.registration.showNotification(message.title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      // An open Setbook window is brought forward and sent to the screen, rather than a second one opened.
      for (const client of open) {
        if (new URL(client.url).origin !== self.location.origin) continue;
        await client.focus();
        if ('navigate' in client) await client.navigate(url);
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
