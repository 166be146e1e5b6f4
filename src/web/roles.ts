import type { Role } from './api.js';
import { t } from './i18n.js';

/** Every role in the order a call sheet lists them, each with its words in the language shown now. */
const roleWords: Record<Role, () => string> = {
  producer: () => t('common.roles.producer'),
  upm: () => t('common.roles.upm'),
  first_ad: () => t('common.roles.first_ad'),
  safety_advisor: () => t('common.roles.safety_advisor'),
  armorer: () => t('common.roles.armorer'),
  property_master: () => t('common.roles.property_master'),
  performer: () => t('common.roles.performer'),
  medic: () => t('common.roles.medic'),
  department_head: () => t('common.roles.department_head'),
  crew: () => t('common.roles.crew'),
};

export const allRoles = Object.keys(roleWords) as Role[];

/** A role in the words the set uses, in the language shown now. */
export function roleLabel(role: Role): string {
  return roleWords[role]?.() ?? role;
}

/**
 * Every role's words, read when looked up, so a label always speaks the language shown now.
 * Spreading it copies today's words: copy its property descriptors instead to stay live.
 */
export const roleLabels: Readonly<Record<Role, string>> = Object.defineProperties(
  {} as Record<Role, string>,
  Object.fromEntries(allRoles.map((role) => [role, { get: () => roleLabel(role), enumerable: true }])),
);

export function rolesText(roles: readonly Role[]): string {
  return roles.map(roleLabel).join(', ');
}

/** Who may invite people and change their roles (API: producer, upm). */
export function canManageMembers(roles: readonly Role[]): boolean {
  return roles.includes('producer') || roles.includes('upm');
}

/** Who puts the set's QR poster up: the people who run the set and its safety. */
export function canPrintSetPoster(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'producer' || role === 'upm' || role === 'safety_advisor' || role === 'first_ad');
}
