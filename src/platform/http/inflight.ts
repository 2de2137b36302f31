import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves when no request handler is running any more, or after `timeoutMs`. */
    drain(timeoutMs: number): Promise<boolean>;
  }
}

const counted = Symbol('kc.inflight');

/**
 * Counts handlers in progress. `app.close()` returns once connections are gone, which can be before
 * the handlers of clients that hung up have finished; shutdown waits for them before closing the database.
 */
export function trackInflight(app: FastifyInstance) {
  let inflight = 0;
  let waiters: (() => void)[] = [];
  const done = (request: object) => {
    const r = request as Record<symbol, boolean>;
    if (!r[counted]) return;
    r[counted] = false;
    inflight--;
    if (inflight === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  app.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, boolean>)[counted] = true;
    inflight++;
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    done(request);
    return payload;
  });
  app.addHook('onResponse', async (request) => done(request));
  app.decorate('drain', (timeoutMs: number) => {
    if (inflight === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      waiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  });
}
