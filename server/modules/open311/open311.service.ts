/**
 * Open311 GeoReport v2 over the appeal loop (http://wiki.open311.org/GeoReport_v2), with the
 * service request updates extension (mySociety's, as FixMyStreet speaks it) for two-way updates.
 *
 * - services are the level-2 appeal categories; a service request is an appeal, its
 *   service_request_id the appeal's number (360802-20261122-0001), its token the appeal's token;
 *   address_id is a division or grid code (a township, a community or a grid), both ways.
 * - Reads expose only public fields: never the requester, notes or internal steps; status_notes and
 *   updates are the plain words the requester's own timeline shows.
 * - Without an api_key the exact place is not published: lat/long are rounded to about 100 m and
 *   the address is the community and grid's names (see `views`).
 * - Who sees what. Open311 treats service requests as public. With an api_key, a read covers the
 *   key's scope (every appeal in its region). Without one we are conservative: only appeals a
 *   resident or an integration submitted (source 'public', the QR pages, and 'open311'), never those
 *   registered internally (console, visits), whose descriptions were written by staff and were never
 *   meant to be published.
 * - 多诉统办 (an extension): GET similar.{format} answers the likely repeats of a draft, and a POST's answer
 *   lists them in similar_service_requests: public ids and reasons only (open311.similar.ts).
 * - Writes need an api_key and act as the key's actor: its roles and region scope apply exactly as in
 *   the console (createAppeal, act).
 */
export { CHANGESET, Open311Error, SPECIFICATION, type Form } from './open311.common.js';
export { byToken, getRequest, listRequests } from './open311.requests.js';
export { listServices, serviceDefinition } from './open311.services.js';
export { similarRequests } from './open311.similar.js';
export { createRequest } from './open311.submit.js';
export { listUpdates, postUpdate } from './open311.updates.js';
