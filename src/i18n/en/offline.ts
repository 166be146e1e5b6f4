export default {
  lastSeenAt: 'Offline: showing what this phone last saw at {{time}}',
  lastSeenOn: 'Offline: showing what this phone last saw on {{day}} at {{time}}',
  entriesWait: 'New entries wait on this phone and are sent when the laptop is reachable.',
  concernQueued_one: 'Concern queued – will send when connected',
  concernQueued_other: '{{count}} concerns queued – will send when connected',
  concernNotSent: 'Your concern was not sent: {{detail}}',
  concernQueuedTitle: 'Concern queued',
  concernQueuedBody:
    'No connection: your concern is kept on this phone with the time you wrote it, and goes to the people who handle concerns as soon as the set’s Wi-Fi is back.',
  concernQueuedAnonymous: 'Once it is sent, your follow-up key and passphrase show on this page. Write them down then: Setbook cannot show them again.',
};
