// The admin's draft deletion request: the selection lives on the server (deletion-orchestrator), so it survives
// paging and reloads. Writes go one at a time, each naming the version it was made on (If-Match); if another
// window changed the draft meanwhile, the server refuses (412/409), the draft is reloaded and the admin told.

import { call, get } from './api.js';
import { currentDraft } from './logic/selection.js';

export class Draft {
  constructor(platformId) {
    this.base = `/api/platforms/${platformId}/deletion-requests`;
    this.request = null;
    this.loaded = false;
    this.queue = Promise.resolve();
    this.idempotencyKey = crypto.randomUUID();
  }

  /** The newest DRAFT or REVIEWED request, or none yet; read by itself, as lists carry counts but not the ids. */
  async load() {
    const [drafts, reviewed] = await Promise.all([get(this.base, 'state=DRAFT'), get(this.base, 'state=REVIEWED')]);
    const newest = currentDraft([...(drafts.body ?? []), ...(reviewed.body ?? [])]);
    this.request = newest ? (await get(`${this.base}/${newest.requestId}`)).body : null;
    this.loaded = true;
    return this.request;
  }

  /**
   * Loaded once per page load: paging then costs one call (the users page), not three. Every write answers with
   * the request, and a write on a draft changed elsewhere is refused and reloads it.
   */
  async ensureLoaded() {
    return this.loaded ? this.request : this.load();
  }

  get selection() {
    return this.request?.selection ?? null;
  }

  /** Ticks ({add}) and unticks ({remove}) users. */
  patch(change) {
    return this.write('PATCH', '/selection', change);
  }

  /** Replaces the selection: {mode: 'USERS', userIds}, {mode: 'FILTER', filter}, {mode: 'ALL_USERS'}. */
  replaceSelection(selection) {
    return this.write('PUT', '/selection', selection);
  }

  /** Freezes the selection for the review page. */
  review() {
    return this.write('POST', '/review', undefined);
  }

  write(method, suffix, body) {
    const run = async () => {
      if (!this.request) {
        const created = await call('POST', this.base, { headers: { 'Idempotency-Key': this.idempotencyKey } });
        this.request = created.body;
      }
      const headers = this.request.version != null ? { 'If-Match': `"${this.request.version}"` } : {};
      try {
        const answer = await call(method, `${this.base}/${this.request.requestId}${suffix}`, { body, headers });
        this.request = answer.body;
        return this.request;
      } catch (error) {
        if (['precondition-failed', 'concurrent-change', 'request-not-editable', 'request-cancelled'].includes(error.slug)
            || error.status === 404) {
          await this.load().catch(() => {});
          if (!this.request) this.idempotencyKey = crypto.randomUUID();
        }
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }
}
