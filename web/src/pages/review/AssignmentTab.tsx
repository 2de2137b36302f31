import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Popover, Row, Segmented, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { CalculatorOutlined, SwapOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { fieldErrors, pct, type AffinityExplain, type Assignments, type Round } from './model.ts';
import { SwapModal } from './SwapModal.tsx';

type Item = Assignments['items'][number];

/** 分配: run the optimal assignment, see who reviews what with affinity and matched terms, and change it by hand. */
export function AssignmentTab({ round, onChanged }: { round: Round; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const data = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/assignments', { params: { path: { id: round.id } }, signal })), [round.id, round.updatedAt]);
  const [view, setView] = useState<'items' | 'matrix'>('items');
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [swapping, setSwapping] = useState<{ itemId: string; expertId: string } | null>(null);
  const a = data.data;
  const run = a?.lastRun ?? round.lastRun;

  const solve = async () => {
    setRunning(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/assign', { params: { path: { id: round.id } } }));
      onChanged();
    } catch (err) {
      setFailure(err);
    } finally {
      setRunning(false);
    }
  };

  const columns = [
    { key: 'code', title: t('reviewUi.assign.item'), render: (_v: unknown, i: Item) => <Flex vertical><span className="kc-mono">{i.code}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.title}</Typography.Text></Flex> },
    {
      key: 'experts',
      title: t('reviewUi.assign.experts'),
      render: (_v: unknown, i: Item) =>
        i.experts.length === 0 ? (
          <Typography.Text type="danger">{t('reviewUi.assign.none')}</Typography.Text>
        ) : (
          <Flex gap={6} wrap>
            {i.experts.map((e) => (
              <Popover key={e.expertId} trigger="click" title={`${e.name} · ${i.code}`} content={<MatchedTerms roundId={round.id} itemId={i.itemId} expertId={e.expertId} />}>
                <Tag color={e.conflicts.length ? 'red' : e.source === 'manual' ? 'gold' : 'blue'} style={{ cursor: 'pointer' }} data-testid={`assigned-${i.code}`}>
                  {e.conflicts.length ? <WarningOutlined /> : null} {e.name} · {pct(e.affinity)}
                  {e.sheet ? ` · ${t(`reviewUi.assign.sheet.${e.sheet.status === 'submitted' ? 'submitted' : 'draft'}`)}` : ''}
                </Tag>
              </Popover>
            ))}
          </Flex>
        ),
    },
    { key: 'count', title: t('reviewUi.assign.count'), align: 'right' as const, render: (_v: unknown, i: Item) => <Typography.Text type={i.experts.length === round.expertsPerItem ? undefined : 'danger'}>{`${i.experts.length} / ${round.expertsPerItem}`}</Typography.Text> },
    { key: 'total', title: t('reviewUi.assign.total'), align: 'right' as const, render: (_v: unknown, i: Item) => i.total.toFixed(3) },
    ...(round.actions.includes('change')
      ? [{ key: 'swap', title: '', render: (_v: unknown, i: Item) => (i.experts.length ? <Button size="small" icon={<SwapOutlined />} onClick={() => setSwapping({ itemId: i.itemId, expertId: i.experts[0]!.expertId })} data-testid={`swap-${i.code}`}>{t('reviewUi.assign.change')}</Button> : null) }]
      : []),
  ];

  return (
    <>
      <Card
        variant="borderless"
        title={t('reviewUi.assign.title')}
        extra={
          round.actions.includes('assign') ? (
            <Button type="primary" icon={<CalculatorOutlined />} loading={running} onClick={() => void solve()} data-testid="run-assignment">
              {t('reviewUi.assign.run')}
            </Button>
          ) : null
        }
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph type="secondary">{t('reviewUi.assign.explain', { k: round.expertsPerItem })}</Typography.Paragraph>
        {failure ? (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorText(failure)} description={fieldErrors(failure, lang).map((e) => e.text).join('；') || undefined} data-testid="assign-failure" />
        ) : null}
        <Spin spinning={running} tip={t('reviewUi.assign.solving')}>
          {run ? (
            <Row gutter={16} data-testid="last-run">
              <Col xs={12} md={4}><Statistic title={t('reviewUi.assign.method')} value={t(`reviewUi.assign.methods.${run.method}`)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reviewUi.assign.objective')} value={run.objective} precision={3} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reviewUi.assign.minTotal')} value={run.minItemTotal ?? 0} precision={3} /></Col>
              <Col xs={12} md={3}><Statistic title={t('reviewUi.assign.pairs')} value={run.pairs} /></Col>
              <Col xs={12} md={3}><Statistic title={t('reviewUi.assign.ms')} value={run.ms} suffix="ms" /></Col>
              <Col xs={24} md={6}>
                <Typography.Text type="secondary">{formatDateTime(run.ranAt, lang)}</Typography.Text>
                <div>{run.certificate ? <Tag color={run.certificate.optimal ? 'green' : 'orange'} data-testid="proven-optimal">{t(run.certificate.optimal ? 'reviewUi.assign.provenOptimal' : 'reviewUi.assign.notProven')}</Tag> : <Tag color="purple">{t('reviewUi.assign.methods.draw')}</Tag>}</div>
              </Col>
            </Row>
          ) : (
            <Empty description={t('reviewUi.assign.notRun')} />
          )}
        </Spin>
      </Card>
      <Card variant="borderless" extra={<Segmented value={view} onChange={(v) => setView(v as 'items' | 'matrix')} options={[{ value: 'items', label: t('reviewUi.assign.byItem') }, { value: 'matrix', label: t('reviewUi.assign.matrix') }]} />} style={{ marginBottom: 16 }}>
        {data.error ? <LoadError error={data.error} onRetry={data.reload} /> : null}
        {view === 'items' ? (
          <Table<Item> rowKey="itemId" size="small" columns={columns} dataSource={a?.items ?? []} loading={data.loading} pagination={false} scroll={{ x: 'max-content' }} data-testid="assignment-table" />
        ) : (
          <AffinityGrid round={round} />
        )}
      </Card>
      <Card variant="borderless" title={t('reviewUi.assign.loads')}>
        <Table
          rowKey="expertId"
          size="small"
          pagination={false}
          dataSource={a?.experts ?? []}
          columns={[
            { key: 'name', title: t('reviewUi.panel.name'), render: (_v, e) => <>{e.name} {!e.available ? <Tag color="red">{t('reviewUi.panel.unavailable')}</Tag> : null}</> },
            { key: 'org', title: t('reviewUi.panel.organization'), render: (_v, e) => e.organizationName ?? t('common.empty') },
            { key: 'load', title: t('reviewUi.panel.assigned'), align: 'right', render: (_v, e) => <Typography.Text type={e.assigned > e.maxLoad || (round.minLoad > 0 && e.available && e.assigned < round.minLoad) ? 'danger' : undefined}>{`${e.assigned} / ${e.maxLoad}`}</Typography.Text> },
          ]}
        />
      </Card>
      {swapping && a ? <SwapModal round={round} assignments={a} initial={swapping} onClose={() => setSwapping(null)} onChanged={onChanged} /> : null}
    </>
  );
}

/** The shared terms of one pair, fetched when the popover opens. */
export function MatchedTerms({ roundId, itemId, expertId }: { roundId: string; itemId: string; expertId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const x = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/affinity/{itemId}/{expertId}', { params: { path: { id: roundId, itemId, expertId } }, signal })), [roundId, itemId, expertId]);
  if (x.error) return <LoadError error={x.error} />;
  if (!x.data) return <Spin size="small" />;
  const d: AffinityExplain = x.data;
  return (
    <div style={{ maxWidth: 360 }} data-testid="matched-terms">
      <Typography.Text strong>{t('reviewUi.assign.score', { score: pct(d.score) })}</Typography.Text>
      {d.conflicts.map((c, i) => (
        <Alert key={i} type="error" showIcon style={{ margin: '8px 0' }} title={lang === 'en' ? c.en : c.zh} />
      ))}
      {d.terms.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('reviewUi.assign.noTerms')}</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          rowKey="term"
          pagination={false}
          dataSource={d.terms.slice(0, 8)}
          columns={[
            { key: 'term', title: t('reviewUi.assign.term'), render: (_v, r) => r.term },
            { key: 'c', title: t('reviewUi.assign.contribution'), align: 'right', render: (_v, r) => pct(r.contribution) },
            { key: 'src', title: t('reviewUi.assign.source'), render: (_v, r) => r.expertSources.map((s) => t(`reviewUi.sources.${s.source as 'keyword'}`)).join(' / ') },
          ]}
        />
      )}
    </div>
  );
}

function AffinityGrid({ round }: { round: Round }) {
  const { t } = useTranslation();
  const m = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}/affinity', { params: { path: { id: round.id } }, signal })), [round.id, round.updatedAt]);
  if (m.error) return <LoadError error={m.error} onRetry={m.reload} />;
  if (!m.data) return <Spin />;
  const max = Math.max(0.0001, ...m.data.items.flatMap((i) => i.cells.map((c) => c.score)));
  type Row = (typeof m.data.items)[number];
  return (
    <Table<Row>
      rowKey="itemId"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={m.data.items}
      data-testid="affinity-grid"
      columns={[
        { key: 'code', title: t('reviewUi.assign.item'), fixed: 'left', render: (_v, i) => <Tooltip title={i.title}><span className="kc-mono">{i.code}</span></Tooltip> },
        ...m.data.experts.map((e, x) => ({
          key: e.expertId,
          title: <Tooltip title={e.organizationName}>{e.name}</Tooltip>,
          align: 'center' as const,
          render: (_v: unknown, i: Row) => {
            const c = i.cells[x]!;
            return (
              <Tooltip title={c.conflict ? t('reviewUi.assign.conflict') : c.terms.join('、') || t('reviewUi.assign.noTerms')}>
                <div style={{ background: c.conflict ? '#fff1f0' : `rgba(22,119,255,${(0.08 + 0.5 * (c.score / max)).toFixed(2)})`, padding: '2px 6px', borderRadius: 4, fontWeight: c.assigned ? 700 : 400, outline: c.assigned ? '2px solid #1677ff' : undefined }}>
                  {c.conflict ? '✕' : pct(c.score)}
                </div>
              </Tooltip>
            );
          },
        })),
      ]}
    />
  );
}
