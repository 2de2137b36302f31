import { useMemo, useState } from 'react';
import { Alert, Card, Empty, Flex, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CustomChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { STATUS_COLORS, type Gantt } from './model.ts';
import { toItemQuery, type ItemListState } from './listQuery.ts';

echarts.use([CustomChart, ScatterChart, GridComponent, MarkLineComponent, TooltipComponent]);

const ms = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const ROW = 26;

/** Bars for the plan (coloured by status), ghost outlines for a baseline's plan, diamonds for milestones, a line for today. */
export function GanttView({ listId, state }: { listId: string; state: ItemListState }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [baselineId, setBaselineId] = useState<string | undefined>(undefined);
  const baselines = useApiData((signal) => call(api.GET('/api/v1/project-lists/{id}/baselines', { params: { path: { id: listId } }, signal })), [listId]);
  const query = useMemo(() => {
    const { page: _p, pageSize: _s, ...rest } = toItemQuery(state);
    return { ...rest, baselineId };
  }, [state, baselineId]);
  const g = useApiData((signal) => call(api.GET('/api/v1/project-lists/{id}/gantt', { params: { path: { id: listId }, query }, signal })), [listId, query]);
  const option = useMemo(() => (g.data ? ganttOption(g.data, lang, t('projectsUi.gantt.today')) : null), [g.data, lang, t]);

  return (
    <Card variant="borderless">
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('projectsUi.gantt.baseline')}</Typography.Text>
        <Select
          allowClear
          value={baselineId}
          placeholder={t('projectsUi.gantt.noBaseline')}
          onChange={(v) => setBaselineId(v)}
          options={(baselines.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
          style={{ width: 220 }}
          data-testid="gantt-baseline"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('projectsUi.gantt.legendHint')}
        </Typography.Text>
      </Flex>
      {g.error ? <LoadError error={g.error} onRetry={g.reload} /> : null}
      {!g.data ? (
        <Skeleton active />
      ) : g.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projectsUi.gantt.empty')} />
      ) : option ? (
        <div style={{ overflowX: 'auto' }}>
          <EChart option={option} height={g.data.items.length * ROW + 70} testId="gantt-chart" ariaLabel={t('projectsUi.list.tabGantt')} style={{ minWidth: 900 }} />
        </div>
      ) : (
        <Alert type="info" title={t('projectsUi.gantt.empty')} />
      )}
    </Card>
  );
}

function ganttOption(g: Gantt, lang: 'zh-CN' | 'en', todayLabel: string) {
  const names = g.items.map((i) => {
    const n = lang === 'en' && i.nameEn ? i.nameEn : i.name;
    return `${i.code} ${n.length > 16 ? n.slice(0, 15) + '…' : n}`;
  });
  const bars = g.items.map((i, k) => ({
    value: [k, ms(i.startDate), ms(i.endDate), i.baseline ? ms(i.baseline.startDate) : NaN, i.baseline ? ms(i.baseline.endDate) : NaN],
    itemStyle: { color: STATUS_COLORS[i.status] },
    name: `${i.code} ${i.name}`,
  }));
  const milestones = g.items.flatMap((i, k) =>
    i.milestones.map((m) => ({
      value: [ms(m.plannedDate), k],
      name: `${m.name} ${m.plannedDate}${m.actualDate ? ` → ${m.actualDate}` : ''}`,
      itemStyle: { color: m.state === 'done' ? '#595959' : '#fff', borderColor: m.state === 'overdue' ? '#cf1322' : '#595959', borderWidth: 1.5 },
    })),
  );
  const renderItem = (_params: CustomSeriesRenderItemParams, a: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const y = a.value(0) as number;
    const start = a.coord([a.value(1), y]);
    const end = a.coord([a.value(2), y]);
    const h = (a.size!([0, 1]) as number[])[1]! * 0.5;
    const children: CustomSeriesRenderItemReturn[] = [];
    const bs = a.value(3) as number;
    if (!Number.isNaN(bs)) {
      const b0 = a.coord([bs, y]);
      const b1 = a.coord([a.value(4), y]);
      children.push({ type: 'rect', shape: { x: b0[0]!, y: b0[1]! - h * 0.85, width: Math.max(2, b1[0]! - b0[0]!), height: h * 1.7 }, style: { fill: 'rgba(0,0,0,0.04)', stroke: '#8c8c8c', lineDash: [4, 3] } });
    }
    children.push({ type: 'rect', shape: { x: start[0]!, y: start[1]! - h / 2, width: Math.max(2, end[0]! - start[0]!), height: h, r: 3 }, style: { fill: a.visual('color') as string, opacity: 0.85 } });
    return { type: 'group', children } as CustomSeriesRenderItemReturn;
  };
  const allDates = g.items.flatMap((i) => [ms(i.startDate), ms(i.endDate), ...(i.baseline ? [ms(i.baseline.startDate), ms(i.baseline.endDate)] : [])]);
  const pad = 20 * 86_400_000;
  return {
    grid: { left: 8, right: 24, top: 30, bottom: 24, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'time', position: 'top', min: Math.min(...allDates) - pad, max: Math.max(...allDates) + pad, splitLine: { show: true, lineStyle: { color: '#f0f0f0' } } },
    yAxis: { type: 'category', data: names, inverse: true, axisTick: { show: false }, axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'custom',
        renderItem,
        encode: { x: [1, 2], y: 0 },
        data: bars,
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#cf1322', type: 'solid', width: 1.5 }, label: { formatter: todayLabel, position: 'start' }, data: [{ xAxis: ms(g.today) }] },
        tooltip: { formatter: (p: { name: string }) => p.name },
      },
      { type: 'scatter', symbol: 'diamond', symbolSize: 11, data: milestones, z: 5, tooltip: { formatter: (p: { name: string }) => p.name } },
    ],
  };
}
