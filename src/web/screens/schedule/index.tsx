// The schedule's screens under /productions/:pid/schedule, loaded together
// when the schedule is first opened.
import { NotFoundScreen } from '../not-found.js';
import { DayScreen, NewDayScreen } from './day.js';
import { HoursScreen } from './hours.js';
import { LightScreen } from '../light/index.js';
import { LocationScreen, NewLocationScreen } from './location.js';
import { MeetingScreen } from './meeting.js';
import { ScheduleScreen } from './overview.js';
import { RestAgreementScreen } from './rest.js';
import { NewSceneScreen, SceneScreen } from './scene.js';

/** `parts` are the path's segments after /schedule: [], ['rest'], ['scenes', id], ['days', id, 'hours'], … */
export function ScheduleRoutes({ productionId, parts }: { productionId: string; parts: readonly string[] }) {
  const [kind, id, part] = parts;
  if (parts.length === 0) return <ScheduleScreen productionId={productionId} />;
  if (parts.length === 1 && kind === 'rest') return <RestAgreementScreen productionId={productionId} />;
  if (parts.length === 2 && id) {
    if (kind === 'scenes') return id === 'new' ? <NewSceneScreen productionId={productionId} /> : <SceneScreen key={id} productionId={productionId} sceneId={id} />;
    if (kind === 'days') return id === 'new' ? <NewDayScreen productionId={productionId} /> : <DayScreen key={id} productionId={productionId} dayId={id} />;
    if (kind === 'locations') return id === 'new' ? <NewLocationScreen productionId={productionId} /> : <LocationScreen key={id} productionId={productionId} locationId={id} />;
  }
  if (parts.length === 3 && kind === 'days' && id) {
    if (part === 'hours') return <HoursScreen productionId={productionId} dayId={id} />;
    if (part === 'meeting') return <MeetingScreen productionId={productionId} dayId={id} />;
  }
  if (parts.length === 3 && kind === 'locations' && id && part === 'light') return <LightScreen key={id} productionId={productionId} locationId={id} />;
  return <NotFoundScreen />;
}
