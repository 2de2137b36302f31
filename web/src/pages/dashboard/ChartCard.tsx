import type { ReactNode } from 'react';
import { Button, Card, Flex, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DashboardChart } from '../../api/types.ts';

/** A dashboard section: title, what it shows, and the download of the data behind it. */
export function ChartCard({
  chart,
  title,
  subtitle,
  csvHref,
  extra,
  children,
}: {
  chart: DashboardChart;
  title: ReactNode;
  subtitle?: ReactNode;
  csvHref: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      variant="borderless"
      style={{ height: '100%' }}
      styles={{ body: { paddingTop: 12 } }}
      title={
        <Flex vertical style={{ minWidth: 0, paddingBlock: 12 }}>
          <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'normal' }}>
            {title}
          </Typography.Text>
          {subtitle ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', whiteSpace: 'normal' }}>
              {subtitle}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      extra={
        <Flex gap={8} align="center" wrap justify="flex-end">
          {extra}
          <Button type="link" size="small" icon={<DownloadOutlined />} href={csvHref} download style={{ paddingInline: 0 }} data-testid={`csv-${chart}`}>
            {t('dashboard.downloadCsv')}
          </Button>
        </Flex>
      }
      data-testid={`chart-${chart}`}
    >
      {children}
    </Card>
  );
}
