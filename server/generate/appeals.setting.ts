/**
 * What the caller of generateAppealHistory (appeals.ts) gives it: where the appeals happen and who
 * handles them, the requesters on file, and the lives pinned on the demo accounts' desks.
 */
import type { Draft } from './appeal-life.js';


/** A requester from the households of a grid: the phone is the one on file, sealed as the app seals it. */
export interface Requester {
  name: string;
  phoneEnc: string;
  phoneIndex: string;
  phoneLast4: string;
  phoneHint: string;
}

/** What an appeal's life is pinned to, for the work a demo account must find on its desk. */
export interface Pinned {
  created: number;
  gridCode: string | null;
  /** The township, for an appeal outside every grid (落格 needed). */
  townshipCode?: string;
  channel: string;
  categoryCode: string;
  urgency?: string;
  life: Pick<Draft, 'plan' | 'stopAt' | 'firstRating' | 'requestExtension'>;
  leader?: boolean;
  joint?: boolean;
  /** A duplicate registered at this instant and merged into this one. */
  duplicateAt?: number;
}

/** Where the appeals happen and who handles them. */
export interface AppealSetting {
  /** Grids under this code receive the appeals. */
  within: string;
  orgFor: (countyCode: string, categoryCode: string) => string | null;
  /** Co-handlers for joint handling (联办) in a county. */
  coOrgsOf: (countyCode: string) => string[];
  orgName: (id: string) => string;
  requesters?: Map<string, Requester[]>;
  leaders?: { id: string; name: string; regionCode: string }[];
  pinned?: Pinned[];
}

