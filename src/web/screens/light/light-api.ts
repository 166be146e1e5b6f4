// The light routes (API.md, "Locations and light"), typed by the contract.
import type { z } from 'zod';
import { request, type RequestOptions } from '../../api.js';
import type * as light from '../../../contract/light.js';

const enc = encodeURIComponent;
const base = (pid: string, lid: string) => `/api/productions/${enc(pid)}/locations/${enc(lid)}`;

export type DayLight = z.output<typeof light.dayLightAnswer>;
export type TargetList = z.output<typeof light.lightTargetsAnswer>;
export type LightTarget = TargetList['targets'][number];
export type TargetDay = DayLight['targets'][number];
export type NewLightTarget = z.input<typeof light.lightTargetBody>;

export const lightApi = {
  day: (pid: string, lid: string, date?: string) => request<DayLight>('GET', `${base(pid, lid)}/light${date ? `?date=${enc(date)}` : ''}`),
  targets: (pid: string, lid: string) => request<TargetList>('GET', `${base(pid, lid)}/light-targets`),
  nameTarget: (pid: string, lid: string, body: NewLightTarget, o?: RequestOptions) =>
    request<z.output<typeof light.lightTargetCreated>>('POST', `${base(pid, lid)}/light-targets`, body, o),
  archiveTarget: (pid: string, lid: string, tid: string, o?: RequestOptions) =>
    request<z.output<typeof light.lightTargetArchived>>('DELETE', `${base(pid, lid)}/light-targets/${enc(tid)}`, undefined, o),
};
