import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar } from 'ical-generator';
import { translator } from '../../i18n/catalogue.js';
import { reader, type ServiceDeps } from '../context.js';
import { heldBy, localeOfRecipient } from './links.js';
import { linkOf } from './recipients.js';

const HOUR = 3_600_000;

/**
 * The recipient's call as a calendar event in the production's zone, from
 * the call to the wrap on record (an hour when no wrap is). Its UID is the
 * day's and the person's, so a revision's file updates the same event.
 */
export async function calendarOf(deps: ServiceDeps, token: string): Promise<string> {
  const held = await heldBy(reader(deps), token);
  const { recipient, sheet, sections } = held;
  const zone = sections.production.timezone;
  // The words of the event follow the recipient's language, as their email does.
  const locale = await localeOfRecipient(reader(deps), recipient);
  const t = translator(locale);
  const production = sections.production.name;
  const calendar = new ICalCalendar({ prodId: { company: 'Setbook', product: 'call sheets', language: locale.toUpperCase() }, name: t('email.calendar.name', { production }) });
  // The zone's rules go beside the event; the calendar itself keeps UTC, so DTSTAMP stays UTC as RFC 5545 section 3.8.7.2 asks.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  if (recipient.call) {
    const wrap = (await reader(deps).schedule.dayTimes(sheet.production_id, sheet.shoot_day_id)).find((t) => t.user_id === recipient.user_id)?.wrap;
    const place = sections.locations[0];
    const link = linkOf(sheet.public_url ?? '', token);
    calendar.createEvent({
      id: `callsheet-${sheet.shoot_day_id}-${recipient.user_id}@setbook`,
      sequence: sheet.version - 1,
      // Dates that know the zone: the event is written on its wall clock, with the zone's rules beside it.
      start: new TZDate(Date.parse(recipient.call), zone),
      end: new TZDate(wrap ? Date.parse(wrap) : Date.parse(recipient.call) + HOUR, zone),
      timezone: zone,
      summary: t('email.calendar.summary', { production, day: sections.day.number, days: sections.day.of }),
      location: place ? [place.name, place.address].filter(Boolean).join(', ') : null,
      description: `${t('email.calendar.description', { revision: sections.revision.number, colour: t(`email.colour.${sections.revision.colour}`, { defaultValue: sections.revision.colour }) })}\n${link}`,
      url: link,
      stamp: new Date(sheet.published_at!),
    });
  }
  return calendar.toString();
}
