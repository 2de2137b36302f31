import { hasRole, requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Audience, IndicatorRow } from './indicators.service.ts';

/**
 * Who may do what with indicators. Anyone signed in reads the dashboard; officers and admins enter
 * official figures and ask for recomputes. Staff (officers, admins, auditors) also see values computed
 * from fewer than three organisations and their inputs; everyone else sees those withheld.
 */
export const indicatorPolicy = {
  seeDetail: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  enterValue: (a: Actor) => hasRole(a, 'officer', 'admin'),
  recompute: (a: Actor) => hasRole(a, 'officer', 'admin'),
};

export function audienceOf(a: Actor): Audience {
  return indicatorPolicy.seeDetail(a) ? 'staff' : 'member';
}

export function indicatorActions(a: Actor, def: Pick<IndicatorRow, 'kind'>): 'enterValue'[] {
  return def.kind === 'official' && indicatorPolicy.enterValue(a) ? ['enterValue'] : [];
}

export function requireIndicatorAction(actor: Actor | null, allowed: (a: Actor) => boolean, what: string): asserts actor is Actor {
  requireActor(actor);
  if (!allowed(actor)) throw new AppError('FORBIDDEN', `requires permission ${what}`);
}
