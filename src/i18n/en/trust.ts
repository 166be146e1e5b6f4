// The "Trust this set" page a phone opens over plain HTTP on the set's Wi-Fi, and the iPhone profile it downloads.
export default {
  pageTitle: 'Trust this set – Setbook',
  heading: 'Trust this set',
  intro: "Do this once per phone, on the set's Wi-Fi. Afterwards Setbook opens securely at {{url}} and the STOP button works even when the Wi-Fi drops.",
  languages: 'Language',
  qrLabel: 'QR code for {{url}}',
  qrCaption: 'Another phone: scan this to open this page. {{url}}',
  ios: {
    heading: 'iPhone and iPad',
    download: 'Profile for iPhone and iPad',
    step1: 'Open this page in Safari and tap "{{link}}"; allow the download.',
    step2: 'Open Settings > General > VPN & Device Management, tap "{{profile}}", then Install.',
    step3: 'Open Settings > General > About > Certificate Trust Settings and turn on full trust for "{{ca}}".',
    step4: 'Open {{url}}',
  },
  android: {
    heading: 'Android',
    download: 'Certificate for Android',
    step1: 'Tap "{{link}}" and keep the file setbook-ca.crt.',
    step2:
      'Open Settings > Security > Encryption & credentials > Install a certificate > CA certificate, tap "Install anyway" and choose setbook-ca.crt. (On some phones: search Settings for "CA certificate".)',
    step3: 'Open {{url}}',
  },
  check: {
    heading: 'Check before trusting',
    fingerprint: 'The certificate is "{{ca}}". Its SHA-256 fingerprint, shown by the phone when installing, must read:',
    remove: 'Only trust it on a phone you use on this set; remove it at wrap (Settings, same place).',
  },
  profile: {
    name: 'Setbook: trust this set',
    description: "Lets this phone open Setbook securely on the set's Wi-Fi.",
  },
};
