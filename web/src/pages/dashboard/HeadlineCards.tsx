import { useRef } from 'react';
import { Flex, Tag, Tooltip, Typography, theme } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../api/client.ts';
import type { DashboardCard } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { decimalSign, formatDecimal, formatSigned } from '../../lib/decimal.ts';
import { useElementWidth } from '../../lib/useElementWidth.ts';
import { balancedColumns } from '../../lib/layout.ts';
import type { IndicatorFormat } from './indicatorFormat.ts';

/**
 * Rise and fall in the reader's convention: in Chinese red means a rise and green a fall (as in
 * every Chinese statistics bulletin and market board); in English it is the other way round. The
 * arrow and the sign say it too, so colour is never the only cue.
 */
export function changeColor(sign: -1 | 0 | 1, lang: Lang, token: { colorSuccess: string; colorError: string; colorTextSecondary: string }): string {
  if (sign === 0) return token.colorTextSecondary;
  const rise = lang === 'en' ? token.colorSuccess : token.colorError;
  const fall = lang === 'en' ? token.colorError : token.colorSuccess;
  return sign > 0 ? rise : fall;
}

function Change({ card, fmt }: { card: DashboardCard; fmt: IndicatorFormat }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { token } = theme.useToken();
  if (card.change === null || card.previousYear === null) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {card.previousYear === null ? t('dashboard.noPrevious') : t('dashboard.noChange', { year: card.previousYear })}
      </Typography.Text>
    );
  }
  const sign = decimalSign(card.change);
  const color = changeColor(sign, lang, token);
  const unit = fmt.unit(card.code);
  // A change of a percentage is in percentage points.
  const absolute = unit === '%' ? t('dashboard.percentagePoints', { value: formatSigned(card.change) }) : formatSigned(card.change);
  const percent = card.changePercent !== null ? ` (${formatSigned(card.changePercent)}%)` : '';
  const icon = sign > 0 ? <ArrowUpOutlined /> : sign < 0 ? <ArrowDownOutlined /> : <MinusOutlined />;
  const direction = sign > 0 ? t('dashboard.rose') : sign < 0 ? t('dashboard.fell') : t('dashboard.unchanged');
  return (
    <Flex gap={6} align="baseline" wrap style={{ fontSize: 13 }}>
      <span style={{ color, fontWeight: 500 }} data-testid={`card-change-${card.code}`} data-direction={sign > 0 ? 'up' : sign < 0 ? 'down' : 'flat'}>
        {icon}
        <span className="kc-visually-hidden">{direction}</span> {absolute}
        {percent}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.versus', { year: card.previousYear })}
      </Typography.Text>
    </Flex>
  );
}

function HeadlineCard({ card, fmt, staff }: { card: DashboardCard; fmt: IndicatorFormat; staff: boolean }) {
  const { t } = useTranslation();
  const def = fmt.byCode.get(card.code);
  const unit = fmt.unit(card.code);
  return (
    <div className="kc-headline" data-testid={`card-${card.code}`}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 13, lineHeight: 1.4 }}>
          {fmt.name(card.code)}
        </Typography.Text>
        {def?.kind === 'official' ? (
          <Tooltip title={t('dashboard.officialHint')}>
            <Tag style={{ marginInlineEnd: 0, flexShrink: 0 }}>{t('indicatorKinds.official')}</Tag>
          </Tooltip>
        ) : null}
      </Flex>
      <div style={{ margin: '8px 0 6px', minHeight: 38 }}>
        {card.withheld ? (
          <Tooltip title={t('dashboard.withheldHint')}>
            <Tag color="default" style={{ fontSize: 14, padding: '4px 10px' }} data-testid="card-withheld">
              {t('dashboard.withheld')}
            </Tag>
          </Tooltip>
        ) : card.value === null ? (
          <Typography.Text type="secondary" style={{ fontSize: 14, display: 'block', paddingTop: 8 }}>
            {staff && def?.kind === 'official' ? t('dashboard.noDataOfficial') : t('dashboard.noData')}
          </Typography.Text>
        ) : (
          <Flex align="baseline" gap={6} wrap>
            <span className="kc-headline-value" data-testid="card-value">
              {unit === '%' ? `${formatDecimal(card.value)}%` : formatDecimal(card.value)}
            </span>
            {unit !== '%' ? (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {unit}
              </Typography.Text>
            ) : null}
          </Flex>
        )}
      </div>
      <Flex vertical gap={2}>
        {card.year !== null ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmt.year(card.year)}
          </Typography.Text>
        ) : null}
        {card.value !== null ? <Change card={card} fmt={fmt} /> : null}
        {card.source ? (
          <Typography.Text type="secondary" ellipsis={{ tooltip: card.source }} style={{ fontSize: 12 }}>
            {t('dashboard.source', { source: card.source })}
          </Typography.Text>
        ) : null}
      </Flex>
    </div>
  );
}

/** The headline indicators of the newest year with data, each against the year before. */
export function HeadlineCards({ cards, fmt, staff }: { cards: DashboardCard[]; fmt: IndicatorFormat; staff: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const columns = balancedColumns(useElementWidth(box), cards.length);
  return (
    <div ref={box} className="kc-headline-grid" style={columns ? { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` } : undefined} data-testid="headline-cards">
      {cards.map((c) => (
        <HeadlineCard key={c.code} card={c} fmt={fmt} staff={staff} />
      ))}
    </div>
  );
}
