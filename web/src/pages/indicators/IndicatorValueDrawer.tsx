import { useMemo, useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Grid, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Indicator, IndicatorValue, OfficialValueBody } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDecimal } from '../../lib/decimal.ts';
import { currentYear, valueProblem } from '../../lib/officialValue.ts';
import { applyFieldErrors, useNotifyError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useZones } from '../../lib/useZones.ts';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { indicatorName, indicatorUnit, valueWithUnit } from '../dashboard/indicatorFormat.ts';

interface ValueForm {
  year: number;
  zoneId?: string;
  value: string;
  source: string;
  note?: string;
}

const FIELDS = ['year', 'zoneId', 'value', 'source', 'note'] as const;

interface DrawerProps {
  onClose: () => void;
  onSaved: (v: IndicatorValue) => void;
}

/** Enter (or replace) an official figure: year, optionally a zone, the value and where it comes from. */
export function IndicatorValueDrawer({ indicator, ...rest }: DrawerProps & { indicator: Indicator | null }) {
  // A fresh form for each indicator opened.
  return indicator ? <ValueDrawer key={indicator.code} indicator={indicator} {...rest} /> : null;
}

function ValueDrawer({ indicator, onClose, onSaved }: DrawerProps & { indicator: Indicator }) {
  const { t } = useTranslation();
  const lang = useLang();
  const zones = useZones();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<ValueForm>();
  const [saving, setSaving] = useState(false);
  const screens = Grid.useBreakpoint();
  const year = Form.useWatch('year', form);
  const zoneId = Form.useWatch('zoneId', form);
  const maxYear = currentYear();
  const code = indicator.code;

  // What is already recorded for this zone, so replacing a figure is never a surprise.
  const existing = useApiData(
    (signal) => call(api.GET('/api/v1/indicators/values', { params: { query: { code, zoneId: zoneId ?? undefined } }, signal })),
    [code, zoneId],
  );
  const previous = useMemo(() => existing.data?.find((v) => v.year === year && v.value !== null), [existing.data, year]);

  const unit = indicatorUnit(indicator, lang);

  const onFinish = async (values: ValueForm) => {
    setSaving(true);
    try {
      const body: OfficialValueBody = {
        year: values.year,
        zoneId: values.zoneId ?? null,
        value: values.value.trim(),
        source: values.source.trim(),
        note: values.note?.trim() ? values.note.trim() : null,
      };
      const saved = await call(api.PUT('/api/v1/indicators/{code}/values', { params: { path: { code: indicator.code } }, body }));
      onSaved(saved);
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) notifyError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={t('indicators.enterTitle', { name: indicatorName(indicator, lang) })}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="value-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{lang === 'en' ? indicator.formulaEn : indicator.formulaZh}</Typography.Paragraph>
      <Form<ValueForm> form={form} layout="vertical" initialValues={{ year: maxYear - 1 }} onFinish={(v) => void onFinish(v)} disabled={saving} data-testid="value-form">
        <Flex gap={12} wrap>
          <Form.Item
            name="year"
            label={t('indicators.fieldYear')}
            rules={[
              { required: true, message: t('validation.required') },
              { type: 'integer', min: 1949, max: maxYear, message: t('indicators.yearRange', { max: maxYear }) },
            ]}
            style={{ flex: '0 0 140px' }}
          >
            <InputNumber<number> min={1949} max={maxYear} precision={0} style={{ width: '100%' }} data-testid="value-year" />
          </Form.Item>
          <Form.Item name="zoneId" label={<OptionalLabel label={t('indicators.fieldZone')} />} style={{ flex: '1 1 220px' }} extra={t('indicators.zoneHint')}>
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('indicators.wholeTenant')}
              options={zones.list.filter((z) => z.level !== 'city').map((z) => ({ value: z.id, label: zones.path(z.id, lang) ?? z.nameZh }))}
              popupMatchSelectWidth={false}
              data-testid="value-zone"
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="value"
          label={t('indicators.fieldValue')}
          extra={t('indicators.valueHint', { unit, scale: indicator.scale })}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            {
              validator: async (_r, v: string | undefined) => {
                const problem = v?.trim() ? valueProblem(v, indicator) : null;
                if (problem === 'format') throw new Error(t('indicators.valueFormat'));
                if (problem === 'scale') throw new Error(t('indicators.valueScale', { scale: indicator.scale }));
                if (problem === 'percent') throw new Error(t('indicators.valuePercent'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" suffix={unit} placeholder={indicator.scale > 0 ? `0.${'0'.repeat(indicator.scale)}` : '0'} autoComplete="off" data-testid="value-value" />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('indicators.fieldSource')}
          rules={[
            { required: true, whitespace: true, message: t('indicators.sourceRequired') },
            { min: 2, max: 300, message: t('indicators.sourceLength') },
          ]}
        >
          <Input placeholder={t('indicators.sourcePlaceholder')} maxLength={300} showCount data-testid="value-source" />
        </Form.Item>
        <Form.Item name="note" label={<OptionalLabel label={t('indicators.fieldNote')} />} rules={[{ max: 2000, message: t('indicators.noteLength') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="value-note" />
        </Form.Item>
      </Form>
      {previous ? (
        <Alert
          type="info"
          showIcon
          title={t('indicators.replaces', { value: valueWithUnit(previous.value ?? '', unit), year: previous.year })}
          description={[previous.source ? t('dashboard.source', { source: previous.source }) : null, previous.enteredAt ? t('indicators.enteredAt', { time: formatDateTime(previous.enteredAt, lang) }) : null]
            .filter(Boolean)
            .join(' · ')}
          data-testid="value-replaces"
        />
      ) : null}
      {existing.data && existing.data.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
          {t('indicators.recorded', {
            list: existing.data
              .filter((v) => v.value !== null)
              .map((v) => `${v.year}: ${formatDecimal(v.value ?? '')}`)
              .join(lang === 'en' ? ', ' : '，'),
          })}
        </Typography.Paragraph>
      ) : null}
    </Drawer>
  );
}
