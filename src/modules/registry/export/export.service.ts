import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import type { RegistryService } from '../registry.service.ts';
import type { OrganizationSearch } from '../registry.search.ts';
import { addDays, EXPIRY_WARNING_DAYS, qualificationStatus } from '../registry.rules.ts';
import { annualFigures, organizations, qualifications, zones, type QualificationKind } from '../registry.tables.ts';
import { COLUMNS, formatFen, KIND_LABELS, ORG_TYPE_LABELS, PRIORITY_FIELD_LABELS, QUALIFICATION_KIND_LABELS, QUALIFICATION_STATUS_LABELS } from '../import/index.ts';
import { exportFile, type ExportCell, type ExportFile, type ExportFormat, type TableWriter } from '../../../platform/export/index.ts';

export type { ExportFile, ExportFormat } from '../../../platform/export/index.ts';

/** The filters of GET /organizations, without paging: every matching row is exported. */
export type OrganizationExportFilter = Omit<OrganizationSearch, 'offset' | 'limit' | 'cursor' | 'facets'>;

export type QualificationStatusFilter = 'valid' | 'expiring' | 'expired' | 'not_yet_valid';

export interface QualificationExportFilter {
  kind?: QualificationKind[] | undefined;
  status?: QualificationStatusFilter[] | undefined;
  organizationId?: string | undefined;
}

const PAGE = 1000;
const headers = (kind: keyof typeof COLUMNS) => COLUMNS[kind].map((c) => c.zh);

/**
 * Exports of the registry's lists as xlsx or CSV, streamed page by page (keyset paging) so that any
 * number of rows leaves the server without being held in memory. Columns are those of the import
 * templates (so an export can be edited and imported again) followed by read-only columns.
 */
export class RegistryExportService {
  constructor(
    private readonly db: Db,
    private readonly registry: RegistryService,
  ) {}

  private start(format: ExportFormat, sheet: string, header: string[], produce: (w: TableWriter) => Promise<void>): ExportFile {
    return exportFile(format, { sheet, file: `${sheet}-${this.registry.today()}` }, header, produce);
  }

  organizations(tenantId: string, filter: OrganizationExportFilter, format: ExportFormat): ExportFile {
    const header = [...headers('organizations'), '当前资质', '园区名称'];
    return this.start(format, KIND_LABELS.organizations.zh, header, async (w) => {
      const zoneRows = await this.db.select({ id: zones.id, code: zones.code, nameZh: zones.nameZh }).from(zones).where(eq(zones.tenantId, tenantId));
      const zoneById = new Map(zoneRows.map((z) => [z.id, z]));
      const today = this.registry.today();
      const keyset = filter.sort === 'name' || filter.sort === 'created';
      let cursor: string | undefined;
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.registry.search(tenantId, { ...filter, offset: keyset ? 0 : offset, limit: PAGE, cursor, facets: false });
        if (!page.items.length) break;
        const ids = page.items.map((o) => o.id);
        const current = await this.db
          .select({ organizationId: qualifications.organizationId, kind: qualifications.kind })
          .from(qualifications)
          .where(and(eq(qualifications.tenantId, tenantId), inArray(qualifications.organizationId, ids), sql`${qualifications.validFrom} <= ${today} and (${qualifications.validTo} is null or ${qualifications.validTo} >= ${today})`))
          .orderBy(asc(qualifications.kind));
        const kinds = new Map<string, string[]>();
        for (const q of current) kinds.set(q.organizationId, [...(kinds.get(q.organizationId) ?? []), QUALIFICATION_KIND_LABELS[q.kind]]);
        for (const o of page.items) {
          const zone = o.zoneId ? zoneById.get(o.zoneId) : undefined;
          await w.row([
            o.creditCode,
            o.nameZh,
            o.nameEn,
            o.shortName,
            ORG_TYPE_LABELS[o.type],
            zone?.code ?? null,
            o.address,
            o.industryCode,
            o.priorityField ? PRIORITY_FIELD_LABELS[o.priorityField] : null,
            o.foundedOn,
            o.description,
            o.website,
            o.keywords.join(';'),
            [...new Set(kinds.get(o.id) ?? [])].join('、'),
            zone?.nameZh ?? null,
          ]);
        }
        if (page.items.length < PAGE) break;
        if (keyset) {
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
      }
    });
  }

  qualifications(tenantId: string, filter: QualificationExportFilter, format: ExportFormat): ExportFile {
    const header = [...headers('qualifications'), '机构名称', '状态'];
    return this.start(format, KIND_LABELS.qualifications.zh, header, async (w) => {
      const today = this.registry.today();
      const soon = addDays(today, EXPIRY_WARNING_DAYS);
      const conds: SQL[] = [eq(qualifications.tenantId, tenantId)];
      if (filter.kind?.length) conds.push(inArray(qualifications.kind, filter.kind));
      if (filter.organizationId) conds.push(eq(qualifications.organizationId, filter.organizationId));
      if (filter.status?.length) {
        const q = qualifications;
        const by: Record<QualificationStatusFilter, SQL> = {
          not_yet_valid: sql`${q.validFrom} > ${today}`,
          expired: sql`(${q.validFrom} <= ${today} and ${q.validTo} < ${today})`,
          expiring: sql`(${q.validFrom} <= ${today} and ${q.validTo} between ${today} and ${soon})`,
          valid: sql`(${q.validFrom} <= ${today} and (${q.validTo} is null or ${q.validTo} > ${soon}))`,
        };
        conds.push(sql`(${sql.join(filter.status.map((s) => by[s]), sql` or `)})`);
      }
      let after: [string, string] | null = null;
      for (;;) {
        const rows = await this.db
          .select({ q: qualifications, creditCode: organizations.creditCode, nameZh: organizations.nameZh })
          .from(qualifications)
          .innerJoin(organizations, eq(organizations.id, qualifications.organizationId))
          .where(and(...conds, after ? sql`(${organizations.nameZh}, ${qualifications.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined))
          .orderBy(asc(organizations.nameZh), asc(qualifications.id))
          .limit(PAGE);
        for (const r of rows) {
          await w.row([
            r.creditCode,
            QUALIFICATION_KIND_LABELS[r.q.kind],
            r.q.certificateNo,
            r.q.validFrom,
            r.q.validTo,
            r.q.exchange,
            r.q.ticker,
            r.nameZh,
            QUALIFICATION_STATUS_LABELS[qualificationStatus(r.q, today)],
          ]);
        }
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) break;
        after = [last.nameZh, last.q.id];
      }
    });
  }

  people(tenantId: string, filter: { q?: string | undefined; organizationId?: string | undefined }, format: ExportFormat): ExportFile {
    const header = ['姓名', '英文名', '所属机构', '职称', '研究领域', 'ORCID', '简介'];
    return this.start(format, '人才名录', header, async (w) => {
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.registry.searchPeople(tenantId, { ...filter, offset, limit: PAGE });
        for (const { p, orgName } of page.items) await w.row([p.nameZh, p.nameEn, orgName, p.title, p.fields.join(';'), p.orcid, p.bio]);
        if (page.items.length < PAGE) break;
      }
    });
  }

  figures(tenantId: string, year: number, format: ExportFormat): ExportFile {
    const header = [...headers('figures'), '机构名称'];
    const money = (fen: number | null): ExportCell => (fen === null ? null : format === 'csv' ? formatFen(fen) : fen / 100);
    return this.start(format, `${KIND_LABELS.figures.zh}${year}`, header, async (w) => {
      let after: [string, string] | null = null;
      for (;;) {
        const rows = await this.db
          .select({ f: annualFigures, creditCode: organizations.creditCode, nameZh: organizations.nameZh })
          .from(annualFigures)
          .innerJoin(organizations, eq(organizations.id, annualFigures.organizationId))
          .where(and(eq(annualFigures.tenantId, tenantId), eq(annualFigures.year, year), after ? sql`(${organizations.nameZh}, ${annualFigures.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined))
          .orderBy(asc(organizations.nameZh), asc(annualFigures.id))
          .limit(PAGE);
        for (const r of rows) {
          const f = r.f;
          await w.row([r.creditCode, f.year, money(f.revenueFen), money(f.rdExpenditureFen), f.employees, f.rdStaff, f.patentsApplied, f.patentsGranted, money(f.taxPaidFen), r.nameZh]);
        }
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) break;
        after = [last.nameZh, last.f.id];
      }
    });
  }
}
