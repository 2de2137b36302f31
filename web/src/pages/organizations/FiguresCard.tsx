import { Card, Empty, Table } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { AnnualFigures } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

/** Money arrives in integer fen; the table shows 万元 (10,000 yuan = 1,000,000 fen). */
function tenThousandYuan(fen: number | null, locale: string): string | null {
  if (fen === null) return null;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 1_000_000);
}

export function FiguresCard({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const int = (n: number | null) => (n === null ? t('common.empty') : new Intl.NumberFormat(locale).format(n));
  const money = (fen: number | null) => tenThousandYuan(fen, locale) ?? t('common.empty');
  const list = useApiData((signal) => call(api.GET('/api/v1/organizations/{id}/figures', { params: { path: { id: organizationId } }, signal })), [organizationId]);
  const columns: TableProps<AnnualFigures>['columns'] = [
    { key: 'year', title: t('orgs.colYear'), dataIndex: 'year' },
    { key: 'revenue', title: t('orgs.colRevenue'), align: 'right', render: (_v, f) => money(f.revenueFen) },
    { key: 'rd', title: t('orgs.colRd'), align: 'right', render: (_v, f) => money(f.rdExpenditureFen) },
    {
      key: 'intensity',
      title: t('orgs.colRdIntensity'),
      align: 'right',
      render: (_v, f) =>
        f.revenueFen && f.rdExpenditureFen !== null
          ? new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(f.rdExpenditureFen / f.revenueFen)
          : t('common.empty'),
    },
    { key: 'employees', title: t('orgs.colEmployees'), align: 'right', render: (_v, f) => int(f.employees) },
    { key: 'rdStaff', title: t('orgs.colRdStaff'), align: 'right', render: (_v, f) => int(f.rdStaff) },
    { key: 'patents', title: t('orgs.colPatents'), align: 'right', render: (_v, f) => `${int(f.patentsApplied)} / ${int(f.patentsGranted)}` },
    { key: 'tax', title: t('orgs.colTax'), align: 'right', render: (_v, f) => money(f.taxPaidFen) },
  ];
  return (
    <Card variant="borderless" title={t('orgs.figures')} style={{ height: '100%' }}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<AnnualFigures>
        rowKey="year"
        size="small"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.figuresEmpty')} /> }}
      />
    </Card>
  );
}
