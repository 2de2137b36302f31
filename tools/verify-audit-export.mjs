#!/usr/bin/env node
// Verifies a Kechuang audit export (JSON Lines from GET /api/v1/audit/export or
// `kechuang audit export`) with nothing but Node's standard library, independently of the
// platform and its database. Usage: node verify-audit-export.mjs audit.jsonl
//
// Each event's hash is SHA-256 (hex) of its canonical form: the JSON object
// {v:1, tenantId, chainSeq, actorUserId, actorLabel, action, targetType, targetId, summary,
//  requestId, occurredAt, prevHash} with keys sorted at every level and no whitespace.
// The first event's prevHash is 64 zeros; every other event's prevHash is the hash before it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node verify-audit-export.mjs EXPORT.jsonl');
  process.exit(2);
}
let prevHash = '0'.repeat(64);
let prevSeq = 0;
let n = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const e = JSON.parse(line);
  const { id, hash, ...rest } = e;
  const form = canonical({
    v: 1,
    tenantId: rest.tenantId,
    chainSeq: rest.chainSeq,
    actorUserId: rest.actorUserId,
    actorLabel: rest.actorLabel,
    action: rest.action,
    targetType: rest.targetType,
    targetId: rest.targetId,
    summary: rest.summary,
    requestId: rest.requestId,
    occurredAt: rest.occurredAt,
    prevHash: rest.prevHash,
  });
  const problem =
    e.chainSeq !== prevSeq + 1 ? 'sequence gap' :
    e.prevHash !== prevHash ? 'prev_hash does not match the event before' :
    createHash('sha256').update(form).digest('hex') !== hash ? 'hash does not match the content' : null;
  if (problem) {
    console.log(`BROKEN at event #${e.chainSeq} (id ${id}): ${problem}; ${n} events before it verified`);
    process.exit(3);
  }
  prevHash = hash;
  prevSeq = e.chainSeq;
  n++;
}
console.log(`OK: ${n} events, head ${prevHash}`);
