// The day's sun drawn two ways: its height through the day, with the golden
// and blue hours and the targets' windows shaded, and its path across the sky
// on a compass, with each target's patch of sky. Each has a text alternative.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../../i18n.js';
import type { DayLight } from './light-api.js';
import { bearing, compassName, degrees, spanText } from './words.js';

type Clock = (instant: string) => string;

/** One sentence for a screen reader: the day in the order it happens. */
function daySummary(light: DayLight, clock: Clock): string {
  const sentences = [
    light.sunrise && light.sunriseAzimuth !== null
      ? t('light.plot.rises', { time: clock(light.sunrise), direction: compassName(light.sunriseAzimuth), azimuth: Math.round(light.sunriseAzimuth) })
      : '',
    t('light.plot.noon', { time: clock(light.solarNoon), altitude: degrees(light.noonAltitude) }),
    light.sunset && light.sunsetAzimuth !== null ? t('light.plot.sets', { time: clock(light.sunset), direction: compassName(light.sunsetAzimuth), azimuth: Math.round(light.sunsetAzimuth) }) : '',
    t('light.plot.golden', { morning: spanText(clock, light.goldenHour.morning), evening: spanText(clock, light.goldenHour.evening) }),
    ...light.remarks,
  ];
  return sentences.filter(Boolean).join(' ');
}

const W = 340;
const H = 214;
const PAD = { left: 34, right: 10, top: 16, bottom: 28 };
const LOWEST = -18;

/** The sun's altitude through the local day. */
export function SunChart({ light, clock }: { light: DayLight; clock: Clock }) {
  const { t } = useTranslation();
  const id = useId();
  const first = light.path[0];
  const last = light.path.at(-1);
  if (!first || !last) return null;
  const start = Date.parse(first.at);
  const end = Date.parse(last.at);
  const highest = Math.max(...light.path.map((p) => p.altitude));
  const top = Math.max(30, Math.ceil((highest + 4) / 15) * 15);
  const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
  const x = (instant: string | number) => PAD.left + ((clamp(typeof instant === 'number' ? instant : Date.parse(instant), start, end) - start) / (end - start)) * (W - PAD.left - PAD.right);
  const y = (altitude: number) => PAD.top + ((top - clamp(altitude, LOWEST, top)) / (top - LOWEST)) * (H - PAD.top - PAD.bottom);
  const band = (period: { start: string | null; end: string | null }, className: string, key: string) =>
    period.start && period.end && Date.parse(period.end) > start && Date.parse(period.start) < end ? (
      <rect key={key} className={className} x={x(period.start)} y={PAD.top} width={Math.max(1, x(period.end) - x(period.start))} height={H - PAD.top - PAD.bottom} />
    ) : null;
  const curve = light.path.map((p) => `${x(p.at).toFixed(1)},${y(p.altitude).toFixed(1)}`).join(' ');
  const hours = light.path.filter((p) => /^(00|03|06|09|12|15|18|21):00/.test(clock(p.at)) && Date.parse(p.at) < end);
  const steps: number[] = [];
  for (let a = -15; a <= top; a += 15) steps.push(a);
  const noonY = y(light.noonAltitude);

  return (
    <figure className="light-figure">
      <svg className="light-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{t('light.plot.heightTitle')}</title>
        <desc id={`${id}-desc`}>{daySummary(light, clock)}</desc>
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" className="light-hatch-line" />
          </pattern>
          <clipPath id={`${id}-day`}>
            <rect x={PAD.left} y={0} width={W} height={y(0)} />
          </clipPath>
        </defs>
        {band(light.blueHour.morning, 'light-blue', 'bm')}
        {band(light.blueHour.evening, 'light-blue', 'be')}
        {band(light.goldenHour.morning, 'light-golden', 'gm')}
        {band(light.goldenHour.evening, 'light-golden', 'ge')}
        {light.targets.flatMap((target, n) =>
          target.windows.map((w, i) => (
            <g key={`${target.id}-${i}`}>
              <rect className="light-window" x={x(w.start)} y={PAD.top} width={Math.max(2, x(w.end) - x(w.start))} height={H - PAD.top - PAD.bottom} fill={`url(#${id}-hatch)`} />
              <text className="light-window-label" x={(x(w.start) + x(w.end)) / 2} y={PAD.top - 4} textAnchor="middle">
                {n + 1}
              </text>
            </g>
          )),
        )}
        {steps.map((a) => (
          <g key={a}>
            <line className={a === 0 ? 'light-horizon' : 'light-grid'} x1={PAD.left} x2={W - PAD.right} y1={y(a)} y2={y(a)} />
            <text className="light-axis" x={PAD.left - 4} y={y(a) + 4} textAnchor="end">
              {degrees(a)}
            </text>
          </g>
        ))}
        {hours.map((p) => (
          <g key={p.at}>
            <line className="light-grid" x1={x(p.at)} x2={x(p.at)} y1={PAD.top} y2={H - PAD.bottom} />
            <text className="light-axis" x={x(p.at)} y={H - PAD.bottom + 16} textAnchor="middle">
              {clock(p.at).slice(0, 2)}
            </text>
          </g>
        ))}
        <polyline className="light-path-night" points={curve} />
        <polyline className="light-path-day" points={curve} clipPath={`url(#${id}-day)`} />
        {light.sunrise && (
          <g>
            <circle className="light-mark" cx={x(light.sunrise)} cy={y(0)} r="4" />
            <text className="light-mark-label" x={x(light.sunrise)} y={y(0) - 8} textAnchor="middle">
              ↑{clock(light.sunrise).slice(0, 5)}
            </text>
          </g>
        )}
        {light.sunset && (
          <g>
            <circle className="light-mark" cx={x(light.sunset)} cy={y(0)} r="4" />
            <text className="light-mark-label" x={x(light.sunset)} y={y(0) - 8} textAnchor="middle">
              ↓{clock(light.sunset).slice(0, 5)}
            </text>
          </g>
        )}
        <circle className="light-mark" cx={x(light.solarNoon)} cy={noonY} r="4" />
        <text className="light-mark-label" x={x(light.solarNoon)} y={noonY < PAD.top + 16 ? noonY + 16 : noonY - 8} textAnchor="middle">
          {clock(light.solarNoon).slice(0, 5)} · {degrees(light.noonAltitude)}
        </text>
      </svg>
      <figcaption className="light-legend">
        <span className="light-key light-key--golden">{t('light.goldenHour')}</span>
        <span className="light-key light-key--blue">{t('light.blueHour')}</span>
        {light.targets.some((target) => target.windows.length > 0) && <span className="light-key light-key--window">{t('light.plot.window')}</span>}
      </figcaption>
    </figure>
  );
}

const S = 300;
const C = S / 2;
const R = 118;

/** A point of the sky on the compass: the horizon at the rim, overhead in the middle, north up. */
function skyPoint(altitude: number, azimuth: number): [number, number] {
  const r = ((90 - Math.min(90, Math.max(0, altitude))) / 90) * R;
  const a = (azimuth * Math.PI) / 180;
  return [C + r * Math.sin(a), C - r * Math.cos(a)];
}

/** A target's patch of sky: its azimuth range (clockwise, through north when from > to) between its two altitudes. */
function patch(t: { azimuthFrom: number; azimuthTo: number; altitudeFrom: number; altitudeTo: number }): string | null {
  if (t.altitudeTo < 0) return null;
  const low = Math.max(0, t.altitudeFrom);
  const high = Math.min(90, t.altitudeTo);
  const from = t.azimuthFrom;
  const sweep = ((t.azimuthTo - from + 360) % 360) || (t.azimuthTo === from ? 0 : 360);
  const outer = ((90 - low) / 90) * R;
  const inner = ((90 - high) / 90) * R;
  if (sweep >= 359.9 || (t.azimuthFrom === 0 && t.azimuthTo === 360)) {
    const ring = (r: number) => `M ${C - r} ${C} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0 Z`;
    return `${ring(outer)} ${inner > 0 ? ring(inner) : ''}`;
  }
  const at = (r: number, az: number) => {
    const a = (az * Math.PI) / 180;
    return `${(C + r * Math.sin(a)).toFixed(1)} ${(C - r * Math.cos(a)).toFixed(1)}`;
  };
  const large = sweep > 180 ? 1 : 0;
  const to = from + sweep;
  return `M ${at(outer, from)} A ${outer} ${outer} 0 ${large} 1 ${at(outer, to)} L ${at(inner, to)} A ${inner} ${inner} 0 ${large} 0 ${at(inner, from)} Z`;
}

/** The sun's path across the sky, on a compass. */
export function SkyChart({ light, clock }: { light: DayLight; clock: Clock }) {
  const { t } = useTranslation();
  const id = useId();
  // The path above the horizon, in runs: near the poles the sun can dip below and come back.
  const runs: string[][] = [];
  let run: string[] = [];
  for (const p of light.path) {
    if (p.altitude >= 0) run.push(skyPoint(p.altitude, p.azimuth).map((n) => n.toFixed(1)).join(','));
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  const hourly = light.path.filter((p) => p.altitude >= 0 && /:00/.test(clock(p.at).slice(2, 5)));
  const labelled = hourly.filter((p) => Number(clock(p.at).slice(0, 2)) % 3 === 0);
  const spokes = [0, 45, 90, 135, 180, 225, 270, 315];
  // Only the four cardinal points are lettered: the targets' numbers sit on the rim between them.
  const names = [t('light.compass.N'), '', t('light.compass.E'), '', t('light.compass.S'), '', t('light.compass.W'), ''];
  const edge = (azimuth: number, out: number) => skyPoint(0, azimuth).map((n, i) => n + (i === 0 ? Math.sin((azimuth * Math.PI) / 180) : -Math.cos((azimuth * Math.PI) / 180)) * out) as [number, number];

  return (
    <figure className="light-figure">
      <svg className="light-sky" viewBox={`0 0 ${S} ${S}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{t('light.plot.skyTitle')}</title>
        <desc id={`${id}-desc`}>
          {light.sunriseAzimuth !== null ? `${t('light.plot.sunrise', { bearing: bearing(light.sunriseAzimuth) })} ` : ''}
          {light.sunsetAzimuth !== null ? `${t('light.plot.sunset', { bearing: bearing(light.sunsetAzimuth) })} ` : ''}
          {light.targets
            .map((target, n) =>
              t('light.plot.target', {
                number: n + 1,
                name: target.name,
                azimuthFrom: Math.round(target.azimuthFrom),
                azimuthTo: Math.round(target.azimuthTo),
                altitudeFrom: degrees(target.altitudeFrom),
                altitudeTo: degrees(target.altitudeTo),
              }),
            )
            .join(' ')}
        </desc>
        {light.targets.map((t, n) => {
          const d = patch(t);
          if (!d) return null;
          const middle = t.azimuthFrom + ((t.azimuthTo - t.azimuthFrom + 360) % 360) / 2;
          const [bx, by] = edge(middle, 12);
          return (
            <g key={t.id}>
              <path className="light-patch" d={d} fillRule="evenodd" />
              <circle className="light-badge" cx={bx} cy={by} r="8" />
              <text className="light-window-label" x={bx} y={by + 4} textAnchor="middle">
                {n + 1}
              </text>
            </g>
          );
        })}
        {[0, 30, 60].map((a) => (
          <circle key={a} className={a === 0 ? 'light-horizon' : 'light-grid'} cx={C} cy={C} r={((90 - a) / 90) * R} fill="none" />
        ))}
        {spokes.map((az, i) => {
          const [x1, y1] = skyPoint(0, az);
          const [lx, ly] = edge(az, 16);
          return (
            <g key={az}>
              <line className="light-grid" x1={C} y1={C} x2={x1} y2={y1} />
              <text className={i === 0 ? 'light-north' : 'light-axis'} x={lx} y={ly + 5} textAnchor="middle">
                {names[i]}
              </text>
            </g>
          );
        })}
        <text className="light-axis" x={C + 4} y={C - ((90 - 30) / 90) * R - 3}>
          30°
        </text>
        <text className="light-axis" x={C + 4} y={C - ((90 - 60) / 90) * R - 3}>
          60°
        </text>
        {runs.map((points, i) => (
          <polyline key={i} className="light-path-day" points={points.join(' ')} fill="none" />
        ))}
        {hourly.map((p) => {
          const [cx, cy] = skyPoint(p.altitude, p.azimuth);
          return <circle key={p.at} className="light-hour" cx={cx} cy={cy} r="2.5" />;
        })}
        {labelled.map((p) => {
          const [cx, cy] = skyPoint(p.altitude, p.azimuth);
          return (
            <text key={p.at} className="light-hour-label" x={cx} y={cy - 6} textAnchor="middle">
              {clock(p.at).slice(0, 2)}
            </text>
          );
        })}
        {light.sunrise && light.sunriseAzimuth !== null && <SkyMark azimuth={light.sunriseAzimuth} label={`↑${clock(light.sunrise).slice(0, 5)}`} />}
        {light.sunset && light.sunsetAzimuth !== null && <SkyMark azimuth={light.sunsetAzimuth} label={`↓${clock(light.sunset).slice(0, 5)}`} />}
      </svg>
      <figcaption className="light-legend">{t('light.plot.skyLegend')}</figcaption>
    </figure>
  );
}

function SkyMark({ azimuth, label }: { azimuth: number; label: string }) {
  const [cx, cy] = skyPoint(0, azimuth);
  // Inside the rim, toward the middle, so the compass letters outside stay clear.
  const [lx, ly] = skyPoint(14, azimuth);
  return (
    <g>
      <circle className="light-mark" cx={cx} cy={cy} r="4.5" />
      <text className="light-mark-label" x={lx} y={ly + 4} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}
