import { useMemo, useRef, useState } from 'react';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { Flex, Segmented, Select, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DashboardMapPoint } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDecimal, toChartNumber } from '../../lib/decimal.ts';
import { useElementWidth } from '../../lib/useElementWidth.ts';
import { EChart, echarts } from '../../components/charts/EChart.tsx';
import { escapeHtml, type IndicatorFormat } from './indicatorFormat.ts';
import { firstWithData } from './ZoneComparison.tsx';
import { placeLabels } from './labelPlacement.ts';
import { PAD, fitBounds } from './geometry.ts';

echarts.use([ScatterChart, GridComponent, TooltipComponent, VisualMapComponent]);

const RAMP = ['#b9d0ff', '#5b8ff9', '#1652d9', '#0b2e83'];

type Point = DashboardMapPoint;
type Level = 'zone' | 'park';

/**
 * The zones as points at their coordinates on a plain background (no boundary data is shipped),
 * sized and coloured by the chosen headline indicator of the newest year.
 */
export function ZoneMap({ points, fmt }: { points: Point[]; fmt: IndicatorFormat }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { token } = theme.useToken();
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box);
  const height = Math.round(Math.min(Math.max(width * 0.72, 320), 460));

  const codes = useMemo(() => points[0]?.cells.map((c) => c.code) ?? [], [points]);
  const hasParks = points.some((p) => p.level === 'park');
  const [level, setLevel] = useState<Level>('zone');
  // Zones, or the parks inside them: drawn together, parks sit on top of their zone's dot.
  const shown = useMemo(() => {
    const wanted = hasParks ? level : 'zone';
    const list = points.filter((p) => p.level === wanted);
    return list.length ? list : points.filter((p) => p.level !== 'city');
  }, [points, level, hasParks]);
  const [chosen, setChosen] = useState<string | undefined>();
  const code = chosen && codes.includes(chosen) ? chosen : firstWithData(codes, shown, 'enterprises_high_tech');

  const built = useMemo(() => {
    if (!code || width === 0 || shown.length === 0) return null;
    const name = (p: Point) => (lang === 'en' ? p.nameEn : p.nameZh);
    const cell = (p: Point) => p.cells.find((c) => c.code === code) ?? { code, year: null, value: null, withheld: false };
    const num = (p: Point) => {
      const c = cell(p);
      return c.withheld ? null : toChartNumber(c.value);
    };
    // The city's centre is drawn for orientation with the zones; the parks view zooms in on the parks.
    const city = level === 'zone' ? points.filter((p) => p.level === 'city') : [];
    const values = shown.map(num).filter((v): v is number => v !== null);
    const max = Math.max(...values, 0);
    // Parks lie close together: smaller dots keep neighbours apart.
    const span = level === 'park' ? 22 : 36;
    const size = (v: number) => (max > 0 ? 10 + Math.sqrt(v / max) * span : 12);
    const bounds = fitBounds([...shown, ...city], width, height);
    const toPx = (p: Point) => ({
      x: PAD + ((p.lng - bounds.lng[0]) / (bounds.lng[1] - bounds.lng[0])) * (width - 2 * PAD),
      y: PAD + ((bounds.lat[1] - p.lat) / (bounds.lat[1] - bounds.lat[0])) * (height - 2 * PAD),
    });
    // Long names (English above all) wrap instead of running out of the frame.
    const labelWidth = Math.max(90, Math.min(170, Math.round(width / 4)));
    const symbolOf = (p: Point) => {
      if (p.level === 'city') return 9;
      const v = num(p);
      return v === null ? 10 : size(v);
    };
    const all = [...shown, ...city];
    const sides = placeLabels(
      all.map((p) => ({ ...toPx(p), r: symbolOf(p) / 2, text: name(p) })),
      { x: 0, y: 0, w: width, h: height },
      labelWidth,
      12,
      // The colour scale in the top right corner.
      [{ x: width - 56, y: 0, w: 56, h: 140 }],
    );
    const sideOf = new Map(all.map((p, i) => [p.zoneId, sides[i] ?? 'right']));
    const datum = (p: Point) => ({
      name: name(p),
      value: [p.lng, p.lat, num(p) ?? 0],
      symbolSize: symbolOf(p),
      label: { position: sideOf.get(p.zoneId) ?? 'right' },
      zoneId: p.zoneId,
    });
    const byId = new Map(points.map((p) => [p.zoneId, p]));
    const tooltip = (param: { data?: { zoneId?: string } }) => {
      const p = param.data?.zoneId ? byId.get(param.data.zoneId) : undefined;
      if (!p) return '';
      const levelName = p.level === 'city' || p.level === 'zone' || p.level === 'park' ? t(`zoneLevels.${p.level}`) : p.level;
      if (p.level === 'city') return `<b>${escapeHtml(name(p))}</b> <span style="color:${token.colorTextSecondary}">${escapeHtml(levelName)}</span>`;
      const c = cell(p);
      const year = c.year === null ? '' : ` · ${escapeHtml(fmt.year(c.year))}`;
      return `<b>${escapeHtml(name(p))}</b> <span style="color:${token.colorTextSecondary}">${escapeHtml(levelName)}</span><br/>${escapeHtml(fmt.name(code))}${year}<br/><b>${escapeHtml(fmt.datumText(code, c))}</b>`;
    };
    const label = { show: true, fontSize: 12, color: token.colorText, formatter: '{b}', distance: 6, textBorderColor: '#fff', textBorderWidth: 2, width: labelWidth, overflow: 'break', lineHeight: 15 };
    const option = {
      grid: { left: PAD, right: PAD, top: PAD, bottom: PAD },
      tooltip: { trigger: 'item', formatter: tooltip },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: max || 1,
        dimension: 2,
        seriesIndex: [0],
        orient: 'vertical',
        right: 0,
        top: 0,
        itemHeight: 90,
        itemWidth: 10,
        calculable: false,
        text: [formatDecimal(String(max)), '0'],
        textStyle: { color: token.colorTextSecondary, fontSize: 11 },
        inRange: { color: RAMP },
      },
      xAxis: { type: 'value', min: bounds.lng[0], max: bounds.lng[1], axisLabel: { show: false }, axisTick: { show: false }, axisLine: { show: false }, splitLine: { lineStyle: { color: token.colorFillSecondary, type: 'dashed' } } },
      yAxis: { type: 'value', min: bounds.lat[0], max: bounds.lat[1], axisLabel: { show: false }, axisTick: { show: false }, axisLine: { show: false }, splitLine: { lineStyle: { color: token.colorFillSecondary, type: 'dashed' } } },
      series: [
        {
          type: 'scatter',
          data: shown.filter((p) => num(p) !== null).map((p) => datum(p)),
          itemStyle: { opacity: 0.9, borderColor: '#fff', borderWidth: 1 },
          label: { ...label, fontWeight: level === 'zone' ? 'bold' : 'normal' },
          z: 3,
        },
        {
          type: 'scatter',
          data: shown.filter((p) => num(p) === null).map((p) => datum(p)),
          itemStyle: { color: '#fff', borderColor: token.colorTextQuaternary, borderWidth: 1.5 },
          label: { ...label, color: token.colorTextSecondary },
          z: 2,
        },
        {
          type: 'scatter',
          data: city.map((p) => datum(p)),
          symbol: 'diamond',
          itemStyle: { color: token.colorTextTertiary },
          label: { ...label, fontSize: 11, color: token.colorTextTertiary },
          z: 1,
        },
      ],
    };
    return { option, missing: shown.some((p) => num(p) === null), city: city.length > 0 };
  }, [code, width, height, points, shown, level, lang, fmt, t, token]);

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap justify="space-between">
        <Select<string>
          value={code}
          onChange={setChosen}
          options={codes.map((c) => ({ value: c, label: fmt.name(c) }))}
          style={{ minWidth: 220, maxWidth: '100%' }}
          popupMatchSelectWidth={false}
          aria-label={t('dashboard.chooseIndicator')}
          data-testid="map-indicator"
        />
        {hasParks ? (
          <Segmented<Level>
            value={level}
            onChange={setLevel}
            options={[
              { value: 'zone', label: t('dashboard.mapZones') },
              { value: 'park', label: t('dashboard.mapParks') },
            ]}
            data-testid="map-level"
          />
        ) : null}
      </Flex>
      <div ref={box} style={{ minHeight: height }}>
        {built ? <EChart option={built.option} height={height} testId="zone-map" ariaLabel={t('dashboard.mapAria', { name: code ? fmt.name(code) : '' })} /> : null}
      </div>
      <Flex gap={16} wrap align="center" style={{ fontSize: 12, color: token.colorTextSecondary }}>
        {built?.missing ? (
          <span>
            <span className="kc-legend-dot" style={{ borderColor: token.colorTextQuaternary }} /> {t('dashboard.mapNoValue')}
          </span>
        ) : null}
        {built?.city ? (
          <span>
            <span className="kc-legend-diamond" style={{ background: token.colorTextTertiary }} /> {t('dashboard.mapCityCentre')}
          </span>
        ) : null}
        <span>{t('dashboard.mapNote')}</span>
      </Flex>
    </Flex>
  );
}
