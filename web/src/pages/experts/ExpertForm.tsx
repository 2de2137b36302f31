import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Divider, Flex, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PRIORITY_FIELDS } from '../../api/types.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { OrganizationSelect } from '../../components/OrganizationSelect.tsx';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { DECLARATION_KINDS, isOrcid, type Availability, type DeclarationKind, type Expert, type ExpertBody } from './model.ts';

interface FormValues {
  name: string;
  organizationId: string | null;
  affiliation?: string;
  title?: string;
  fields: string[];
  keywords: string[];
  biography?: string;
  orcid?: string;
  availability: Availability;
  unavailableUntil?: Dayjs | null;
  maxLoad: number | null;
  affiliations: { organizationId: string | null; organizationName?: string; fromDate?: Dayjs | null; toDate?: Dayjs | null }[];
  publications: { year?: number | null; title?: string; coauthors: string[]; known?: { name: string; expertId: string | null }[] }[];
  declarations: { kind: DeclarationKind; personName?: string; organizationId?: string | null; organizationName?: string; note?: string }[];
}

const day = (d: string | null) => (d ? dayjs(d, 'YYYY-MM-DD') : null);
const s = (v: string | undefined | null) => (v ?? '').trim();

function toForm(e: Expert | null): FormValues {
  if (!e) return { name: '', organizationId: null, fields: [], keywords: [], availability: 'available', maxLoad: 5, affiliations: [], publications: [], declarations: [] };
  return {
    name: e.name,
    organizationId: e.organizationId,
    affiliation: e.affiliation,
    title: e.title,
    fields: e.fields,
    keywords: e.keywords,
    biography: e.biography,
    orcid: e.orcid ?? '',
    availability: e.availability,
    unavailableUntil: day(e.unavailableUntil),
    maxLoad: e.maxLoad,
    affiliations: e.affiliations.map((a) => ({ organizationId: a.organizationId, organizationName: a.organizationName, fromDate: day(a.fromDate), toDate: day(a.toDate) })),
    publications: e.publications.map((p) => ({ year: p.year, title: p.title, coauthors: p.coauthors.map((c) => c.name), known: p.coauthors })),
    declarations: e.declarations.map((d) => ({ kind: d.kind, personName: d.personName ?? '', organizationId: d.organizationId, organizationName: d.organizationName ?? '', note: d.note })),
  };
}

function toBody(v: FormValues): ExpertBody {
  return {
    name: s(v.name),
    organizationId: v.organizationId ?? null,
    affiliation: s(v.affiliation),
    title: s(v.title),
    fields: v.fields as ExpertBody['fields'],
    keywords: v.keywords.map((k) => k.trim()).filter(Boolean),
    biography: v.biography ?? '',
    orcid: s(v.orcid).toUpperCase() || null,
    availability: v.availability,
    unavailableUntil: v.availability === 'unavailable' && v.unavailableUntil ? v.unavailableUntil.format('YYYY-MM-DD') : null,
    maxLoad: v.maxLoad ?? 1,
    affiliations: (v.affiliations ?? []).map((a) => ({ organizationId: a.organizationId ?? null, organizationName: s(a.organizationName), fromDate: a.fromDate!.format('YYYY-MM-DD'), toDate: a.toDate ? a.toDate.format('YYYY-MM-DD') : null })),
    // A co-author that was linked to an expert keeps the link while the name stays.
    publications: (v.publications ?? []).map((p) => ({ year: p.year!, title: s(p.title), coauthors: (p.coauthors ?? []).map((name) => ({ name: name.trim(), expertId: p.known?.find((k) => k.name === name.trim())?.expertId ?? null })) })),
    declarations: (v.declarations ?? []).map((d) => ({ kind: d.kind, personName: s(d.personName) || null, organizationId: d.organizationId ?? null, organizationName: s(d.organizationName) || null, note: s(d.note) })),
  };
}

const FIELD_NAMES = ['name', 'organizationId', 'affiliation', 'title', 'fields', 'keywords', 'biography', 'orcid', 'availability', 'unavailableUntil', 'maxLoad'] as const;

/** The whole profile: validated as it is typed, saved in one request (the server replaces the profile). */
export function ExpertForm({ expert, onSubmit, readOnly }: { expert: Expert | null; onSubmit: (body: ExpertBody) => Promise<void>; readOnly: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const availability = Form.useWatch('availability', form);

  const finish = async (v: FormValues) => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(toBody(v));
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELD_NAMES)) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const f = (k: string) => t(`expertsUi.form.${k}` as 'expertsUi.form.name');
  return (
    <Form<FormValues> form={form} layout="vertical" initialValues={toForm(expert)} onFinish={(v) => void finish(v)} disabled={readOnly || busy} scrollToFirstError data-testid="expert-form">
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} data-testid="expert-form-error" /> : null}
      <Card variant="borderless" title={f('sectionProfile')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={f('name')} rules={[{ required: true, whitespace: true, message: f('nameRequired') }, { max: 100 }]}>
              <Input maxLength={100} data-testid="expert-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="title" label={<OptionalLabel label={f('title')} />} rules={[{ max: 100 }]}>
              <Input maxLength={100} data-testid="expert-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="orcid"
              label={<OptionalLabel label="ORCID" />}
              extra={f('orcidHint')}
              rules={[{ validator: async (_r, v: string | undefined) => (!s(v) || isOrcid(s(v).toUpperCase()) ? undefined : Promise.reject(new Error(f('orcidInvalid')))) }]}
            >
              <Input placeholder="0000-0002-1825-0097" className="kc-mono" data-testid="expert-orcid" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="organizationId" label={<OptionalLabel label={f('organization')} />}>
              <OrganizationSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="affiliation" label={<OptionalLabel label={f('affiliation')} />} extra={f('affiliationHint')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="fields" label={<OptionalLabel label={f('fields')} />}>
              <Select mode="multiple" allowClear options={PRIORITY_FIELDS.map((k) => ({ value: k, label: t(`priorityFields.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="keywords"
              label={<OptionalLabel label={f('keywords')} />}
              rules={[{ validator: async (_r, v: string[] | undefined) => ((v ?? []).length > 30 ? Promise.reject(new Error(f('keywordsTooMany'))) : (v ?? []).some((k) => k.length > 50) ? Promise.reject(new Error(f('keywordTooLong'))) : undefined) }]}
            >
              <Select mode="tags" tokenSeparators={[',', '，', '、', ';', '；']} placeholder={f('keywordsPlaceholder')} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="availability" label={f('availability')}>
              <Radio.Group optionType="button" options={[{ value: 'available', label: t('expertsUi.availability.available') }, { value: 'unavailable', label: t('expertsUi.availability.unavailable') }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            {availability === 'unavailable' ? (
              <Form.Item name="unavailableUntil" label={<OptionalLabel label={f('unavailableUntil')} />}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            ) : null}
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="maxLoad"
              label={f('maxLoad')}
              extra={f('maxLoadHint')}
              rules={[{ required: true, message: f('maxLoadRange') }, { type: 'integer', min: 1, max: 1000, message: f('maxLoadRange') }]}
            >
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} data-testid="expert-maxload" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="biography" label={<OptionalLabel label={f('biography')} />} rules={[{ max: 10000 }]}>
              <Input.TextArea rows={3} maxLength={10000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card variant="borderless" title={f('affiliations')} style={{ marginBottom: 16 }}>
        <Form.List name="affiliations">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Row gutter={12} key={key} align="top">
                  <Col xs={24} md={7}>
                    <Form.Item name={[name, 'organizationName']} label={f('affOrganizationName')} rules={[{ required: true, whitespace: true, message: f('affNameRequired') }, { max: 200 }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={7}>
                    <Form.Item name={[name, 'organizationId']} label={<OptionalLabel label={f('affOrganization')} />}>
                      <OrganizationSelect />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[name, 'fromDate']} label={f('affFrom')} rules={[{ required: true, message: f('affFromRequired') }]}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item
                      name={[name, 'toDate']}
                      label={<OptionalLabel label={f('affTo')} />}
                      dependencies={[['affiliations', name, 'fromDate']]}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: async (_r, v: Dayjs | null | undefined) => {
                            const from = getFieldValue(['affiliations', name, 'fromDate']) as Dayjs | null | undefined;
                            if (v && from && v.isBefore(from, 'day')) throw new Error(f('affOrder'));
                          },
                        }),
                      ]}
                    >
                      <DatePicker style={{ width: '100%' }} placeholder={f('affToPresent')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={2}>
                    <Form.Item label=" ">
                      <Button icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={f('remove')} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ organizationId: null, organizationName: '', fromDate: null, toDate: null })}>
                {f('addAffiliation')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card variant="borderless" title={f('publications')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{f('publicationsHint')}</Typography.Paragraph>
        <Form.List name="publications">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Row gutter={12} key={key} align="top" data-testid="publication-row">
                  <Col xs={8} md={3}>
                    <Form.Item name={[name, 'year']} label={f('pubYear')} rules={[{ required: true, message: f('pubYearRequired') }, { type: 'integer', min: 1900, max: 2200, message: f('pubYearRequired') }]}>
                      <InputNumber min={1900} max={2200} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={16} md={10}>
                    <Form.Item name={[name, 'title']} label={f('pubTitle')} rules={[{ required: true, whitespace: true, message: f('pubTitleRequired') }, { max: 500 }]}>
                      <Input maxLength={500} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Form.Item name={[name, 'coauthors']} label={<OptionalLabel label={f('pubCoauthors')} />}>
                      <Select mode="tags" tokenSeparators={[',', '，', '、', ';', '；']} placeholder={f('pubCoauthorsPlaceholder')} open={false} suffixIcon={null} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={2}>
                    <Form.Item label=" ">
                      <Button icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={f('remove')} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ year: new Date().getFullYear(), title: '', coauthors: [] })} data-testid="add-publication">
                {f('addPublication')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card variant="borderless" title={f('declarations')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{f('declarationsHint')}</Typography.Paragraph>
        <Form.List name="declarations">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Row gutter={12} key={key} align="top">
                  <Col xs={24} md={4}>
                    <Form.Item name={[name, 'kind']} label={f('declKind')}>
                      <Select options={DECLARATION_KINDS.map((k) => ({ value: k, label: t(`expertsUi.declKinds.${k}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={5}>
                    <Form.Item
                      name={[name, 'personName']}
                      label={f('declPerson')}
                      dependencies={[['declarations', name, 'organizationName']]}
                      rules={[
                        { max: 100 },
                        ({ getFieldValue }) => ({
                          validator: async (_r, v: string | undefined) => {
                            if (!s(v) && !s(getFieldValue(['declarations', name, 'organizationName']) as string | undefined)) throw new Error(f('declNeedsTarget'));
                          },
                        }),
                      ]}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item name={[name, 'organizationName']} label={f('declOrganization')} rules={[{ max: 200 }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={7}>
                    <Form.Item name={[name, 'note']} label={<OptionalLabel label={f('declNote')} />} rules={[{ max: 2000 }]}>
                      <Input maxLength={2000} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={2}>
                    <Form.Item label=" ">
                      <Button icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={f('remove')} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'other', personName: '', organizationId: null, organizationName: '', note: '' })}>
                {f('addDeclaration')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      {readOnly ? null : (
        <>
          <Divider />
          <Flex justify="flex-end">
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} disabled={busy} data-testid="expert-save">
              {expert ? f('save') : f('create')}
            </Button>
          </Flex>
        </>
      )}
    </Form>
  );
}
