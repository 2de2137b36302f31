// What an expert file would do to the pool: each checked row resolved against the registry
// (organisation by credit code or name), the accounts (by e-mail) and the pool (by ORCID, e-mail, or
// name and organisation), then compared with what is there. Reads only, through the handle it is
// given, so the commit can run it again inside its transaction.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { userRoles, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';
import { experts, expertPublications, type Availability } from './experts.tables.ts';
import { labelKey, nameOrgKey, NEW_EXPERT_MAX_LOAD, rowError, type ParsedExpert, type RowError } from './experts.import.rules.ts';

type ExpertRow = typeof experts.$inferSelect;
type Publication = { title: string; year: number; coauthors: { name: string; expertId: string | null }[] };

export interface ImportValues {
  name: string;
  userId: string | null;
  organizationId: string | null;
  affiliation: string;
  title: string;
  fields: string[];
  keywords: string[];
  biography: string;
  orcid: string | null;
  availability: Availability;
  unavailableUntil: string | null;
  maxLoad: number;
}

export type ImportOp =
  | { kind: 'insert'; row: number; values: ImportValues; publications: Publication[] | null }
  | { kind: 'update'; row: number; expertId: string; values: Partial<ImportValues>; publications: Publication[] | null; fields: string[] };

export interface ImportChange {
  row: number;
  action: 'insert' | 'update' | 'unchanged';
  expertId: string | null;
  name: string;
  matchedBy: 'orcid' | 'email' | 'name' | null;
  fields: string[];
}

export interface ImportPlan {
  counts: { rows: number; insert: number; update: number; unchanged: number; errors: number };
  errors: RowError[];
  changes: ImportChange[];
  ops: ImportOp[];
}

type Org = { id: string; creditCode: string; nameZh: string; nameEn: string | null; shortName: string | null };

const VALUE_KEYS = ['name', 'userId', 'organizationId', 'affiliation', 'title', 'fields', 'keywords', 'biography', 'orcid', 'availability', 'unavailableUntil', 'maxLoad'] as const;

const orgNames = (o: Org) => [o.nameZh, o.nameEn, o.shortName].filter((x): x is string => Boolean(x)).map(labelKey);
/** Publication lists compare as sets of (year, title, co-authors): stored order within a year is not the file's. */
const pubKeys = (list: Publication[]) => list.map((p) => JSON.stringify([p.year, p.title, p.coauthors.map((c) => c.name)])).sort();
const samePublications = (a: Publication[], b: Publication[]) => JSON.stringify(pubKeys(a)) === JSON.stringify(pubKeys(b));

/** Everything the rows refer to, read in a few queries. */
async function lookups(db: Db, tenantId: string, rows: ParsedExpert[]) {
  const codes = [...new Set(rows.flatMap((r) => (r.creditCode ? [r.creditCode] : [])))];
  const names = [...new Set(rows.flatMap((r) => (r.organization ? [r.organization] : [])))];
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))];
  const orcids = [...new Set(rows.flatMap((r) => (r.orcid ? [r.orcid] : [])))];
  const expertNames = [...new Set(rows.map((r) => r.name))];
  const orgCols = { id: organizations.id, creditCode: organizations.creditCode, nameZh: organizations.nameZh, nameEn: organizations.nameEn, shortName: organizations.shortName };
  const orgWhere = or(
    codes.length ? inArray(organizations.creditCode, codes) : undefined,
    names.length ? or(inArray(organizations.nameZh, names), inArray(organizations.shortName, names), inArray(organizations.nameEn, names)) : undefined,
  );
  const orgs: Org[] = orgWhere ? await db.select(orgCols).from(organizations).where(and(eq(organizations.tenantId, tenantId), orgWhere)) : [];
  const accounts = emails.length
    ? await db
        .select({ id: users.id, email: users.email, expertRole: sql<boolean>`exists (select 1 from ${userRoles} r where r.user_id = ${users.id} and r.role = 'expert')` })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), inArray(sql`lower(${users.email})`, emails)))
    : [];
  const poolWhere = or(
    orcids.length ? inArray(experts.orcid, orcids) : undefined,
    accounts.length ? inArray(experts.userId, accounts.map((a) => a.id)) : undefined,
    inArray(experts.name, expertNames),
  );
  const pool = rows.length ? await db.select().from(experts).where(and(eq(experts.tenantId, tenantId), poolWhere)) : [];
  return { orgs, accounts, pool };
}

/** Checks the rows against the registry, the accounts and the pool, and says what committing would change. */
export async function planImport(db: Db, tenantId: string, rows: ParsedExpert[]): Promise<ImportPlan> {
  const { orgs, accounts, pool } = await lookups(db, tenantId, rows);
  const orgByCode = new Map(orgs.map((o) => [o.creditCode, o]));
  const accountByEmail = new Map(accounts.map((a) => [a.email.toLowerCase(), a]));
  const byOrcid = new Map(pool.filter((e) => e.orcid).map((e) => [e.orcid!, e]));
  const byUser = new Map(pool.filter((e) => e.userId).map((e) => [e.userId!, e]));
  const orgName = (id: string | null) => (id ? (orgs.find((o) => o.id === id)?.nameZh ?? '') : '');

  const errors: RowError[] = [];
  const changes: ImportChange[] = [];
  const ops: ImportOp[] = [];
  const seen = new Map<string, number>();
  const resolved: { r: ParsedExpert; target: ExpertRow | null; matchedBy: ImportChange['matchedBy']; values: ImportValues }[] = [];

  for (const r of rows) {
    const rowErrors: RowError[] = [];
    // Organisation: by credit code, by name, or both agreeing.
    let org: Org | null = null;
    if (r.creditCode) {
      org = orgByCode.get(r.creditCode) ?? null;
      if (!org) rowErrors.push(rowError(r.row, 'creditCode', 'unknown_credit_code'));
      else if (r.organization && !orgNames(org).includes(labelKey(r.organization))) rowErrors.push(rowError(r.row, 'organization', 'organization_mismatch'));
    } else if (r.organization) {
      const hits = orgs.filter((o) => orgNames(o).includes(labelKey(r.organization!)));
      if (hits.length === 0) rowErrors.push(rowError(r.row, 'organization', 'unknown_organization'));
      else if (hits.length > 1) rowErrors.push(rowError(r.row, 'organization', 'ambiguous_organization'));
      else org = hits[0]!;
    }
    // Account by e-mail.
    let userId: string | null | undefined;
    if (r.email) {
      const a = accountByEmail.get(r.email);
      if (!a) rowErrors.push(rowError(r.row, 'email', 'no_account'));
      else if (!a.expertRole) rowErrors.push(rowError(r.row, 'email', 'not_expert_account'));
      else userId = a.id;
    }
    // The expert in the pool: by ORCID, by the account, else by name and organisation (without another ORCID).
    const viaOrcid = r.orcid ? byOrcid.get(r.orcid) : undefined;
    const viaEmail = userId ? byUser.get(userId) : undefined;
    let target: ExpertRow | null = null;
    let matchedBy: ImportChange['matchedBy'] = null;
    if (viaOrcid && viaEmail && viaOrcid.id !== viaEmail.id) rowErrors.push(rowError(r.row, 'email', 'orcid_and_email_differ', viaOrcid.name, viaEmail.name));
    else if (viaOrcid) [target, matchedBy] = [viaOrcid, 'orcid'];
    else if (viaEmail) [target, matchedBy] = [viaEmail, 'email'];
    else {
      const orgKey = org ? org.nameZh : (r.affiliation ?? '');
      const key = nameOrgKey(r.name, orgKey);
      const hits = pool.filter((e) => (!r.orcid || !e.orcid) && (!userId || !e.userId) && nameOrgKey(e.name, e.organizationId ? orgName(e.organizationId) || e.affiliation : e.affiliation) === key);
      if (hits.length > 1) rowErrors.push(rowError(r.row, 'name', 'ambiguous_match', hits.length));
      else if (hits.length === 1) [target, matchedBy] = [hits[0]!, 'name'];
    }
    if (userId && target?.userId && target.userId !== userId) rowErrors.push(rowError(r.row, 'email', 'account_linked_elsewhere', target.name));

    // The same expert twice in the file.
    const keys = [r.orcid && `orcid:${r.orcid}`, r.email && `email:${r.email}`, target && `expert:${target.id}`, !target && !r.orcid && !r.email && `new:${nameOrgKey(r.name, org?.nameZh ?? r.affiliation ?? '')}`].filter(
      (k): k is string => Boolean(k),
    );
    for (const k of keys) {
      const first = seen.get(k);
      if (first === undefined) continue;
      rowErrors.push(k.startsWith('expert:') ? rowError(r.row, 'name', 'same_expert_in_file', first) : rowError(r.row, k.startsWith('orcid:') ? 'orcid' : k.startsWith('email:') ? 'email' : 'name', 'duplicate_in_file', first));
      break;
    }
    for (const k of keys) if (!seen.has(k)) seen.set(k, r.row);
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }

    const base: ImportValues = target
      ? { name: target.name, userId: target.userId, organizationId: target.organizationId, affiliation: target.affiliation, title: target.title, fields: target.fields, keywords: target.keywords, biography: target.biography, orcid: target.orcid, availability: target.availability, unavailableUntil: target.unavailableUntil, maxLoad: target.maxLoad }
      : { name: r.name, userId: null, organizationId: null, affiliation: '', title: '', fields: [], keywords: [], biography: '', orcid: null, availability: 'available', unavailableUntil: null, maxLoad: NEW_EXPERT_MAX_LOAD };
    const values: ImportValues = {
      ...base,
      name: r.name,
      ...(userId !== undefined ? { userId } : {}),
      ...(org ? { organizationId: org.id } : {}),
      ...(r.affiliation !== undefined ? { affiliation: r.affiliation } : org && !target ? { affiliation: org.nameZh } : {}),
      ...(r.title !== undefined ? { title: r.title } : {}),
      ...(r.fields !== undefined ? { fields: r.fields } : {}),
      ...(r.keywords !== undefined ? { keywords: r.keywords } : {}),
      ...(r.biography !== undefined ? { biography: r.biography } : {}),
      ...(r.orcid !== undefined ? { orcid: r.orcid } : {}),
      ...(r.availability !== undefined ? { availability: r.availability, unavailableUntil: r.unavailableUntil ?? null } : {}),
      ...(r.maxLoad !== undefined ? { maxLoad: r.maxLoad } : {}),
    };
    resolved.push({ r, target, matchedBy, values });
  }

  // Publications of the experts whose list the file replaces, to tell a real change from the same list.
  const withPubs = resolved.filter((x) => x.target && x.r.publications).map((x) => x.target!.id);
  const pubs = withPubs.length ? await db.select().from(expertPublications).where(inArray(expertPublications.expertId, withPubs)) : [];
  const pubsOf = (id: string) =>
    pubs
      .filter((p) => p.expertId === id)
      .sort((a, b) => a.year - b.year || a.id.localeCompare(b.id))
      .map((p) => ({ title: p.title, year: p.year, coauthors: p.coauthors }));

  for (const { r, target, matchedBy, values } of resolved) {
    const filePubs = r.publications ? [...r.publications].sort((a, b) => a.year - b.year) : null;
    if (!target) {
      ops.push({ kind: 'insert', row: r.row, values, publications: filePubs });
      changes.push({ row: r.row, action: 'insert', expertId: null, name: values.name, matchedBy: null, fields: [] });
      continue;
    }
    const fields: string[] = VALUE_KEYS.filter((k) => JSON.stringify(values[k]) !== JSON.stringify(target[k]));
    const pubsChanged = filePubs !== null && !samePublications(filePubs, pubsOf(target.id));
    if (pubsChanged) fields.push('publications');
    if (fields.length === 0) {
      changes.push({ row: r.row, action: 'unchanged', expertId: target.id, name: values.name, matchedBy, fields: [] });
      continue;
    }
    const patch = Object.fromEntries(VALUE_KEYS.filter((k) => fields.includes(k)).map((k) => [k, values[k]])) as Partial<ImportValues>;
    ops.push({ kind: 'update', row: r.row, expertId: target.id, values: patch, publications: pubsChanged ? filePubs : null, fields });
    changes.push({ row: r.row, action: 'update', expertId: target.id, name: values.name, matchedBy, fields });
  }
  const count = (a: ImportChange['action']) => changes.filter((c) => c.action === a).length;
  return { counts: { rows: rows.length, insert: count('insert'), update: count('update'), unchanged: count('unchanged'), errors: new Set(errors.map((e) => e.row)).size }, errors, changes, ops };
}
