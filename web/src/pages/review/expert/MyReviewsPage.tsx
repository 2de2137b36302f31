import { useEffect, useState } from 'react';
import { Card, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../../api/client.ts';
import { useLang } from '../../../i18n/index.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiData } from '../../../lib/useApiData.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { timeLeft, type MyAssignment } from './model.ts';

/** The expert's review tasks across rounds, with the time left before each deadline (Beijing time). */
export default function MyReviewsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useApiData((signal) => call(api.GET('/api/v1/review/assignments', { signal })), []);
  const [filter, setFilter] = useState<'todo' | 'done' | 'all'>('todo');
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(id);
  }, []);
  const rows = (list.data ?? []).filter((a) => (filter === 'all' ? true : filter === 'done' ? a.status === 'submitted' || a.actions.length === 0 : a.actions.includes('submit')));

  const statusTag = (a: MyAssignment) => {
    if (a.status === 'submitted') return <Tag color="green">{t('scoringUi.status.submitted')}</Tag>;
    if (a.roundStatus !== 'open') return <Tag>{t('scoringUi.status.closed')}</Tag>;
    return a.started ? <Tag color="blue">{t('scoringUi.status.draft')}</Tag> : <Tag>{t('scoringUi.status.notStarted')}</Tag>;
  };
  const countdown = (a: MyAssignment) => {
    if (a.status === 'submitted' || a.roundStatus !== 'open') return null;
    const left = timeLeft(a.deadline, now);
    if (!left) return <Tag color="red">{t('scoringUi.my.passed')}</Tag>;
    return <Tag color={left.unit === 'days' && left.count >= 2 ? 'default' : 'orange'}>{t('scoringUi.my.left', { time: t(`scoringUi.my.${left.unit}`, { count: left.count }) })}</Tag>;
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('scoringUi.my.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('scoringUi.my.subtitle')}</Typography.Text>
      </div>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Card variant="borderless">
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Segmented<'todo' | 'done' | 'all'>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'todo', label: t('scoringUi.my.filterTodo') },
              { value: 'done', label: t('scoringUi.my.filterDone') },
              { value: 'all', label: t('scoringUi.my.filterAll') },
            ]}
            data-testid="my-reviews-filter"
          />
        </Flex>
        <Table<MyAssignment>
          rowKey="sheetId"
          loading={list.loading}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          data-testid="my-reviews"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<>{t('scoringUi.my.empty')}<br /><Typography.Text type="secondary">{t('scoringUi.my.noProfile')}</Typography.Text></>} /> }}
          columns={[
            { key: 'round', title: t('scoringUi.my.round'), render: (_v, a) => (<Flex vertical><span>{a.roundName}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`scoringUi.blind.${a.blind}`)}</Typography.Text></Flex>) },
            { key: 'code', title: t('scoringUi.my.code'), render: (_v, a) => <span className="kc-mono">{a.code}</span> },
            {
              key: 'title',
              title: t('scoringUi.my.project'),
              render: (_v, a) => (
                <Flex vertical>
                  <span>{a.title}</span>
                  {a.returnedReason && a.status === 'draft' ? <Typography.Text type="warning" style={{ fontSize: 12 }}>{t('scoringUi.my.returned', { reason: a.returnedReason })}</Typography.Text> : null}
                </Flex>
              ),
            },
            { key: 'deadline', title: t('scoringUi.my.deadline'), render: (_v, a) => (<Flex gap={6} align="center" wrap><span>{formatDateTime(a.deadline, lang)}</span>{countdown(a)}</Flex>) },
            { key: 'status', title: t('scoringUi.my.status'), render: (_v, a) => statusTag(a) },
            { key: 'total', title: t('scoringUi.my.total'), align: 'right', render: (_v, a) => (a.totalCenti === null ? t('common.empty') : (a.totalCenti / 100).toFixed(2)) },
            {
              key: 'go',
              title: t('common.actions'),
              render: (_v, a) => (
                <Link to={`/review/sheets/${a.sheetId}`} data-testid={`open-sheet-${a.code}`}>
                  {a.actions.includes('submit') ? t('scoringUi.my.open') : t('scoringUi.my.view')}
                </Link>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
