import { createHash } from 'node:crypto';

/** The fields of an audit event that its hash covers. */
export interface ChainedEvent {
  tenantId: string;
  chainSeq: number;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  summary: unknown;
  requestId: string | null;
  occurredAt: Date;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so that jsonb's key reordering changes nothing. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
}

export function canonicalForm(e: ChainedEvent): string {
  return canonicalJson({
    v: 1,
    tenantId: e.tenantId,
    chainSeq: e.chainSeq,
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    summary: e.summary,
    requestId: e.requestId,
    occurredAt: e.occurredAt.toISOString(),
    prevHash: e.prevHash,
  });
}

export function eventHash(e: ChainedEvent): string {
  return createHash('sha256').update(canonicalForm(e)).digest('hex');
}

export interface BrokenLink {
  chainSeq: number;
  id: number;
  reason: 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
}

/** Check one run of events (in chain order) continuing from the given previous link. */
export function verifyRun(
  events: (ChainedEvent & { id: number; hash: string })[],
  prev: { chainSeq: number; hash: string },
): { ok: true; last: { chainSeq: number; hash: string } } | { ok: false; broken: BrokenLink } {
  let last = prev;
  for (const e of events) {
    if (e.chainSeq !== last.chainSeq + 1) return { ok: false, broken: { chainSeq: e.chainSeq, id: e.id, reason: 'sequence_gap' } };
    if (e.prevHash !== last.hash) return { ok: false, broken: { chainSeq: e.chainSeq, id: e.id, reason: 'prev_hash_mismatch' } };
    if (eventHash(e) !== e.hash) return { ok: false, broken: { chainSeq: e.chainSeq, id: e.id, reason: 'hash_mismatch' } };
    last = { chainSeq: e.chainSeq, hash: e.hash };
  }
  return { ok: true, last };
}
