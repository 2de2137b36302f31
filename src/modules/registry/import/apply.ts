import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import { organizationSearchText } from '../registry.service.ts';
import type { Writes } from './plan.ts';

/**
 * Rows per statement. All rows of a statement travel as ONE JSON parameter, unpacked by
 * jsonb_to_recordset: building and binding thousands of parameters costs more than the writes
 * (measured on PGlite: 100k organisations in about a quarter of the time of multi-row VALUES).
 * 5,000 rows of organisations are about 3 MB of JSON.
 */
export const WRITE_BATCH = 5000;

function chunks<T>(xs: T[], n = WRITE_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs one statement per batch, in order, and builds the next batch's JSON (for organisations: the jieba
 * search text, the most expensive CPU of an import) while the database executes the current one. On
 * PostgreSQL that work runs in another process at the same time; on PGlite it simply runs in turn.
 * Statements never overlap: the transaction's connection runs one at a time.
 */
async function pipelined<T>(parts: T[][], prepare: (part: T[]) => string, run: (json: string) => Promise<unknown>): Promise<void> {
  let json = parts.length ? prepare(parts[0]!) : '';
  for (let i = 0; i < parts.length; i++) {
    const pending = run(json);
    // Awaited below; this only keeps a failure from being reported as unhandled while the next batch is built.
    pending.catch(() => undefined);
    // Let the driver send the statement (its promise chain and the socket write) before the CPU work.
    await nextTick();
    json = i + 1 < parts.length ? prepare(parts[i + 1]!) : '';
    await pending;
  }
}

/**
 * Writes planned rows with upserts on the natural keys (tenant and credit code; organisation, kind and
 * start; organisation and year). Rows that did not change were left out of the plan, so a re-import of
 * the same file writes nothing.
 */
export async function applyWrites(tx: Db, tenantId: string, writes: Writes, now: Date): Promise<void> {
  const at = now.toISOString();
  switch (writes.kind) {
    case 'organizations':
      return pipelined(
        chunks(writes.rows),
        (part) => JSON.stringify(part.map((o) => ({ ...o, searchText: organizationSearchText(o) }))),
        async (json) => {
          await tx.execute(sql`
          insert into organizations (tenant_id, credit_code, name_zh, name_en, short_name, type, zone_id, address, industry_code, priority_field, founded_on, description, website, keywords, search_vector)
          select ${tenantId}::uuid, x."creditCode", x."nameZh", x."nameEn", x."shortName", x.type, x."zoneId", x.address, x."industryCode", x."priorityField", x."foundedOn", x.description, x.website, x.keywords, to_tsvector('simple', x."searchText")
          from jsonb_to_recordset(${json}::jsonb) as x("creditCode" text, "nameZh" text, "nameEn" text, "shortName" text, type text, "zoneId" uuid, address text, "industryCode" text, "priorityField" text, "foundedOn" date, description text, website text, keywords text[], "searchText" text)
          on conflict (tenant_id, credit_code) do update set
            name_zh = excluded.name_zh, name_en = excluded.name_en, short_name = excluded.short_name, type = excluded.type, zone_id = excluded.zone_id,
            address = excluded.address, industry_code = excluded.industry_code, priority_field = excluded.priority_field, founded_on = excluded.founded_on,
            description = excluded.description, website = excluded.website, keywords = excluded.keywords, search_vector = excluded.search_vector,
            updated_at = ${at}::timestamptz`);
        },
      );
    case 'qualifications':
      return pipelined(
        chunks(writes.rows),
        (part) => JSON.stringify(part),
        async (json) => {
          await tx.execute(sql`
          insert into qualifications (tenant_id, organization_id, kind, valid_from, certificate_no, valid_to, exchange, ticker)
          select ${tenantId}::uuid, x."organizationId", x.kind, x."validFrom", x."certificateNo", x."validTo", x.exchange, x.ticker
          from jsonb_to_recordset(${json}::jsonb) as x("organizationId" uuid, kind text, "validFrom" date, "certificateNo" text, "validTo" date, exchange text, ticker text)
          on conflict (organization_id, kind, valid_from) do update set
            certificate_no = excluded.certificate_no, valid_to = excluded.valid_to, exchange = excluded.exchange, ticker = excluded.ticker`);
        },
      );
    case 'figures':
      return pipelined(
        chunks(writes.rows),
        (part) => JSON.stringify(part),
        async (json) => {
          await tx.execute(sql`
          insert into annual_figures (tenant_id, organization_id, year, revenue_fen, rd_expenditure_fen, employees, rd_staff, patents_applied, patents_granted, tax_paid_fen, updated_at)
          select ${tenantId}::uuid, x."organizationId", x.year, x."revenueFen", x."rdExpenditureFen", x.employees, x."rdStaff", x."patentsApplied", x."patentsGranted", x."taxPaidFen", ${at}::timestamptz
          from jsonb_to_recordset(${json}::jsonb) as x("organizationId" uuid, year int, "revenueFen" bigint, "rdExpenditureFen" bigint, employees int, "rdStaff" int, "patentsApplied" int, "patentsGranted" int, "taxPaidFen" bigint)
          on conflict (organization_id, year) do update set
            revenue_fen = excluded.revenue_fen, rd_expenditure_fen = excluded.rd_expenditure_fen, employees = excluded.employees, rd_staff = excluded.rd_staff,
            patents_applied = excluded.patents_applied, patents_granted = excluded.patents_granted, tax_paid_fen = excluded.tax_paid_fen, updated_at = excluded.updated_at`);
        },
      );
  }
}
