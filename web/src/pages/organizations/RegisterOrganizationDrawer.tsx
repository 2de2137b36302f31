import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Drawer, Flex, Form, Grid, Input, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { ORGANIZATION_TYPES, PRIORITY_FIELDS, type NewOrganization, type Organization, type OrganizationType, type PriorityField } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { creditCodeProblem, normalizeCreditCode } from '../../lib/creditCode.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { useZones } from '../../lib/useZones.ts';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { CreditCodeInput } from './CreditCodeInput.tsx';

interface RegisterForm {
  creditCode: string;
  nameZh: string;
  nameEn?: string;
  shortName?: string;
  type: OrganizationType;
  zoneId?: string;
  priorityField?: PriorityField;
  industryCode?: string;
  foundedOn?: Dayjs | null;
  address?: string;
  website?: string;
  rorId?: string;
  keywords?: string[];
  description?: string;
}

const FIELDS = ['creditCode', 'nameZh', 'nameEn', 'shortName', 'type', 'zoneId', 'priorityField', 'industryCode', 'foundedOn', 'address', 'website', 'rorId', 'keywords', 'description'] as const;
const INDUSTRY = /^[A-T]([0-9]{2}([0-9]{1,2})?)?$/;
const ROR = /^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$/;
const WEBSITE = /^https?:\/\/[^\s]+\.[^\s]+$/i;

function text(v: string | undefined): string | undefined {
  const s = v?.trim();
  return s ? s : undefined;
}

export function RegisterOrganizationDrawer({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (org: Organization) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const screens = Grid.useBreakpoint();
  const zones = useZones();
  const [form] = Form.useForm<RegisterForm>();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const code = (Form.useWatch('creditCode', form) as string | undefined) ?? '';
  const codeValid = code.length === 18 && normalizeCreditCode(code) !== null;

  const onFinish = async (v: RegisterForm) => {
    const creditCode = normalizeCreditCode(v.creditCode);
    if (!creditCode) return;
    const body: NewOrganization = { creditCode, nameZh: v.nameZh.trim(), type: v.type };
    const optional = {
      nameEn: text(v.nameEn),
      shortName: text(v.shortName),
      zoneId: v.zoneId,
      priorityField: v.priorityField,
      industryCode: text(v.industryCode)?.toUpperCase(),
      foundedOn: v.foundedOn ? v.foundedOn.format('YYYY-MM-DD') : undefined,
      address: text(v.address),
      website: text(v.website),
      rorId: text(v.rorId)?.toLowerCase(),
      description: text(v.description),
      keywords: v.keywords?.map((k) => k.trim()).filter(Boolean),
    };
    for (const [k, val] of Object.entries(optional)) {
      if (val !== undefined && !(Array.isArray(val) && val.length === 0)) Object.assign(body, { [k]: val });
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const org = await call(api.POST('/api/v1/organizations', { body }));
      form.resetFields();
      onRegistered(org);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'CREDIT_CODE_TAKEN' || err.code === 'INVALID_CREDIT_CODE')) {
        form.setFields([{ name: 'creditCode', errors: [errorText(err)] }]);
      } else if (!applyFieldErrors(form, err, FIELDS)) {
        setFailure(err);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const optionalRule = (pattern: RegExp, message: string) => ({
    validator: async (_r: unknown, v: string | undefined) => {
      if (!v?.trim() || pattern.test(v.trim())) return;
      throw new Error(message);
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('orgs.registerTitle')}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) {
          form.resetFields();
          setFailure(null);
        }
      }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()} data-testid="register-org-submit">
            {t('common.submit')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('orgs.registerDescription')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
      <Form<RegisterForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={submitting}>
        <Form.Item
          name="creditCode"
          label={t('orgs.fieldCreditCode')}
          hasFeedback
          help={codeValid ? <Typography.Text type="success">{t('validation.creditCodeValid')}</Typography.Text> : undefined}
          rules={[
            { required: true, message: t('validation.required') },
            {
              validator: async (_r, v: string | undefined) => {
                if (!v) return;
                const problem = creditCodeProblem(v);
                if (!problem) return;
                if (problem.kind === 'chars') throw new Error(t('validation.creditCodeChars'));
                if (problem.kind === 'length') throw new Error(t('validation.creditCodeLength', { count: problem.length }));
                throw new Error(t('validation.creditCodeCheck', { expected: problem.expected }));
              },
            },
          ]}
        >
          <CreditCodeInput placeholder="91110108MA01ABCDEN" data-testid="credit-code" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="nameZh"
              label={t('orgs.fieldNameZh')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { min: 2, max: 200, message: t('validation.nameZhLength') },
              ]}
            >
              <Input data-testid="org-name-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="shortName" label={<OptionalLabel label={t('orgs.fieldShortName')} />} rules={[{ max: 50, message: t('orgs.shortNameLength') }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="nameEn" label={<OptionalLabel label={t('orgs.fieldNameEn')} />} rules={[{ max: 300, message: t('validation.nameEnLength') }]}>
          <Input />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="type" label={t('orgs.fieldType')} rules={[{ required: true, message: t('validation.requiredSelect') }]}>
              <Select<OrganizationType> options={ORGANIZATION_TYPES.map((k) => ({ value: k, label: t(`orgTypes.${k}`) }))} data-testid="org-type" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="priorityField" label={<OptionalLabel label={t('orgs.fieldField')} />}>
              <Select<PriorityField> allowClear options={PRIORITY_FIELDS.map((k) => ({ value: k, label: t(`priorityFields.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="zoneId" label={<OptionalLabel label={t('orgs.fieldZone')} />}>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={zones.loading}
                options={zones.list.filter((z) => z.level !== 'city').map((z) => ({ value: z.id, label: zones.path(z.id, lang) ?? z.nameZh }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="foundedOn" label={<OptionalLabel label={t('orgs.fieldFounded')} />}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="industryCode"
              label={<OptionalLabel label={t('orgs.fieldIndustry')} />}
              tooltip={t('orgs.industryHint')}
              normalize={(v: string) => v.toUpperCase().trim()}
              validateDebounce={300}
              rules={[optionalRule(INDUSTRY, t('orgs.industryInvalid'))]}
            >
              <Input className="kc-mono" maxLength={5} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="rorId" label={<OptionalLabel label={t('orgs.fieldRor')} />} validateDebounce={300} rules={[optionalRule(ROR, t('validation.rorInvalid'))]}>
              <Input className="kc-mono" maxLength={9} placeholder="02v51f717" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={<OptionalLabel label={t('orgs.fieldAddress')} />} rules={[{ max: 300, message: t('orgs.addressLength') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="website" label={<OptionalLabel label={t('orgs.fieldWebsite')} />} validateDebounce={300} rules={[optionalRule(WEBSITE, t('orgs.websiteInvalid')), { max: 300 }]}>
          <Input inputMode="url" placeholder="https://" />
        </Form.Item>
        <Form.Item name="keywords" label={<OptionalLabel label={t('orgs.fieldKeywords')} />}>
          <Select<string[]> mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} maxCount={30} />
        </Form.Item>
        <Form.Item name="description" label={<OptionalLabel label={t('orgs.fieldDescription')} />}>
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
