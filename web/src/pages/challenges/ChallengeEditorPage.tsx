import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Result, Row, Select, Skeleton, Space, Switch, Tag, TreeSelect, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, SaveOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { ORGANIZATION_TYPES, PRIORITY_FIELDS, QUALIFICATION_KINDS, type PriorityField } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { EMAIL_PATTERN } from '../../lib/validation.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useZones } from '../../lib/useZones.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { FUNDING_MODES, WAN_PATTERN, beijingToIso, beijingWallClock, emptyTerms, fenToWan, wanToFen, managesChallenges, type Challenge, type FileMeta, type FundingMode, type Terms } from './model.ts';
import { StageTag } from './StageTag.tsx';
import { useMe } from '../../session/SessionContext.ts';

export type EditorMode = 'new' | 'edit' | 'correct';

interface TargetRow {
  indicator?: string;
  target?: string;
  unit?: string;
  verification?: string;
}

interface EditorForm {
  title?: string;
  titleEn?: string;
  field?: PriorityField | string;
  problem?: string;
  targets: TargetRow[];
  budgetWan?: string;
  fundingMode: FundingMode;
  durationMonths?: number | null;
  maxAwards?: number | null;
  eligibility: { zoneIds: string[]; organizationTypes: string[]; qualifications: string[]; consortiumAllowed: boolean };
  deadline?: Dayjs | null;
  contact: { name?: string; phone?: string; email?: string };
  reason?: string;
}

const PHONE = /^[0-9+\-() ]{5,20}$/;
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp';
const ACCEPT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'];
const MAX_FILE_BYTES = 20 * 1024 * 1024;

function toForm(terms: Terms): EditorForm {
  const wall = beijingWallClock(terms.deadline);
  return {
    title: terms.title,
    titleEn: terms.titleEn ?? '',
    field: terms.field || undefined,
    problem: terms.problem,
    targets: terms.targets.map((x) => ({ ...x })),
    budgetWan: terms.budgetCapFen > 0 ? fenToWan(terms.budgetCapFen) : '',
    fundingMode: terms.fundingMode,
    durationMonths: terms.durationMonths,
    maxAwards: terms.maxAwards,
    eligibility: { ...terms.eligibility },
    deadline: wall ? dayjs(wall, 'YYYY-MM-DD HH:mm') : null,
    contact: { ...terms.contact },
  };
}

const s = (v: string | undefined | null) => (v ?? '').trim();

/** The form's values as terms; drafts may be incomplete, so blanks are sent as blanks. */
function toTerms(v: EditorForm, attachmentIds: string[], fallbackDeadline: string): Terms {
  const deadline = v.deadline ? beijingToIso(v.deadline.format('YYYY-MM-DD HH:mm')) : null;
  return {
    title: s(v.title),
    titleEn: s(v.titleEn) || null,
    field: s(v.field),
    problem: s(v.problem),
    targets: (v.targets ?? []).map((x) => ({ indicator: s(x?.indicator), target: s(x?.target), unit: s(x?.unit), verification: s(x?.verification) })),
    budgetCapFen: wanToFen(v.budgetWan ?? '') ?? 0,
    fundingMode: v.fundingMode ?? 'before_delivery',
    durationMonths: v.durationMonths ?? 1,
    maxAwards: v.maxAwards ?? 1,
    eligibility: {
      zoneIds: v.eligibility?.zoneIds ?? [],
      organizationTypes: v.eligibility?.organizationTypes ?? [],
      qualifications: v.eligibility?.qualifications ?? [],
      consortiumAllowed: Boolean(v.eligibility?.consortiumAllowed),
    },
    deadline: deadline ?? fallbackDeadline,
    contact: { name: s(v.contact?.name), phone: s(v.contact?.phone), email: s(v.contact?.email) },
    attachmentIds,
  };
}

type FieldName = string | (string | number)[];

/** Where a server field error ("targets/0/unit", "body.contact.email", "budgetCapFen") belongs in this form. */
function formNameOf(path: string): FieldName | null {
  const parts = path
    .replace(/^body[./]?/, '')
    .replace(/^terms[./]/, '')
    .split(/[./]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts.length === 0) return null;
  if (parts[0] === 'budgetCapFen') return 'budgetWan';
  if (parts[0] === 'attachmentIds') return null;
  if (parts[0] === 'targets' && parts.length === 1) return null;
  return parts.length === 1 ? (parts[0] as string) : parts;
}

export default function ChallengeEditorPage({ mode }: { mode: EditorMode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const params = useParams();
  const zones = useZones();
  const me = useMe();
  const errorText = useErrorText();
  const [form] = Form.useForm<EditorForm>();
  const [id, setId] = useState<string | null>(params.id ?? null);
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loading, setLoading] = useState(mode !== 'new');
  const [files, setFiles] = useState<FileMeta[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [loadTick, setLoadTick] = useState(0);
  const loadedId = useRef<string | null>(null);
  const initial = useMemo(() => toForm(emptyTerms()), []);
  const maxAwards = Form.useWatch('maxAwards', form);

  // Load the challenge being edited (once per id: after "new" is saved, the address changes but the form stays).
  useEffect(() => {
    const target = params.id;
    if (!target || loadedId.current === target) return;
    const c = new AbortController();
    setLoading(true);
    call(api.GET('/api/v1/challenges/{id}', { params: { path: { id: target } }, signal: c.signal })).then(
      async (ch) => {
        loadedId.current = target;
        setChallenge(ch);
        setId(ch.id);
        form.setFieldsValue(toForm(ch.terms));
        setLoading(false);
        const metas = await Promise.all(ch.terms.attachmentIds.map((fid) => call(api.GET('/api/v1/files/{id}', { params: { path: { id: fid } } })).catch(() => null)));
        if (!c.signal.aborted) setFiles(metas.filter((m): m is FileMeta => m !== null));
      },
      (err: unknown) => {
        if (c.signal.aborted) return;
        setLoadError(err);
        setLoading(false);
      },
    );
    return () => c.abort();
  }, [params.id, form, loadTick]);

  const showServerErrors = (err: unknown): boolean => {
    if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return false;
    const fields: { name: FieldName; errors: string[] }[] = [];
    let targetsMsg: string | null = null;
    for (const fe of err.fieldErrors) {
      const path = fe.path.replace(/^body[./]?/, '');
      const name = formNameOf(fe.path);
      const known: Record<string, string> = {
        'is required': t('validation.required'),
        'is not a phone number': t('challenges.editor.phoneInvalid'),
        'is not an e-mail address': t('validation.email'),
        'must be a positive whole number of fen': t('challenges.editor.budgetRequired'),
        'is implausibly large': t('challenges.editor.budgetTooLarge'),
        'must be 1–120 months': t('challenges.editor.durationRange'),
        'is not a date-time': t('challenges.editor.deadlineRequired'),
      };
      const text = known[fe.message] ?? (lang === 'zh-CN' && fe.zh ? fe.zh : fe.message);
      if (/^targets$/.test(path)) targetsMsg = t('challenges.editor.targetsRequired');
      else if (name) fields.push({ name, errors: [text] });
    }
    setListError(targetsMsg);
    form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
    return fields.length > 0 || targetsMsg !== null;
  };

  /** Saves the draft (creating it the first time); returns its id. */
  const save = async (v: EditorForm): Promise<string> => {
    const terms = toTerms(v, files.map((f) => f.id), challenge?.terms.deadline ?? emptyTerms().deadline);
    if (id) {
      const c = await call(api.PUT('/api/v1/challenges/{id}', { params: { path: { id } }, body: terms }));
      setChallenge(c);
      return c.id;
    }
    const c = await call(api.POST('/api/v1/challenges', { body: terms }));
    loadedId.current = c.id;
    setChallenge(c);
    setId(c.id);
    void navigate(`/challenges/${c.id}/edit`, { replace: true });
    return c.id;
  };

  const run = async (kind: 'save' | 'submit') => {
    setFailure(null);
    setListError(null);
    let v: EditorForm;
    try {
      // Warnings (what is still missing) do not stop a draft; format errors do.
      v = await form.validateFields();
    } catch {
      void message.error(t('challenges.editor.fixErrors'));
      return;
    }
    setBusy(kind);
    try {
      if (mode === 'correct') {
        if (!id) return;
        const terms = toTerms(v, files.map((f) => f.id), challenge?.terms.deadline ?? emptyTerms().deadline);
        await call(api.POST('/api/v1/challenges/{id}/correct', { params: { path: { id } }, body: { terms, reason: s(v.reason) } }));
        void message.success(t('challenges.editor.corrected'));
        void navigate(`/challenges/${id}`);
        return;
      }
      const savedId = await save(v);
      if (kind === 'save') {
        void message.success(t('challenges.editor.saved'));
        return;
      }
      await call(api.POST('/api/v1/challenges/{id}/submit', { params: { path: { id: savedId } } }));
      void message.success(t('challenges.editor.submitted'));
      void navigate(`/challenges/${savedId}`);
    } catch (err) {
      // Field errors go next to their fields; the problem's message says what happened overall.
      showServerErrors(err);
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      // The route reads multipart/form-data, which the OpenAPI document cannot describe as a body.
      const meta = await call(api.POST('/api/v1/files', { body: body as never }));
      setFiles((prev) => [...prev, meta]);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setUploading(false);
    }
  };

  const zoneTree = useMemo(() => {
    type Node = { value: string; title: string; children: Node[] };
    const nodes = new Map<string, Node>();
    for (const z of zones.list) nodes.set(z.id, { value: z.id, title: lang === 'en' ? z.nameEn : z.nameZh, children: [] });
    const roots: Node[] = [];
    for (const z of zones.list) {
      const n = nodes.get(z.id)!;
      const parent = z.parentId ? nodes.get(z.parentId) : undefined;
      if (parent) parent.children.push(n);
      else roots.push(n);
    }
    return roots;
  }, [zones.list, lang]);

  const warnIfBlank = (message: string) => ({ warningOnly: true, validator: async (_r: unknown, v: unknown) => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)) throw new Error(message);
  } });
  const needed = t('challenges.editor.neededToSubmit');

  if (!managesChallenges(me)) return <Navigate to="/403" replace />;
  if (loadError) return <LoadError error={loadError} onRetry={() => { setLoadError(null); setLoadTick((n) => n + 1); }} />;
  if (loading) return <Skeleton active />;
  const allowed = mode === 'new' || (challenge && challenge.actions.includes(mode === 'correct' ? 'correct' : 'edit'));
  if (!allowed && challenge) {
    return (
      <Result
        status="warning"
        title={t('challenges.editor.notEditable')}
        extra={
          <Link to={`/challenges/${challenge.id}`}>
            <Button>{t('challenges.backToChallenge')}</Button>
          </Link>
        }
      />
    );
  }

  const titleText = mode === 'correct' ? t('challenges.editor.titleCorrect') : id ? t('challenges.editor.titleEdit') : t('challenges.editor.titleNew');
  return (
    <>
      <PageHeader
        title={
          <Space size={8} wrap>
            {titleText}
            {challenge ? <Typography.Text type="secondary" className="kc-mono">{challenge.code}</Typography.Text> : null}
            {challenge ? <StageTag stage={challenge.stage} /> : null}
          </Space>
        }
        subtitle={mode === 'correct' ? t('challenges.editor.correctHint') : t('challenges.editor.hint')}
        extra={id ? <Link to={`/challenges/${id}`}>{t('challenges.backToChallenge')}</Link> : <Link to="/challenges">{t('challenges.backToList')}</Link>}
      />
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} data-testid="editor-error" /> : null}
      <Form<EditorForm> form={form} layout="vertical" initialValues={initial} disabled={busy !== null} data-testid="challenge-form" scrollToFirstError>
        {mode === 'correct' ? (
          <Card variant="borderless" style={{ marginBottom: 16 }}>
            <Form.Item
              name="reason"
              label={t('challenges.editor.correctReason')}
              rules={[
                { required: true, whitespace: true, message: t('challenges.reasonRequired') },
                { max: 5000, message: t('challenges.reasonTooLong') },
              ]}
            >
              <Input.TextArea rows={2} data-testid="correct-reason" />
            </Form.Item>
          </Card>
        ) : null}
        <Card variant="borderless" title={t('challenges.editor.sectionBasics')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('challenges.editor.titleZh')} rules={[warnIfBlank(needed), { max: 200, message: t('challenges.editor.tooLong', { max: 200 }) }]}>
                <Input data-testid="ch-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="titleEn" label={<OptionalLabel label={t('challenges.editor.titleEn')} />} rules={[{ max: 300, message: t('challenges.editor.tooLong', { max: 300 }) }]}>
                <Input data-testid="ch-title-en" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="field" label={t('challenges.editor.field')} rules={[warnIfBlank(needed)]}>
                <Select<string> allowClear options={PRIORITY_FIELDS.map((k) => ({ value: k, label: t(`priorityFields.${k}`) }))} data-testid="ch-field" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="problem" label={t('challenges.editor.problem')} tooltip={t('challenges.editor.problemHint')} rules={[warnIfBlank(needed), { max: 20000, message: t('challenges.editor.tooLong', { max: 20000 }) }]}>
            <Input.TextArea rows={6} showCount maxLength={20000} data-testid="ch-problem" />
          </Form.Item>
        </Card>

        <Card variant="borderless" title={t('challenges.editor.sectionTargets')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('challenges.editor.targetsHint')}</Typography.Paragraph>
          <Form.List name="targets">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, i) => (
                  <Card key={row.key} size="small" style={{ marginBottom: 12 }} data-testid={`target-${i}`} title={t('challenges.editor.targetN', { n: i + 1 })} extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('challenges.editor.removeTarget')} />}>
                    <Row gutter={12}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[row.name, 'indicator']} label={t('challenges.editor.indicator')} rules={[warnIfBlank(needed), { max: 200, message: t('challenges.editor.tooLong', { max: 200 }) }]}>
                          <Input data-testid={`target-${i}-indicator`} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={8}>
                        <Form.Item name={[row.name, 'target']} label={t('challenges.editor.targetValue')} rules={[warnIfBlank(needed), { max: 200, message: t('challenges.editor.tooLong', { max: 200 }) }]}>
                          <Input data-testid={`target-${i}-target`} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={8}>
                        <Form.Item name={[row.name, 'unit']} label={t('challenges.editor.unit')} rules={[warnIfBlank(needed), { max: 50, message: t('challenges.editor.tooLong', { max: 50 }) }]}>
                          <Input data-testid={`target-${i}-unit`} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item name={[row.name, 'verification']} label={t('challenges.editor.verification')} rules={[warnIfBlank(needed), { max: 1000, message: t('challenges.editor.tooLong', { max: 1000 }) }]} style={{ marginBottom: 0 }}>
                      <Input.TextArea rows={2} data-testid={`target-${i}-verification`} />
                    </Form.Item>
                  </Card>
                ))}
                {listError ? <Alert type="error" showIcon title={listError} style={{ marginBottom: 12 }} /> : null}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => { add({ indicator: '', target: '', unit: '', verification: '' }); setListError(null); }} disabled={rows.length >= 30} data-testid="add-target">
                  {t('challenges.editor.addTarget')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card variant="borderless" title={t('challenges.editor.sectionFunding')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="budgetWan"
                label={t('challenges.editor.budgetCap')}
                validateDebounce={200}
                rules={[
                  warnIfBlank(needed),
                  {
                    validator: async (_r, v: string | undefined) => {
                      if (!v?.trim()) return;
                      if (!WAN_PATTERN.test(v.trim())) throw new Error(t('challenges.editor.budgetFormat'));
                      if (wanToFen(v) === 0) throw new Error(t('challenges.editor.budgetRequired'));
                    },
                  },
                ]}
              >
                <Input inputMode="decimal" suffix={t('challenges.wanUnit')} data-testid="ch-budget" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="fundingMode" label={t('challenges.editor.fundingMode')}>
                <Select<FundingMode> options={FUNDING_MODES.map((k) => ({ value: k, label: t(`challenges.fundingModes.${k}`) }))} data-testid="ch-funding" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="durationMonths" label={t('challenges.editor.duration')} rules={[{ type: 'integer', min: 1, max: 120, message: t('challenges.editor.durationRange') }]}>
                <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} suffix={t('challenges.editor.months')} data-testid="ch-duration" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                name="maxAwards"
                label={t('challenges.editor.maxAwards')}
                rules={[{ type: 'integer', min: 1, max: 10, message: t('challenges.editor.maxAwardsRange') }]}
                extra={typeof maxAwards === 'number' && maxAwards > 1 ? <Tag color="purple">{t('challenges.race', { count: maxAwards })}</Tag> : undefined}
              >
                <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} data-testid="ch-max-awards" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card variant="borderless" title={t('challenges.editor.sectionEligibility')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('challenges.editor.eligibilityHint')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={['eligibility', 'zoneIds']} label={<OptionalLabel label={t('challenges.editor.zones')} />}>
                <TreeSelect
                  treeData={zoneTree}
                  treeCheckable
                  showCheckedStrategy={TreeSelect.SHOW_PARENT}
                  treeDefaultExpandAll
                  allowClear
                  loading={zones.loading}
                  placeholder={t('challenges.editor.anyZone')}
                  style={{ width: '100%' }}
                  data-testid="ch-zones"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['eligibility', 'organizationTypes']} label={<OptionalLabel label={t('challenges.editor.orgTypes')} />}>
                <Select<string[]> mode="multiple" allowClear placeholder={t('challenges.editor.anyType')} options={ORGANIZATION_TYPES.map((k) => ({ value: k, label: t(`orgTypes.${k}`) }))} data-testid="ch-org-types" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['eligibility', 'qualifications']} label={<OptionalLabel label={t('challenges.editor.qualifications')} />} tooltip={t('challenges.editor.qualificationsHint')}>
                <Select<string[]> mode="multiple" allowClear placeholder={t('challenges.editor.anyQualification')} options={QUALIFICATION_KINDS.map((k) => ({ value: k, label: t(`qualificationKinds.${k}`) }))} data-testid="ch-qualifications" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['eligibility', 'consortiumAllowed']} label={t('challenges.editor.consortium')} valuePropName="checked">
                <Switch data-testid="ch-consortium" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card variant="borderless" title={t('challenges.editor.sectionDeadline')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="deadline"
                label={t('challenges.editor.deadline')}
                extra={t('challenges.editor.deadlineHint')}
                rules={[
                  warnIfBlank(needed),
                  {
                    warningOnly: true,
                    validator: async (_r, v: Dayjs | null | undefined) => {
                      if (!v) return;
                      const iso = beijingToIso(v.format('YYYY-MM-DD HH:mm'));
                      if (iso && new Date(iso).getTime() <= Date.now()) throw new Error(t('challenges.editor.deadlinePast'));
                    },
                  },
                ]}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="ch-deadline" />
              </Form.Item>
            </Col>
            <Col xs={24} md={5}>
              <Form.Item name={['contact', 'name']} label={t('challenges.editor.contactName')} rules={[warnIfBlank(needed), { max: 100, message: t('challenges.editor.tooLong', { max: 100 }) }]}>
                <Input data-testid="ch-contact-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={5}>
              <Form.Item
                name={['contact', 'phone']}
                label={t('challenges.editor.contactPhone')}
                validateDebounce={300}
                rules={[warnIfBlank(needed), { validator: async (_r, v: string | undefined) => { if (v?.trim() && !PHONE.test(v.trim())) throw new Error(t('challenges.editor.phoneInvalid')); } }]}
              >
                <Input inputMode="tel" data-testid="ch-contact-phone" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name={['contact', 'email']}
                label={t('challenges.editor.contactEmail')}
                validateDebounce={300}
                rules={[warnIfBlank(needed), { validator: async (_r, v: string | undefined) => { if (v?.trim() && !EMAIL_PATTERN.test(v.trim())) throw new Error(t('validation.email')); } }]}
              >
                <Input inputMode="email" data-testid="ch-contact-email" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card variant="borderless" title={t('challenges.editor.sectionAttachments')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('challenges.editor.attachmentsHint')}</Typography.Paragraph>
          <Flex vertical gap={6} style={{ marginBottom: 12 }}>
            {files.map((f) => (
              <Flex key={f.id} gap={8} align="center">
                <PaperClipOutlined />
                <a href={`/api/v1/files/${f.id}/content`} download>
                  {f.name}
                </a>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {(f.sizeBytes / 1024).toFixed(0)} KB
                </Typography.Text>
                <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setFiles((prev) => prev.filter((x) => x.id !== f.id))} aria-label={t('challenges.editor.removeAttachment')} />
              </Flex>
            ))}
          </Flex>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            disabled={uploading || files.length >= 20}
            beforeUpload={(file) => {
              if (!ACCEPT_TYPES.includes(file.type)) {
                void message.error(t('challenges.editor.attachmentType'));
                return Upload.LIST_IGNORE;
              }
              if (file.size > MAX_FILE_BYTES) {
                void message.error(t('challenges.editor.attachmentSize'));
                return Upload.LIST_IGNORE;
              }
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t('challenges.editor.upload')}
            </Button>
          </Upload>
        </Card>
      </Form>
      <Flex gap={8} justify="flex-end" wrap style={{ position: 'sticky', bottom: 0, padding: '12px 0', background: 'var(--ant-color-bg-layout, #f5f5f5)' }}>
        <Button onClick={() => void navigate(id ? `/challenges/${id}` : '/challenges')}>{t('common.cancel')}</Button>
        {mode === 'correct' ? (
          <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} onClick={() => void run('submit')} data-testid="ch-correct">
            {t('challenges.editor.publishCorrection')}
          </Button>
        ) : (
          <>
            <Button icon={<SaveOutlined />} loading={busy === 'save'} onClick={() => void run('save')} data-testid="ch-save">
              {t('challenges.editor.saveDraft')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} onClick={() => void run('submit')} data-testid="ch-submit">
              {t('challenges.editor.submitForApproval')}
            </Button>
          </>
        )}
      </Flex>
    </>
  );
}
