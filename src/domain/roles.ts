/** The roles a member may hold on a production (API.md, "Productions and people"). */
export const ROLES = [
  'producer',
  'upm',
  'first_ad',
  'safety_advisor',
  'armorer',
  'property_master',
  'performer',
  'medic',
  'department_head',
  'crew',
] as const;

export type Role = (typeof ROLES)[number];

/** Everything a member can ask of a production, and who may. `'member'` means any member. */
export const ACCESS = {
  'production.read': 'member',
  'members.list': 'member',
  'members.invite': ['producer', 'upm'],
  // The safety advisor confirms (or proposes) a change of a deciding role; the rule itself refuses them anything else.
  'members.update': ['producer', 'upm', 'safety_advisor'],
  'trainings.record': ['safety_advisor', 'armorer', 'producer'],
  'trainings.read': 'member',
  // A person's contact details are theirs to set, or the producer's, UPM's or 1st AD's: decided by the rule, on the record.
  'members.contact': 'member',
  'members.remove': ['producer', 'upm'],
  'ledger.read': 'member',
  'schedule.read': 'member',
  'schedule.write': ['first_ad', 'upm', 'producer'],
  // S5: the safety advisor or the 1st AD assesses a scene's risks.
  'risk.assess': ['safety_advisor', 'first_ad'],
  // S3: the 1st AD and the UPM keep the day's calls and wraps; they and the producer and safety advisor read everyone's.
  'hours.record': ['first_ad', 'upm'],
  'hours.read': ['first_ad', 'upm', 'producer', 'safety_advisor'],
  'today.read': 'member',
  // The production's agreements (S3's rest): the safety advisor together with the producer.
  // The light at a location: anyone names the sun they need; who takes a target away is decided by the rule (ROLES), on the record.
  'light.read': 'member',
  'light.target': 'member',
  'light.archive': 'member',
  'settings.read': 'member',
  'settings.configure': ['safety_advisor', 'producer'],
  // S1: anyone on the production can stop work; lifting is decided by the rule itself, so a refused lift is recorded.
  'stops.raise': 'member',
  'stops.read': 'member',
  'stops.ack': 'member',
  'stops.lift': 'member',
  'live.read': 'member',
  'armory.read': 'member',
  'armory.inventory': ['armorer', 'property_master'],
  // F6 decides who may move a firearm, so that a refused attempt (the 1st AD handing over a gun) is recorded.
  'armory.custody': 'member',
  'armory.wrap': ['armorer'],
  // F4: whoever finds a live round on set reports it.
  'armory.report': 'member',
  'incidents.correct': ['safety_advisor'],
  'meetings.record': ['first_ad', 'safety_advisor', 'armorer'],
  'consultations.record': ['armorer', 'safety_advisor'],
  'requests.make': ['armorer', 'property_master'],
  'requests.read': ['armorer', 'property_master', 'producer', 'upm', 'safety_advisor'],
  // The producer or UPM answers; F12 refuses a denial without a reason, and records the attempt.
  'requests.decide': ['producer', 'upm'],
  // S2: anyone reports. Who sees and handles a concern is the ladder's decision, and an implicated person gets 404.
  'concerns.report': 'member',
  'concerns.read': 'member',
  'concerns.handle': 'member',
  // The whole crew may see who a concern reaches if it is ignored.
  'escalation.read': 'member',
  // A rule is configured by the safety advisor together with the producer: one proposes, the other confirms.
  'escalation.configure': ['safety_advisor', 'producer'],
  // S4: the 1st AD and the UPM make and send the day's call sheet; every member reads it.
  'callSheets.read': 'member',
  'callSheets.write': ['first_ad', 'upm'],
  // Who has confirmed and acknowledged: the ADs who chase them, and the producer and safety advisor.
  'callSheets.recipients': ['first_ad', 'upm', 'producer', 'safety_advisor'],
  // A department head opens their department's notebook; the producer and the UPM open one for any department.
  'notebooks.create': ['department_head', 'producer', 'upm'],
  // Who reads and writes a notebook is its own policy (head, department, the head's guests): to anyone else it is not found.
  'notebooks.read': 'member',
  'notebooks.write': 'member',
  // The head hands it on; when the head is gone, the producer with a second person's PIN: decided by the rule, on the record.
  'notebooks.handoff': 'member',
} as const satisfies Record<string, 'member' | readonly Role[]>;

export type Action = keyof typeof ACCESS;

/** Whether a member holding `roles` may do `action`. Pure; the server calls it on every route. */
export function allows(action: Action, roles: readonly string[]): boolean {
  const allowed: 'member' | readonly Role[] = ACCESS[action];
  if (allowed === 'member') return true;
  return roles.some((role) => (allowed as readonly string[]).includes(role));
}
