// The takeover's alarm: a short two-tone siren made with WebAudio (no sound
// files to cache) and a buzz; and the shorter call of a concern that needs its
// handler now. Browsers allow both only after the person has touched the page,
// so the first tap or key press anywhere unlocks them.
let audio: AudioContext | null = null;

function unlock(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // No WebAudio here: the takeover still shows and vibrates.
  }
}

/** Listens for the first gestures; call once when the app starts. */
export function armAlarm(): void {
  for (const type of ['pointerdown', 'keydown'] as const) window.addEventListener(type, unlock, { capture: true, passive: true });
}

const tones = [960, 640, 960, 640, 960, 640];
const toneSeconds = 0.22;

export function soundAlarm(): void {
  if (audio?.state === 'running') {
    const start = audio.currentTime + 0.02;
    const gain = audio.createGain();
    gain.connect(audio.destination);
    const oscillator = audio.createOscillator();
    oscillator.type = 'square';
    tones.forEach((frequency, i) => oscillator.frequency.setValueAtTime(frequency, start + i * toneSeconds));
    // Ramps in and out: a square wave switched on and off abruptly clicks.
    const end = start + tones.length * toneSeconds;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.25, start + 0.02);
    gain.gain.setValueAtTime(0.25, end - 0.03);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain);
    oscillator.start(start);
    oscillator.stop(end);
    oscillator.onended = () => gain.disconnect();
  }
  if (navigator.userActivation?.hasBeenActive && 'vibrate' in navigator) navigator.vibrate([500, 200, 500, 200, 500]);
}

const beeps = 3;
const beepSeconds = 0.12;
const beepEvery = 0.22;

/**
 * A critical concern, or one nobody acknowledged in time, has reached this person (S2):
 * three short high beeps, once, so that it is not mistaken for the stop's siren.
 */
export function soundConcernAlert(): void {
  if (audio?.state === 'running') {
    const start = audio.currentTime + 0.02;
    const gain = audio.createGain();
    gain.connect(audio.destination);
    const oscillator = audio.createOscillator();
    oscillator.type = 'square';
    oscillator.frequency.setValueAtTime(1320, start);
    gain.gain.setValueAtTime(0, start);
    for (let i = 0; i < beeps; i++) {
      const from = start + i * beepEvery;
      gain.gain.setValueAtTime(0, from);
      gain.gain.linearRampToValueAtTime(0.2, from + 0.015);
      gain.gain.setValueAtTime(0.2, from + beepSeconds - 0.015);
      gain.gain.linearRampToValueAtTime(0, from + beepSeconds);
    }
    const end = start + (beeps - 1) * beepEvery + beepSeconds;
    oscillator.connect(gain);
    oscillator.start(start);
    oscillator.stop(end);
    oscillator.onended = () => gain.disconnect();
  }
  if (navigator.userActivation?.hasBeenActive && 'vibrate' in navigator) navigator.vibrate([200, 100, 200, 100, 200]);
}
