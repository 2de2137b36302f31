import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Card, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { ExpiringQualification } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

type Window = 30 | 60 | 90;

/** Urgency by days left: this month red, within two months orange, else gold. */
export function daysLeftColor(days: number): string {
  return days <= 30 ? 'red' : days <= 60 ? 'orange' : 'gold';
}

/** Qualifications that end within 90 days, soonest first, so officers can remind the holders. */
export function ExpiringQualifications() {
  const { t } = useTranslation();
  const lang = useLang();
  const [within, setWithin] = useState<Window>(90);
  const list = useApiData((signal) => call(api.GET('/api/v1/qualifications/expiring', { signal })), []);
  const items = useMemo(() => (list.data ?? []).filter((q) => q.daysLeft <= within), [list.data, within]);
  const counts = useMemo(() => {
    const all = list.data ?? [];
    return { 30: all.filter((q) => q.daysLeft <= 30).length, 60: all.filter((q) => q.daysLeft <= 60).length, 90: all.length };
  }, [list.data]);
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <ClockCircleOutlined />
          {t('expiring.title')}
        </Flex>
      }
      extra={
        <Segmented<Window>
          size="small"
          value={within}
          onChange={setWithin}
          options={([30, 60, 90] as const).map((d) => ({ value: d, label: t('expiring.within', { days: d, count: counts[d] }) }))}
        />
      }
      style={{ height: '100%' }}
      data-testid="expiring-qualifications"
    >
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<ExpiringQualification>
        rowKey="id"
        size="small"
        showHeader={false}
        loading={list.loading}
        dataSource={items}
        columns={[
          {
            key: 'org',
            render: (_v, q) => (
              <Flex vertical style={{ minWidth: 0 }}>
                <Link to={`/organizations/${q.organizationId}`} style={{ overflowWrap: 'anywhere' }}>
                  {q.organizationName}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`qualificationKinds.${q.kind}`)} · {t('expiring.validTo', { date: formatDate(`${q.validTo}T00:00:00+08:00`, lang) })}
                  {q.certificateNo ? <span className="kc-mono"> · {q.certificateNo}</span> : null}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'days',
            align: 'right',
            width: 96,
            render: (_v, q) => (
              <Tag color={daysLeftColor(q.daysLeft)} style={{ marginInlineEnd: 0, minWidth: 64, textAlign: 'center' }} data-testid="days-left">
                {q.daysLeft === 0 ? t('expiring.today') : t('expiring.daysLeft', { count: q.daysLeft })}
              </Tag>
            ),
          },
        ]}
        pagination={items.length > 6 ? { pageSize: 6, size: 'small', showSizeChanger: false, placement: ['bottomCenter'] } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('expiring.empty', { days: within })} /> }}
      />
    </Card>
  );
}
