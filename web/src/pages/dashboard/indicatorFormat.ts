import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../api/client.ts';
import type { DashboardIndicator } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDecimal } from '../../lib/decimal.ts';

export interface Datum {
  value: string | null;
  withheld: boolean;
}

export interface IndicatorFormat {
  byCode: Map<string, DashboardIndicator>;
  name: (code: string) => string;
  unit: (code: string) => string;
  /** "17.46%", "379 家", "1,162.72 100 million yuan". */
  withUnit: (code: string, value: string) => string;
  /** A value, or "withheld" / "no data" in words. */
  datumText: (code: string, d: Datum) => string;
  year: (year: number | null) => string;
}

export function indicatorName(d: { nameZh: string; nameEn: string }, lang: Lang): string {
  return lang === 'en' ? d.nameEn : d.nameZh;
}

export function indicatorUnit(d: { unit: string; unitEn: string }, lang: Lang): string {
  return lang === 'en' ? d.unitEn : d.unit;
}

export function valueWithUnit(value: string, unit: string): string {
  return unit === '%' ? `${formatDecimal(value)}%` : `${formatDecimal(value)} ${unit}`;
}

/** Names, units and values of the dashboard's indicators in the current language. */
export function useIndicatorFormat(indicators: DashboardIndicator[]): IndicatorFormat {
  const lang = useLang();
  const { t } = useTranslation();
  return useMemo(() => {
    const byCode = new Map(indicators.map((i) => [i.code, i]));
    const name = (code: string) => {
      const d = byCode.get(code);
      return d ? indicatorName(d, lang) : code;
    };
    const unit = (code: string) => {
      const d = byCode.get(code);
      return d ? indicatorUnit(d, lang) : '';
    };
    const withUnit = (code: string, value: string) => valueWithUnit(value, unit(code));
    const datumText = (code: string, d: Datum) => (d.withheld ? t('dashboard.withheld') : d.value === null ? t('dashboard.noData') : withUnit(code, d.value));
    const year = (y: number | null) => (y === null ? t('common.empty') : t('dashboard.yearLabel', { year: y }));
    return { byCode, name, unit, withUnit, datumText, year };
  }, [indicators, lang, t]);
}

/** Text for a chart tooltip: ECharts renders it as HTML, so names from the server are escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
