import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../audit/audit.service.ts';
import { actorLabel, requireActor, type Actor } from '../auth/policy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionState: 'none' | 'valid' | 'revoked' | 'idle' | 'expired' | 'unknown';
  }
}

/** The command context of the signed-in caller: tenant, actor and request id for the audit trail. */
export function commandContext(request: FastifyRequest): CommandContext & { actor: Actor } {
  requireActor(request.actor);
  return {
    tenantId: request.actor.tenantId,
    actorUserId: request.actor.userId,
    actorLabel: actorLabel(request.actor),
    requestId: String(request.id),
    actor: request.actor,
  };
}
