import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, verifyRun, type ChainedEvent } from './chain.ts';
import { GENESIS_HASH } from './events.ts';

function chain(n: number) {
  const out: (ChainedEvent & { id: number; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: ChainedEvent = {
      tenantId: 't',
      chainSeq: i,
      actorUserId: null,
      actorLabel: 'system',
      action: 'x.y',
      targetType: 'thing',
      targetId: String(i),
      summary: { b: 1, a: [2, { d: 'z', c: null }] },
      requestId: null,
      occurredAt: new Date(Date.UTC(2026, 10, 23, 0, 0, i)),
      prevHash: prev,
    };
    const hash = eventHash(e);
    out.push({ ...e, id: i * 10, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":1},"b":1}');
  });
  it('verifies an intact chain', () => {
    const r = verifyRun(chain(5), { chainSeq: 0, hash: GENESIS_HASH });
    expect(r.ok).toBe(true);
  });
  it('names the first tampered event', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, summary: { b: 2 } };
    const r = verifyRun(c, { chainSeq: 0, hash: GENESIS_HASH });
    expect(r).toEqual({ ok: false, broken: { chainSeq: 3, id: 30, reason: 'hash_mismatch' } });
  });
  it('detects a removed event and a relinked chain', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyRun(c, { chainSeq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: false, broken: { chainSeq: 3, reason: 'sequence_gap' } });
    const d = chain(3);
    d[1] = { ...d[1]!, prevHash: 'f'.repeat(64) };
    expect(verifyRun(d, { chainSeq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: false, broken: { chainSeq: 2, reason: 'prev_hash_mismatch' } });
  });
});
