import type { Role } from './api.js';

/** Every role in the order a call sheet lists them, with the words the set uses. */
export const roleLabels: Record<Role, string> = {
  producer: 'Producer',
  upm: 'UPM',
  first_ad: '1st AD',
  safety_advisor: 'Safety advisor',
  armorer: 'Armorer',
  property_master: 'Property master',
  performer: 'Performer',
  medic: 'Medic',
  department_head: 'Department head',
  crew: 'Crew',
};

export const allRoles = Object.keys(roleLabels) as Role[];

export function rolesText(roles: readonly Role[]): string {
  return roles.map((role) => roleLabels[role] ?? role).join(', ');
}

/** Who may invite people and change their roles (API: producer, upm). */
export function canManageMembers(roles: readonly Role[]): boolean {
  return roles.includes('producer') || roles.includes('upm');
}

/** Who puts the set's QR poster up: the people who run the set and its safety. */
export function canPrintSetPoster(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'producer' || role === 'upm' || role === 'safety_advisor' || role === 'first_ad');
}
