import { useMemo, useState } from 'react';
import { Alert, Card, Empty, Flex, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CustomChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { ganttHeight, ganttOption } from './ganttOption.ts';
import { toItemQuery, type ItemListState } from './listQuery.ts';

echarts.use([CustomChart, ScatterChart, GridComponent, MarkLineComponent, TooltipComponent, DataZoomInsideComponent, DataZoomSliderComponent]);

/** The list's timeline (see ganttOption), filtered like the item table, against a chosen baseline. */
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
          <EChart option={option} height={ganttHeight(g.data.items.length)} testId="gantt-chart" ariaLabel={t('projectsUi.list.tabGantt')} style={{ minWidth: 900 }} />
        </div>
      ) : (
        <Alert type="info" title={t('projectsUi.gantt.empty')} />
      )}
    </Card>
  );
}
