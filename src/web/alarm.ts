// The takeover's alarm: a short two-tone siren made with WebAudio (no sound
// files to cache) and a buzz. Browsers allow both only after the person has
// touched the page, so the first tap or key press anywhere unlocks them.
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
