import { allow, refuse, type Decision } from '../refusal.js';

/** The DP, as a production lists them: the head of the camera department. */
export function isCameraHead(roles: readonly string[], department: string | null): boolean {
  return roles.includes('department_head') && /camera|cinematograph|photography|\bdop?\b/i.test(department ?? '');
}

/**
 * Who takes a light target off a location: whoever named it, the camera
 * department's head, the 1st AD (who builds the day around it) or the
 * producer. Anyone may name one; a refusal is recorded like any other.
 */
export function mayArchiveTarget(caller: { userId: string; roles: readonly string[]; department: string | null }, target: { createdBy: string }): Decision {
  if (caller.userId === target.createdBy) return allow;
  if (caller.roles.includes('first_ad') || caller.roles.includes('producer') || isCameraHead(caller.roles, caller.department)) return allow;
  return refuse('ROLES', 'rules.light.archive');
}
