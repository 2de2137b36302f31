import { useMemo, useState } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { Flex, Segmented, Select, Table, Tooltip, Typography, theme } from 'antd';
import type { TableProps } from 'antd';
import { BarChartOutlined, TableOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardCell, DashboardZoneRow } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDecimal, toChartNumber } from '../../lib/decimal.ts';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { escapeHtml, type IndicatorFormat } from './indicatorFormat.ts';

echarts.use([BarChart, GridComponent, TooltipComponent]);

type View = 'chart' | 'table';

function Cell({ cell, fmt }: { cell: DashboardCell | undefined; fmt: IndicatorFormat }) {
  const { t } = useTranslation();
  if (!cell || (cell.value === null && !cell.withheld)) return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
  if (cell.withheld) {
    return (
      <Tooltip title={t('dashboard.withheldHint')}>
        <Typography.Text type="secondary">{t('dashboard.withheld')}</Typography.Text>
      </Tooltip>
    );
  }
  const unit = fmt.unit(cell.code);
  return <span className="kc-num">{unit === '%' ? `${formatDecimal(cell.value!)}%` : formatDecimal(cell.value!)}</span>;
}

/** Pick the first indicator that any zone has a value for. */
export function firstWithData(codes: string[], rows: { cells: DashboardCell[] }[], prefer?: string): string | undefined {
  const has = (code: string) => rows.some((r) => r.cells.some((c) => c.code === code && c.value !== null));
  if (prefer && codes.includes(prefer) && has(prefer)) return prefer;
  return codes.find(has) ?? codes[0];
}

/** The zones side by side for the newest year of each headline indicator: as bars or as a table. */
export function ZoneComparison({ zones, fmt }: { zones: Dashboard['zones']; fmt: IndicatorFormat }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { token } = theme.useToken();
  const codes = zones.columns.map((c) => c.code);
  const [chosen, setChosen] = useState<string | undefined>();
  const [view, setView] = useState<View>('chart');
  const code = chosen && codes.includes(chosen) ? chosen : firstWithData(codes, zones.rows, 'rd_intensity');
  const column = zones.columns.find((c) => c.code === code);
  const zoneName = (r: DashboardZoneRow) => (lang === 'en' ? r.nameEn : r.nameZh);

  const option = useMemo(() => {
    const zoneName = (r: DashboardZoneRow) => (lang === 'en' ? r.nameEn : r.nameZh);
    const cells = zones.rows.map((r) => r.cells.find((c) => c.code === code));
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const i = params[0]?.dataIndex ?? -1;
          const row = zones.rows[i];
          const cell = cells[i];
          if (!row || !code) return '';
          return `${escapeHtml(zoneName(row))}<br/><b>${escapeHtml(fmt.datumText(code, cell ?? { value: null, withheld: false }))}</b>`;
        },
      },
      xAxis: { type: 'value', splitLine: { lineStyle: { color: token.colorBorderSecondary } }, axisLabel: { color: token.colorTextSecondary } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: zones.rows.map(zoneName),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: token.colorBorder } },
        axisLabel: { color: token.colorText, width: lang === 'en' ? 150 : 120, overflow: 'break' },
      },
      series: [
        {
          type: 'bar',
          data: cells.map((c) => (c && !c.withheld ? toChartNumber(c.value) : null)),
          barMaxWidth: 20,
          itemStyle: { color: token.colorPrimary, borderRadius: [0, 4, 4, 0] },
          label: {
            show: true,
            position: 'right',
            color: token.colorTextSecondary,
            formatter: (p: { dataIndex: number }) => {
              const c = cells[p.dataIndex];
              if (!c || !code) return '';
              return c.withheld ? t('dashboard.withheld') : c.value === null ? '' : formatDecimal(c.value);
            },
          },
        },
      ],
    };
  }, [zones, code, token, lang, fmt, t]);

  const columns: TableProps<DashboardZoneRow>['columns'] = [
    { key: 'zone', title: t('dashboard.colZone'), fixed: 'left', render: (_v, r) => <span style={{ whiteSpace: 'nowrap' }}>{zoneName(r)}</span> },
    ...zones.columns.map((c) => ({
      key: c.code,
      align: 'right' as const,
      title: (
        <Flex vertical style={{ minWidth: 96 }}>
          <span>{fmt.name(c.code)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {[fmt.unit(c.code), c.year === null ? null : String(c.year)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      ),
      render: (_v: unknown, r: DashboardZoneRow) => <Cell cell={r.cells.find((x) => x.code === c.code)} fmt={fmt} />,
    })),
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center" justify="space-between">
        {view === 'chart' ? (
          <Select<string>
            value={code}
            onChange={setChosen}
            options={codes.map((c) => ({ value: c, label: fmt.name(c) }))}
            style={{ minWidth: 220, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            aria-label={t('dashboard.chooseIndicator')}
            data-testid="zones-indicator"
          />
        ) : (
          <span />
        )}
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'chart', icon: <BarChartOutlined />, label: t('dashboard.viewChart') },
            { value: 'table', icon: <TableOutlined />, label: t('dashboard.viewTable') },
          ]}
        />
      </Flex>
      {view === 'chart' ? (
        <>
          {column && code ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[fmt.unit(code), fmt.year(column.year)].filter(Boolean).join(' · ')}
            </Typography.Text>
          ) : null}
          <EChart option={option} height={Math.max(160, zones.rows.length * 44 + 24)} testId="zones-chart" ariaLabel={t('dashboard.zonesAria')} />
        </>
      ) : (
        <Table<DashboardZoneRow>
          rowKey="zoneId"
          size="small"
          columns={columns}
          dataSource={zones.rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="zones-table"
        />
      )}
    </Flex>
  );
}
