import { Col, Collapse, Descriptions, Empty, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dashboard, DashboardChart } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { ChartCard } from './ChartCard.tsx';
import { HeadlineCards } from './HeadlineCards.tsx';
import { QualificationMix } from './QualificationMix.tsx';
import { TrendCharts } from './TrendCharts.tsx';
import { ZoneComparison } from './ZoneComparison.tsx';
import { ZoneMap } from './ZoneMap.tsx';
import { useIndicatorFormat } from './indicatorFormat.ts';

/** The dashboard's sections; the signed-in and the public page differ only around it. */
export function DashboardView({ data, csvHref, staff }: { data: Dashboard; csvHref: (chart: DashboardChart) => string; staff: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useIndicatorFormat(data.indicators);
  if (data.indicators.length === 0) return <Empty description={t('dashboard.noIndicators')} />;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <ChartCard chart="cards" title={t('dashboard.cardsTitle')} subtitle={t('dashboard.cardsSubtitle')} csvHref={csvHref('cards')}>
          {data.cards.length ? <HeadlineCards cards={data.cards} fmt={fmt} staff={staff} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />}
        </ChartCard>
      </Col>
      <Col xs={24} xl={14}>
        <ChartCard chart="map" title={t('dashboard.mapTitle')} subtitle={t('dashboard.mapSubtitle')} csvHref={csvHref('map')}>
          {data.map.length ? <ZoneMap points={data.map} fmt={fmt} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noZones')} />}
        </ChartCard>
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard
          chart="qualifications"
          title={t('dashboard.qualificationsTitle')}
          subtitle={data.qualificationMix.year !== null ? t('dashboard.qualificationsSubtitle', { year: data.qualificationMix.year }) : undefined}
          csvHref={csvHref('qualifications')}
        >
          <QualificationMix mix={data.qualificationMix} trends={data.trends} fmt={fmt} />
        </ChartCard>
      </Col>
      <Col span={24}>
        <ChartCard chart="zones" title={t('dashboard.zonesTitle')} subtitle={t('dashboard.zonesSubtitle')} csvHref={csvHref('zones')}>
          {data.zones.rows.length ? <ZoneComparison zones={data.zones} fmt={fmt} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noZones')} />}
        </ChartCard>
      </Col>
      <Col span={24}>
        <ChartCard chart="trends" title={t('dashboard.trendsTitle')} subtitle={t('dashboard.trendsSubtitle')} csvHref={csvHref('trends')}>
          <TrendCharts trends={data.trends} indicators={data.indicators} fmt={fmt} />
        </ChartCard>
      </Col>
      <Col span={24}>
        <Collapse
          bordered={false}
          style={{ background: 'transparent' }}
          items={[
            {
              key: 'definitions',
              label: <Typography.Text strong>{t('dashboard.definitionsTitle')}</Typography.Text>,
              children: (
                <Descriptions
                  column={1}
                  size="small"
                  bordered
                  items={data.indicators.map((d) => ({
                    key: d.code,
                    label: (
                      <span>
                        {fmt.name(d.code)}
                        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                          {fmt.unit(d.code)}
                        </Typography.Text>
                      </span>
                    ),
                    children: (
                      <span>
                        <Tag style={{ marginInlineEnd: 8 }}>{t(`indicatorKinds.${d.kind}`)}</Tag>
                        {lang === 'en' ? d.formulaEn : d.formulaZh}
                      </span>
                    ),
                  }))}
                />
              ),
            },
          ]}
          data-testid="indicator-definitions"
        />
      </Col>
    </Row>
  );
}
