// A location: where it is (coordinates as a map app shows them, address, time
// zone), the nearest hospital for the call sheet and the safety meeting, where
// the unit parks, and notes; with the link to its map.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Problem } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { t } from '../../i18n.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { lightPath } from '../light/index.js';
import { canPlan, Loading, locationPath, PlaceFacts, useProblemInView, useScheduleData, type Place, type ScheduleData } from './shared.js';

type LocationBody = Parameters<typeof api.createLocation>[1];

/** "35.0844, -106.6504" (or with a space, or degrees signs) as a map app gives it. */
function parseCoordinates(value: string): { latitude: number; longitude: number } | null {
  const found = /^\s*(-?\d{1,2}(?:\.\d+)?)°?\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)°?\s*$/.exec(value);
  if (!found) return null;
  const latitude = Number(found[1]);
  const longitude = Number(found[2]);
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180 ? { latitude, longitude } : null;
}

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

const locationFields = ['name', 'address', 'coordinates', 'latitude', 'longitude', 'elevationM', 'timezone', 'hospitalName', 'hospitalAddress', 'hospitalPhone', 'hospitalMinutes', 'hospital', 'parking', 'notes'];

function readLocation(form: HTMLFormElement): { body: LocationBody; invalid: Record<string, string> } {
  const invalid: Record<string, string> = {};
  const name = text(form, 'name');
  if (!name) invalid.name = t('schedule.location.nameNeeded');
  const coordinates = parseCoordinates(text(form, 'coordinates'));
  if (!coordinates) invalid.coordinates = t('schedule.location.coordinatesNeeded');
  const elevation = text(form, 'elevationM');
  if (elevation && !Number.isFinite(Number(elevation))) invalid.elevationM = t('schedule.location.elevationNeeded');
  const hospital = { name: text(form, 'hospitalName'), address: text(form, 'hospitalAddress'), phone: text(form, 'hospitalPhone'), minutes: text(form, 'hospitalMinutes') };
  const anyHospital = Object.values(hospital).some(Boolean);
  if (anyHospital && !hospital.name) invalid.hospitalName = t('schedule.location.hospitalNameNeeded');
  if (anyHospital && !hospital.address) invalid.hospitalAddress = t('schedule.location.hospitalAddressNeeded');
  if (hospital.minutes && !/^\d{1,3}$/.test(hospital.minutes)) invalid.hospitalMinutes = t('schedule.location.minutesNeeded');
  const body: LocationBody = {
    name,
    address: text(form, 'address') || null,
    latitude: coordinates?.latitude ?? 0,
    longitude: coordinates?.longitude ?? 0,
    elevationM: elevation ? Number(elevation) : null,
    timezone: text(form, 'timezone'),
    hospital: anyHospital
      ? {
          name: hospital.name,
          address: hospital.address,
          ...(hospital.phone ? { phone: hospital.phone } : {}),
          ...(hospital.minutes ? { driveMinutes: Number(hospital.minutes) } : {}),
        }
      : null,
    parking: text(form, 'parking') || null,
    notes: text(form, 'notes') || null,
  };
  return { body, invalid };
}

function LocationForm({ productionId, data, place, saved }: { productionId: string; data: ScheduleData; place: Place | null; saved: (name: string) => void }) {
  const { t } = useTranslation();
  const { go } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const create = useSubmit((body: LocationBody, options) => api.createLocation(productionId, body, options));
  const update = useSubmit((body: LocationBody, options) => api.updateLocation(productionId, place?.id ?? '', body, options));
  const submit = place ? update : create;
  const [typed, setTyped] = useState<Problem | null>(null);
  const server = submit.problem;
  // The server names latitude and longitude; the form has them in one field.
  const problem = typed ?? (server && (server.fields.latitude || server.fields.longitude) ? { ...server, fields: { ...server.fields, coordinates: (server.fields.latitude ?? server.fields.longitude)! } } : server);
  useProblemInView(box, problem);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const { body, invalid } = readLocation(form);
    if (Object.keys(invalid).length > 0) {
      setTyped({ status: 400, title: 'Invalid', detail: t('schedule.correctFields'), fields: invalid });
      return;
    }
    setTyped(null);
    if (!place) {
      const done = await create.run(body);
      if (done) go(locationPath(productionId, done.data.location.id), t('schedule.location.created', { place: done.data.location.name }));
      return;
    }
    const done = await update.run(body);
    if (done) saved(done.data.location.name);
  }

  const hospital = place?.hospital;
  return (
    <div ref={box} className="sched-form">
      <Form label={place ? place.name : t('schedule.location.new')} problem={problem} fields={locationFields} onSubmit={(f) => void onSubmit(f)}>
        <Field name="name" label={t('schedule.location.name')} defaultValue={place?.name} autoComplete="off" hint={t('schedule.location.nameHint')} />
        <Field name="address" label={t('schedule.location.address')} defaultValue={place?.address ?? ''} autoComplete="off" />
        <div className="sched-row">
          <Field
            name="coordinates"
            label={t('schedule.location.coordinates')}
            defaultValue={place ? `${place.latitude}, ${place.longitude}` : ''}
            autoComplete="off"
            inputMode="text"
            hint={t('schedule.location.coordinatesHint')}
          />
          <Field name="elevationM" label={t('schedule.location.elevation')} defaultValue={place?.elevationM ?? ''} inputMode="numeric" autoComplete="off" />
        </div>
        <SelectField name="timezone" label={t('schedule.location.timezone')} defaultValue={place?.timezone ?? data.timezone} hint={t('schedule.location.timezoneHint')}>
          {zones(place?.timezone ?? data.timezone).map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <fieldset className="sched-fieldset">
          <legend>{t('schedule.place.hospital')}</legend>
          <div className="sched-row">
            <Field name="hospitalName" label={t('schedule.location.hospital')} defaultValue={hospital?.name ?? ''} autoComplete="off" />
            <Field name="hospitalPhone" label={t('schedule.location.phone')} type="tel" defaultValue={hospital?.phone ?? ''} autoComplete="off" />
          </div>
          <Field name="hospitalAddress" label={t('schedule.location.hospitalAddress')} defaultValue={hospital?.address ?? ''} autoComplete="off" />
          <Field name="hospitalMinutes" label={t('schedule.location.minutes')} defaultValue={hospital?.driveMinutes ?? ''} inputMode="numeric" autoComplete="off" />
        </fieldset>
        <TextAreaField name="parking" label={t('schedule.location.parking')} defaultValue={place?.parking ?? ''} rows={2} className="sched-prose" />
        <TextAreaField name="notes" label={t('schedule.notesOptional')} defaultValue={place?.notes ?? ''} rows={3} className="sched-prose" />
        <SubmitButton busy={submit.busy}>{place ? t('schedule.location.save') : t('schedule.location.add')}</SubmitButton>
      </Form>
    </div>
  );
}

export function NewLocationScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const [data, reload] = useScheduleData(productionId);
  return (
    <Page title={t('schedule.location.new')} wide>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && (
        <div className="sched-narrow">
          <LocationForm productionId={productionId} data={data.data} place={null} saved={() => null} />
        </div>
      )}
    </Page>
  );
}

export function LocationScreen({ productionId, locationId }: { productionId: string; locationId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [data, reload] = useScheduleData(productionId);
  const [saved, setSaved] = useState('');
  const place = data.state === 'ready' ? data.data.schedule.locations.find((l) => l.id === locationId) : undefined;
  return (
    <Page title={place?.name ?? t('schedule.location.title')} wide>
      <Loading resource={data} retry={reload} />
      {data.state === 'ready' && !place && <p role="alert">{t('schedule.location.notOnSchedule')}</p>}
      {data.state === 'ready' && place && (
        <div className="sched-split">
          <section className="panel" aria-labelledby="place-facts">
            <h2 id="place-facts">{t('schedule.location.gettingThere')}</h2>
            <p className="sched-coords">
              {place.latitude}, {place.longitude}
              {place.elevationM !== null && ` · ${place.elevationM} m`} · {place.timezone.replaceAll('_', ' ')}
            </p>
            <PlaceFacts place={place} />
            <p>
              <Link href={lightPath(productionId, place.id)}>{t('schedule.location.lightAt', { place: place.name })}</Link>
            </p>
          </section>
          {canPlan(roles) && (
            <section aria-labelledby="place-edit">
              <h2 id="place-edit">{t('schedule.location.change')}</h2>
              <p className="status status--done" role="status">
                {saved}
              </p>
              <LocationForm
                productionId={productionId}
                data={data.data}
                place={place}
                saved={(name) => {
                  setSaved(t('schedule.location.saved', { place: name }));
                  reload();
                }}
              />
            </section>
          )}
        </div>
      )}
    </Page>
  );
}
