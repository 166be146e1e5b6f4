import type { Hospital, LocationRecord } from '../../store/schedule.js';
import { reader, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';

/** A location as the app and the call sheet show it, with a map of the spot. */
export function presentLocation(location: LocationRecord) {
  const { latitude: lat, longitude: lon } = location;
  return { ...location, mapUrl: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}` };
}

export interface LocationInput {
  name: string;
  address?: string | null | undefined;
  latitude: number;
  longitude: number;
  elevationM?: number | null | undefined;
  timezone?: string | undefined;
  hospital?: Hospital | null | undefined;
  parking?: string | null | undefined;
  notes?: string | null | undefined;
}

/** A place the unit shoots: where it is, its zone, the nearest hospital. Its zone is the production's unless given. */
export const createLocation: Command<LocationInput, { timezone: string }, object> = {
  name: 'location.create',
  async facts(tx, act) {
    const production = await tx.repos.productions.byId(act.productionId);
    if (!production) throw notFound('Production not found');
    return { timezone: production.timezone };
  },
  refusalData: (act) => ({ name: act.input.name }),
  async apply(tx, f, act) {
    const { input } = act;
    const location: LocationRecord = {
      id: newId(),
      name: input.name,
      address: input.address ?? null,
      latitude: input.latitude,
      longitude: input.longitude,
      elevationM: input.elevationM ?? null,
      timezone: input.timezone ?? f.timezone,
      hospital: input.hospital ?? null,
      parking: input.parking ?? null,
      notes: input.notes ?? null,
    };
    await tx.repos.schedule.insertLocation(act.productionId, location, tx.now.toISOString());
    const receipt = await tx.ledger.append(act.productionId, { type: 'location.created', actor: { userId: act.caller.user.id }, data: { locationId: location.id, ...withoutId(location) } });
    return { location: presentLocation(location), receipt };
  },
};

const withoutId = ({ id: _id, ...rest }: LocationRecord) => rest;

export type LocationPatch = Partial<LocationInput> & { locationId: string };

export const updateLocation: Command<LocationPatch, LocationRecord, object> = {
  name: 'location.update',
  async facts(tx, act) {
    const [location] = await tx.repos.schedule.locations(act.productionId, [act.input.locationId]);
    if (!location) throw notFound('Location not found');
    return location;
  },
  refusalData: (act) => ({ locationId: act.input.locationId }),
  async apply(tx, before, act) {
    const { locationId, ...patch } = act.input;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<LocationInput>;
    const after: LocationRecord = { ...before, ...defined };
    await tx.repos.schedule.updateLocation(act.productionId, after);
    const receipt = await tx.ledger.append(act.productionId, {
      type: 'location.updated',
      actor: { userId: act.caller.user.id },
      data: { locationId, changed: Object.keys(defined).sort(), ...withoutId(after) },
    });
    return { location: presentLocation(after), receipt };
  },
};

export async function listLocations(deps: ServiceDeps, productionId: string) {
  return { locations: (await reader(deps).schedule.locations(productionId)).map(presentLocation) };
}
