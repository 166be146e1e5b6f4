import { authFailures, idempotencyKeys, invitations, memberRoles, members, productions, roleProposals, sessions, trainings, users } from './identity.js';
import { ledgerCheckpoints, ledgerEntries, ledgerHeads, ledgerNodes } from './ledger.js';
import { locations, riskAssessments, scenes, settings, shootDayScenes, shootDays, timeRecords } from './schedule.js';
import { devicePresence, eventHeads, liveEvents, stopAcks, stops } from './live.js';
import { alerts, ammunitionLots, armorerRequests, consultations, duties, firearmEvents, firearms, incidents, roundMovements, safetyMeetings } from './armory.js';
import { concernImplicated, concernMessages, concerns, emails, escalationLadders } from './concerns.js';
import { lightTargets } from './light.js';
import { callSheetRecipients, callSheets } from './callsheets.js';
import { pushDevices } from './push.js';
import { notebookAttachments, notebookEntries, notebookHandoffs, notebookMembers, notebooks, notebookSearch, notebookTags, notebookVersions } from './notebooks.js';

/** Every Setbook table, in the order a migration creates them (a table after those it references). */
export const tables = [
  users,
  sessions,
  productions,
  members,
  memberRoles,
  invitations,
  trainings,
  authFailures,
  idempotencyKeys,
  ledgerEntries,
  ledgerNodes,
  ledgerHeads,
  ledgerCheckpoints,
  scenes,
  shootDays,
  shootDayScenes,
  eventHeads,
  liveEvents,
  devicePresence,
  stops,
  stopAcks,
  duties,
  safetyMeetings,
  consultations,
  firearms,
  firearmEvents,
  ammunitionLots,
  roundMovements,
  incidents,
  alerts,
  armorerRequests,
  escalationLadders,
  concerns,
  concernImplicated,
  concernMessages,
  emails,
  roleProposals,
  locations,
  riskAssessments,
  timeRecords,
  settings,
  lightTargets,
  callSheets,
  callSheetRecipients,
  notebooks,
  notebookMembers,
  notebookEntries,
  notebookVersions,
  notebookAttachments,
  notebookSearch,
  notebookTags,
  notebookHandoffs,
  pushDevices,
] as const;
