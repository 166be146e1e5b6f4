// The es catalogue: one file per part of Setbook, each a tree of keys.
import common from './common.js';
import layout from './layout.js';
import auth from './auth.js';
import productions from './productions.js';
import stops from './stops.js';
import armory from './armory.js';
import today from './today.js';
import concerns from './concerns.js';
import ledger from './ledger.js';
import schedule from './schedule.js';
import callsheet from './callsheet.js';
import light from './light.js';
import notebook from './notebook.js';
import push from './push.js';
import offline from './offline.js';
import trust from './trust.js';
import email from './email.js';
import pdf from './pdf.js';
import rules from './rules.js';

export default { common, layout, auth, productions, stops, armory, today, concerns, ledger, schedule, callsheet, light, notebook, push, offline, trust, email, pdf, rules };
