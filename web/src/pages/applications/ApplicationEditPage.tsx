import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, App, Button, Card, Checkbox, Col, Descriptions, Flex, Form, Input, InputNumber, Popconfirm, Progress, Row, Select, Skeleton, Space, Table, Typography, Upload } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, SaveOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { EMAIL_PATTERN } from '../../lib/validation.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { BUDGET_CATEGORIES, formatWan, fenToWan, localizeFieldErrors, wanToFen, type Application, type ApplicationContent, type BudgetCategory, type ChallengeTerms } from './model.ts';
import { ContentView } from './ContentView.tsx';
import { ApplicationStatusTag, DeadlineWithCountdown } from './parts.tsx';

/** As on the server (UPLOAD_MAX_BYTES defaults to 20 MiB); the server checks again, by content. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'];
const UPLOAD_EXTENSIONS = /\.(pdf|png|jpe?g|webp)$/i;

interface FormValues {
  title: string;
  summary: string;
  keywords: string[];
  pi: { name: string; title: string; phone: string; email: string };
  team: { name: string; role: string; title: string; organization: string }[];
  partners: { name: string; creditCode: string; role: string }[];
  technicalRoute: string;
  budget: Record<BudgetCategory, { amount: string; note: string }>;
  milestones: { title: string; month: number | null; deliverable: string }[];
  signatory: string;
  pledged: boolean;
}

interface FileItem {
  id: string;
  name: string;
  sizeBytes: number | null;
}

type SectionKey = 'basic' | 'pi' | 'team' | 'partners' | 'route' | 'budget' | 'milestones' | 'attachments' | 'pledge';

function toForm(c: ApplicationContent): FormValues {
  const budget = Object.fromEntries(BUDGET_CATEGORIES.map((k) => [k, { amount: '', note: '' }])) as FormValues['budget'];
  for (const l of c.budget) budget[l.category] = { amount: fenToWan(l.amountFen), note: l.note ?? '' };
  return {
    title: c.title,
    summary: c.summary,
    keywords: c.keywords,
    pi: { name: c.pi.name, title: c.pi.title ?? '', phone: c.pi.phone ?? '', email: c.pi.email ?? '' },
    team: c.team.map((m) => ({ name: m.name, role: m.role, title: m.title ?? '', organization: m.organization ?? '' })),
    partners: c.partners.map((p) => ({ name: p.name, creditCode: p.creditCode ?? '', role: p.role })),
    technicalRoute: c.technicalRoute,
    budget,
    milestones: c.milestones.map((m) => ({ title: m.title, month: m.month, deliverable: m.deliverable })),
    signatory: c.pledge?.signatory ?? '',
    pledged: c.pledge !== null,
  };
}

const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** The form as the API's content; budget lines in the fixed category order (server errors index into it). */
function toContent(v: FormValues, base: ApplicationContent, files: FileItem[], pledgeAt: string | null): ApplicationContent {
  const budget: ApplicationContent['budget'] = [];
  for (const k of BUDGET_CATEGORIES) {
    const line = v.budget[k];
    const fen = line.amount.trim() ? wanToFen(line.amount) : null;
    if (fen !== null) budget.push({ category: k, amountFen: fen, note: orNull(line.note) });
  }
  const signatory = v.signatory.trim();
  return {
    title: v.title.trim(),
    summary: v.summary,
    keywords: v.keywords.map((k) => k.trim()).filter(Boolean),
    pi: { name: v.pi.name.trim(), title: orNull(v.pi.title), phone: orNull(v.pi.phone), email: orNull(v.pi.email), personId: base.pi.personId },
    team: v.team.map((m) => ({ name: m.name.trim(), role: m.role.trim(), title: orNull(m.title), organization: orNull(m.organization) })),
    partners: v.partners.map((p, i) => ({ organizationId: base.partners[i]?.name === p.name ? base.partners[i].organizationId : null, name: p.name.trim(), creditCode: orNull(p.creditCode), role: p.role.trim() })),
    technicalRoute: v.technicalRoute,
    budget,
    milestones: v.milestones.map((m) => ({ title: m.title.trim(), month: m.month ?? 0, deliverable: m.deliverable.trim() })),
    attachmentIds: files.map((f) => f.id),
    pledge: v.pledged && signatory ? { signatory, acceptedAt: pledgeAt ?? new Date().toISOString() } : null,
  };
}

/** Form field (or section) for a server error path such as "budget/0/amountFen" or "milestones/1/month". */
function fieldFor(path: string, budgetOrder: BudgetCategory[]): { name: (string | number)[] } | { section: SectionKey } | null {
  const parts = path.split('/');
  const [head, idx, leaf] = parts;
  const i = idx !== undefined ? Number(idx) : NaN;
  switch (head) {
    case 'title':
    case 'summary':
    case 'technicalRoute':
    case 'keywords':
      return { name: [head] };
    case 'pi':
      return idx ? { name: ['pi', idx] } : { section: 'pi' };
    case 'team':
    case 'partners':
    case 'milestones':
      return Number.isInteger(i) && leaf ? { name: [head, i, leaf] } : { section: head === 'team' ? 'team' : head === 'partners' ? 'partners' : 'milestones' };
    case 'budget': {
      const cat = Number.isInteger(i) ? budgetOrder[i] : undefined;
      return cat ? { name: ['budget', cat, 'amount'] } : { section: 'budget' };
    }
    case 'pledge':
      return { name: ['signatory'] };
    case 'attachmentIds':
      return { section: 'attachments' };
    default:
      return null;
  }
}

const SECTIONS = [
  { key: 'basic', label: 'applications.form.sectionBasic' },
  { key: 'pi', label: 'applications.form.sectionPi' },
  { key: 'team', label: 'applications.form.sectionTeam' },
  { key: 'partners', label: 'applications.form.sectionPartners' },
  { key: 'route', label: 'applications.form.sectionRoute' },
  { key: 'budget', label: 'applications.form.sectionBudget' },
  { key: 'milestones', label: 'applications.form.sectionMilestones' },
  { key: 'attachments', label: 'applications.form.sectionAttachments' },
  { key: 'pledge', label: 'applications.form.sectionPledge' },
] as const satisfies readonly { key: SectionKey; label: string }[];

export default function ApplicationEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const data = useApiData(
    async (signal) => {
      const app = await call(api.GET('/api/v1/applications/{id}', { params: { path: { id } }, signal }));
      const challenge = await call(api.GET('/api/v1/challenges/{id}', { params: { path: { id: app.challengeId } }, signal }));
      return { app, terms: challenge.terms };
    },
    [id],
  );
  if (data.error) {
    return (
      <>
        <PageHeader title={t('applications.form.pageTitle')} />
        <LoadError error={data.error} onRetry={data.reload} />
      </>
    );
  }
  if (!data.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  return <Editor key={data.data.app.id} initial={data.data.app} terms={data.data.terms} />;
}

function Section({ id, title, extra, children, onLeave, error }: { id: SectionKey; title: ReactNode; extra?: ReactNode; children: ReactNode; onLeave: () => void; error?: string[] | undefined }) {
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    const next = e.relatedTarget as Node | null;
    if (next && e.currentTarget.contains(next)) return;
    onLeave();
  };
  return (
    <div id={`sec-${id}`} onBlur={onBlur} style={{ scrollMarginTop: 80 }} data-testid={`section-${id}`}>
      <Card variant="borderless" title={title} extra={extra}>
        {error && error.length ? <Alert type="error" showIcon title={error.join('；')} style={{ marginBottom: 12 }} data-testid={`section-error-${id}`} /> : null}
        {children}
      </Card>
    </div>
  );
}

function Editor({ initial, terms }: { initial: Application; terms: ChallengeTerms }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [app, setApp] = useState(initial);
  const [files, setFiles] = useState<FileItem[]>(() => initial.content.attachmentIds.map((fid) => ({ id: fid, name: fid, sizeBytes: null })));
  const [pledgeAt, setPledgeAt] = useState<string | null>(initial.content.pledge?.acceptedAt ?? null);
  const [saving, setSaving] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [sectionErrors, setSectionErrors] = useState<Partial<Record<SectionKey, string[]>>>({});
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const budgetOrder = useRef<BudgetCategory[]>(initial.content.budget.map((l) => l.category));
  const initialValues = useMemo(() => toForm(initial.content), [initial]);
  const editable = app.actions.includes('edit');
  const deadline = app.status === 'returned' && app.correctionDueAt ? app.correctionDueAt : app.deadline;

  // File names for attachments saved earlier.
  useEffect(() => {
    const ids = initial.content.attachmentIds;
    if (ids.length === 0) return;
    const controller = new AbortController();
    void Promise.all(ids.map((fid) => call(api.GET('/api/v1/files/{id}', { params: { path: { id: fid } }, signal: controller.signal })).catch(() => null))).then((rows) => {
      if (controller.signal.aborted) return;
      setFiles((cur) => cur.map((f) => {
        const r = rows.find((x) => x?.id === f.id);
        return r ? { id: f.id, name: r.name, sizeBytes: r.sizeBytes } : f;
      }));
    });
    return () => controller.abort();
  }, [initial]);

  const budget = Form.useWatch('budget', form);
  const totalFen = useMemo(() => {
    if (!budget) return initial.budgetTotalFen;
    return BUDGET_CATEGORIES.reduce((s, k) => s + (wanToFen(budget[k]?.amount ?? '') ?? 0), 0);
  }, [budget, initial.budgetTotalFen]);
  const overCap = totalFen > terms.budgetCapFen;
  const pledged = Form.useWatch('pledged', form);

  const markChanged = () => {
    changes.current += 1;
  };

  /** Saves the draft; quiet saves (leaving a section) say nothing unless they fail. */
  const saveNow = useCallback(
    async (quiet: boolean): Promise<Application | null> => {
      const values = form.getFieldsValue(true) as FormValues;
      const badAmount = BUDGET_CATEGORIES.find((k) => values.budget[k].amount.trim() && wanToFen(values.budget[k].amount) === null);
      if (badAmount) {
        if (!quiet) {
          void form.validateFields([['budget', badAmount, 'amount']]).catch(() => undefined);
          void message.error(t('applications.form.fixAmounts'));
        }
        return null;
      }
      const content = toContent(values, app.content, files, pledgeAt);
      const at = changes.current;
      setSaving(true);
      try {
        const saved = await call(api.PUT('/api/v1/applications/{id}', { params: { path: { id: app.id } }, body: content }));
        budgetOrder.current = content.budget.map((l) => l.category);
        savedChanges.current = at;
        setApp(saved);
        setSavedAt(saved.updatedAt);
        if (!quiet) void message.success(t('applications.form.saved'));
        return saved;
      } catch (err) {
        setFailure(err);
        if (!quiet) void message.error(errorText(err));
        return null;
      } finally {
        setSaving(false);
      }
    },
    [form, app.content, app.id, files, pledgeAt, message, t, errorText],
  );

  // Saves run one after another, so an autosave in flight never makes "submit" skip its own save.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const save = (quiet: boolean): Promise<Application | null> => {
    const run = queue.current.then(() => saveNow(quiet));
    queue.current = run.catch(() => undefined);
    return run;
  };

  const autosave = () => {
    if (editable && !submitting && changes.current !== savedChanges.current) void save(true);
  };

  const showServerErrors = (err: unknown) => {
    const located = localizeFieldErrors(err, lang);
    const fields: { name: (string | number)[]; errors: string[] }[] = [];
    const sections: Partial<Record<SectionKey, string[]>> = {};
    for (const fe of located) {
      const target = fieldFor(fe.path, budgetOrder.current);
      if (!target) continue;
      if ('name' in target) fields.push({ name: target.name, errors: [fe.text] });
      else (sections[target.section] ??= []).push(fe.text);
    }
    form.setFields(fields as Parameters<FormInstance<FormValues>['setFields']>[0]);
    setSectionErrors(sections);
    const first = fields[0]?.name ?? null;
    if (first) form.scrollToField(first, { block: 'center' });
    else {
      const sec = Object.keys(sections)[0];
      if (sec) document.getElementById(`sec-${sec}`)?.scrollIntoView({ block: 'start' });
    }
  };

  const submit = async () => {
    setFailure(null);
    setSectionErrors({});
    try {
      await form.validateFields();
    } catch {
      void message.error(t('applications.form.fixErrors'));
      return;
    }
    setSubmitting(true);
    try {
      const saved = await save(true);
      if (!saved) return;
      const done = await call(api.POST('/api/v1/applications/{id}/submit', { params: { path: { id: app.id } } }));
      void message.success(t('applications.form.submitted'));
      void navigate(`/applications/${done.id}`, { replace: true });
    } catch (err) {
      setFailure(err);
      showServerErrors(err);
    } finally {
      setSubmitting(false);
    }
  };

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      // multipart/form-data, which the OpenAPI document cannot describe as a body
      const f = await call(api.POST('/api/v1/files', { body: body as never }));
      setFiles((cur) => [...cur, { id: f.id, name: f.name, sizeBytes: f.sizeBytes }]);
      markChanged();
      setSectionErrors((s) => ({ ...s, attachments: [] }));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setUploading(false);
    }
  };

  const beforeUpload = (file: File) => {
    if (!UPLOAD_TYPES.includes(file.type) && !UPLOAD_EXTENSIONS.test(file.name)) {
      void message.error(t('applications.form.fileTypeRefused', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      void message.error(t('applications.form.fileTooLarge', { name: file.name, max: 20 }));
      return Upload.LIST_IGNORE;
    }
    if (files.length >= 20) {
      void message.error(t('applications.form.tooManyFiles'));
      return Upload.LIST_IGNORE;
    }
    void upload(file);
    return Upload.LIST_IGNORE;
  };

  const title = app.content.title || t('applications.form.untitled');
  const header = (
    <PageHeader
      title={
        <Space wrap>
          <span>{t('applications.form.pageTitle')}</span>
          <ApplicationStatusTag status={app.status} />
        </Space>
      }
      subtitle={`${app.challengeCode} · ${app.challengeTitle}`}
      extra={<Link to={`/applications/${app.id}`}>{t('applications.form.openRead')}</Link>}
    />
  );

  if (!editable) {
    return (
      <>
        {header}
        <Alert type="info" showIcon title={t('applications.form.readOnly')} style={{ marginBottom: 16 }} data-testid="edit-readonly" />
        <ContentView content={app.content} totalFen={app.budgetTotalFen} capFen={terms.budgetCapFen} />
      </>
    );
  }

  const serverProblem = failure instanceof ApiError ? failure : null;
  const refusals = serverProblem?.code === 'NOT_ELIGIBLE' ? localizeFieldErrors(serverProblem, lang) : [];
  const req = (msg: string) => ({ required: true, whitespace: true, message: msg });
  const maxLen = (n: number) => ({ max: n, message: t('applications.form.tooLong', { max: n }) });

  return (
    <>
      {header}
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('applications.code')}>{app.code}</Descriptions.Item>
          <Descriptions.Item label={t('applications.organization')}>{app.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('applications.budgetCap')}>{formatWan(terms.budgetCapFen, lang)}</Descriptions.Item>
          <Descriptions.Item label={app.status === 'returned' ? t('applications.correctionDue') : t('applications.deadline')} span="filled">
            <DeadlineWithCountdown deadline={deadline} />
          </Descriptions.Item>
        </Descriptions>
        {app.status === 'returned' && app.checkReason ? (
          <Alert type="warning" showIcon title={t('applications.returnedReason')} description={app.checkReason} style={{ marginTop: 12 }} data-testid="edit-check-reason" />
        ) : null}
      </Card>
      {failure ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFailure(null) }}
          title={errorText(failure)}
          description={
            refusals.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {refusals.map((r) => (
                  <li key={r.path}>{r.text}</li>
                ))}
              </ul>
            ) : serverProblem?.code === 'INCOMPLETE' ? (
              t('applications.form.incompleteHint')
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="submit-error"
          data-code={serverProblem?.code}
        />
      ) : null}
      <Row gutter={24}>
        <Col xs={24} xl={19}>
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={initialValues}
            onValuesChange={(changed: Partial<FormValues>) => {
              markChanged();
              if ('pledged' in changed) setPledgeAt(changed.pledged ? new Date().toISOString() : null);
            }}
            data-testid="application-form"
          >
            <Flex vertical gap={16}>
              <Section id="basic" title={t('applications.form.sectionBasic')} onLeave={autosave}>
                <Form.Item name="title" label={t('applications.form.title')} rules={[req(t('applications.form.titleRequired')), maxLen(200)]}>
                  <Input maxLength={200} showCount placeholder={title === t('applications.form.untitled') ? t('applications.form.titlePlaceholder') : undefined} data-testid="f-title" />
                </Form.Item>
                <Form.Item name="summary" label={t('applications.form.summary')} rules={[req(t('applications.form.summaryRequired')), maxLen(5000)]}>
                  <Input.TextArea rows={4} maxLength={5000} showCount data-testid="f-summary" />
                </Form.Item>
                <Form.Item name="keywords" label={t('applications.form.keywords')} extra={t('applications.form.keywordsHint')} rules={[{ type: 'array', max: 20, message: t('applications.form.tooManyKeywords') }]}>
                  <Select mode="tags" open={false} tokenSeparators={[',', '，', ';', '；']} data-testid="f-keywords" />
                </Form.Item>
              </Section>

              <Section id="pi" title={t('applications.form.sectionPi')} onLeave={autosave} error={sectionErrors.pi}>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item name={['pi', 'name']} label={t('applications.form.piName')} rules={[req(t('applications.form.piRequired')), maxLen(100)]}>
                      <Input maxLength={100} data-testid="f-pi-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={['pi', 'title']} label={t('applications.form.piTitle')} rules={[maxLen(100)]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={['pi', 'phone']} label={t('applications.form.piPhone')} rules={[{ pattern: /^[0-9+\-() ]{5,20}$/, message: t('applications.form.phoneInvalid') }]}>
                      <Input maxLength={30} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={['pi', 'email']} label={t('applications.form.piEmail')} rules={[{ pattern: EMAIL_PATTERN, message: t('applications.form.emailInvalid') }, maxLen(200)]}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                </Row>
              </Section>

              <Section id="team" title={t('applications.form.sectionTeam')} onLeave={autosave} error={sectionErrors.team}>
                <Form.List name="team">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Row key={f.key} gutter={8} align="top" data-testid="team-row">
                          <Col xs={24} md={5}>
                            <Form.Item name={[f.name, 'name']} rules={[req(t('applications.form.required')), maxLen(100)]}>
                              <Input placeholder={t('applications.form.memberName')} aria-label={t('applications.form.memberName')} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={6}>
                            <Form.Item name={[f.name, 'role']} rules={[req(t('applications.form.required')), maxLen(100)]}>
                              <Input placeholder={t('applications.form.memberRole')} aria-label={t('applications.form.memberRole')} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={5}>
                            <Form.Item name={[f.name, 'title']} rules={[maxLen(100)]}>
                              <Input placeholder={t('applications.form.memberTitle')} aria-label={t('applications.form.memberTitle')} />
                            </Form.Item>
                          </Col>
                          <Col xs={20} md={6}>
                            <Form.Item name={[f.name, 'organization']} rules={[maxLen(200)]}>
                              <Input placeholder={t('applications.form.memberOrganization')} aria-label={t('applications.form.memberOrganization')} />
                            </Form.Item>
                          </Col>
                          <Col xs={4} md={2}>
                            <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('applications.form.removeRow')} />
                          </Col>
                        </Row>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', role: '', title: '', organization: '' })} disabled={fields.length >= 100} data-testid="add-member">
                        {t('applications.form.addMember')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Section>

              <Section id="partners" title={t('applications.form.sectionPartners')} onLeave={autosave} error={sectionErrors.partners}>
                {terms.eligibility.consortiumAllowed ? (
                  <Form.List name="partners">
                    {(fields, { add, remove }) => (
                      <>
                        {fields.map((f) => (
                          <Row key={f.key} gutter={8} align="top">
                            <Col xs={24} md={9}>
                              <Form.Item name={[f.name, 'name']} rules={[req(t('applications.form.required')), maxLen(200)]}>
                                <Input placeholder={t('applications.form.partnerName')} aria-label={t('applications.form.partnerName')} />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={6}>
                              <Form.Item name={[f.name, 'creditCode']} rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/, message: t('applications.form.creditCodeInvalid') }]}>
                                <Input maxLength={18} placeholder={t('applications.form.partnerCreditCode')} aria-label={t('applications.form.partnerCreditCode')} className="kc-mono" />
                              </Form.Item>
                            </Col>
                            <Col xs={20} md={7}>
                              <Form.Item name={[f.name, 'role']} rules={[req(t('applications.form.required')), maxLen(200)]}>
                                <Input placeholder={t('applications.form.partnerRole')} aria-label={t('applications.form.partnerRole')} />
                              </Form.Item>
                            </Col>
                            <Col xs={4} md={2}>
                              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('applications.form.removeRow')} />
                            </Col>
                          </Row>
                        ))}
                        <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', creditCode: '', role: '' })} disabled={fields.length >= 20}>
                          {t('applications.form.addPartner')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                ) : (
                  <Typography.Text type="secondary" data-testid="no-consortium">
                    {t('applications.form.noConsortium')}
                  </Typography.Text>
                )}
              </Section>

              <Section id="route" title={t('applications.form.sectionRoute')} onLeave={autosave}>
                <Form.Item name="technicalRoute" label={t('applications.form.technicalRoute')} extra={t('applications.form.technicalRouteHint')} rules={[req(t('applications.form.routeRequired')), maxLen(50000)]}>
                  <Input.TextArea rows={10} maxLength={50000} showCount data-testid="f-route" />
                </Form.Item>
              </Section>

              <Section
                id="budget"
                title={t('applications.form.sectionBudget')}
                onLeave={autosave}
                error={sectionErrors.budget}
                extra={
                  <Typography.Text type={overCap ? 'danger' : undefined} strong data-testid="budget-total" data-over={overCap ? 'true' : 'false'}>
                    {t('applications.form.budgetLiveTotal', { total: formatWan(totalFen, lang), cap: formatWan(terms.budgetCapFen, lang) })}
                  </Typography.Text>
                }
              >
                <Typography.Paragraph type="secondary">{t('applications.form.budgetHint')}</Typography.Paragraph>
                <Table
                  size="small"
                  rowKey={(k) => k}
                  pagination={false}
                  dataSource={[...BUDGET_CATEGORIES]}
                  columns={[
                    { key: 'category', title: t('applications.form.budgetCategory'), width: 260, render: (_v, k) => t(`applications.budgetCategories.${k}`) },
                    {
                      key: 'amount',
                      title: t('applications.form.budgetAmount'),
                      width: 200,
                      render: (_v, k) => (
                        <Form.Item
                          name={['budget', k, 'amount']}
                          style={{ margin: 0 }}
                          rules={[{ validator: (_r, v: string | undefined) => (!v || !v.trim() || wanToFen(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('applications.form.amountInvalid')))) }]}
                        >
                          <Input inputMode="decimal" suffix={t('applications.wan')} placeholder="0" aria-label={t(`applications.budgetCategories.${k}`)} data-testid={`budget-${k}`} />
                        </Form.Item>
                      ),
                    },
                    {
                      key: 'note',
                      title: t('applications.form.budgetNote'),
                      render: (_v, k) => (
                        <Form.Item name={['budget', k, 'note']} style={{ margin: 0 }} rules={[maxLen(500)]}>
                          <Input maxLength={500} aria-label={`${t(`applications.budgetCategories.${k}`)} ${t('applications.form.budgetNote')}`} />
                        </Form.Item>
                      ),
                    },
                  ]}
                />
                <Flex align="center" gap={12} style={{ marginTop: 12 }}>
                  <Progress percent={Math.min(100, Math.round((totalFen / Math.max(terms.budgetCapFen, 1)) * 100))} status={overCap ? 'exception' : 'normal'} style={{ flex: 1, margin: 0 }} showInfo={false} />
                  {overCap ? (
                    <Typography.Text type="danger" data-testid="budget-over">
                      {t('applications.form.budgetOver', { over: formatWan(totalFen - terms.budgetCapFen, lang) })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              </Section>

              <Section id="milestones" title={t('applications.form.sectionMilestones')} onLeave={autosave} error={sectionErrors.milestones}>
                <Typography.Paragraph type="secondary">{t('applications.form.milestonesHint', { months: terms.durationMonths })}</Typography.Paragraph>
                <Form.List name="milestones">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Row key={f.key} gutter={8} align="top" data-testid="milestone-row">
                          <Col xs={24} md={4}>
                            <Form.Item
                              name={[f.name, 'month']}
                              rules={[
                                { required: true, message: t('applications.form.required') },
                                { type: 'integer', min: 1, max: terms.durationMonths, message: t('applications.form.monthRange', { months: terms.durationMonths }) },
                              ]}
                            >
                              <InputNumber precision={0} placeholder={t('applications.form.milestoneMonth')} aria-label={t('applications.form.milestoneMonth')} style={{ width: '100%' }} data-testid="milestone-month" />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={8}>
                            <Form.Item name={[f.name, 'title']} rules={[req(t('applications.form.required')), maxLen(200)]}>
                              <Input placeholder={t('applications.form.milestoneTitle')} aria-label={t('applications.form.milestoneTitle')} data-testid="milestone-title" />
                            </Form.Item>
                          </Col>
                          <Col xs={20} md={10}>
                            <Form.Item name={[f.name, 'deliverable']} rules={[req(t('applications.form.required')), maxLen(2000)]}>
                              <Input placeholder={t('applications.form.milestoneDeliverable')} aria-label={t('applications.form.milestoneDeliverable')} data-testid="milestone-deliverable" />
                            </Form.Item>
                          </Col>
                          <Col xs={4} md={2}>
                            <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('applications.form.removeRow')} />
                          </Col>
                        </Row>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', month: null, deliverable: '' })} disabled={fields.length >= 40} data-testid="add-milestone">
                        {t('applications.form.addMilestone')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Section>

              <Section id="attachments" title={t('applications.form.sectionAttachments')} onLeave={autosave} error={sectionErrors.attachments}>
                <Typography.Paragraph type="secondary">{t('applications.form.attachmentsHint', { max: 20 })}</Typography.Paragraph>
                <Upload accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp" beforeUpload={beforeUpload} showUploadList={false} multiple>
                  <Button icon={<UploadOutlined />} loading={uploading} data-testid="upload">
                    {t('applications.form.upload')}
                  </Button>
                </Upload>
                <ul style={{ listStyle: 'none', padding: 0, margin: '12px 0 0' }} data-testid="attachments">
                  {files.map((f) => (
                    <li key={f.id} style={{ padding: '4px 0' }}>
                      <Space>
                        <PaperClipOutlined />
                        <a href={`/api/v1/files/${f.id}/content`}>{f.name}</a>
                        {f.sizeBytes !== null ? <Typography.Text type="secondary">{`${Math.max(1, Math.round(f.sizeBytes / 1024))} KB`}</Typography.Text> : null}
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={() => {
                            setFiles((cur) => cur.filter((x) => x.id !== f.id));
                            markChanged();
                          }}
                        >
                          {t('applications.form.remove')}
                        </Button>
                      </Space>
                    </li>
                  ))}
                </ul>
              </Section>

              <Section id="pledge" title={t('applications.form.sectionPledge')} onLeave={autosave}>
                <div style={{ background: 'rgba(0,0,0,0.03)', padding: 16, borderRadius: 8, marginBottom: 16 }} data-testid="pledge-text">
                  <Typography.Title level={5} style={{ marginTop: 0 }}>
                    {t('applications.pledge.heading')}
                  </Typography.Title>
                  {(['p1', 'p2', 'p3', 'p4', 'p5'] as const).map((p) => (
                    <Typography.Paragraph key={p} style={{ marginBottom: 8 }}>
                      {t(`applications.pledge.${p}`, { organization: app.organizationName, challenge: app.challengeTitle })}
                    </Typography.Paragraph>
                  ))}
                </div>
                <Row gutter={16} align="middle">
                  <Col xs={24} md={10}>
                    <Form.Item
                      name="signatory"
                      label={t('applications.form.signatory')}
                      dependencies={['pledged']}
                      rules={[
                        maxLen(100),
                        ({ getFieldValue }) => ({
                          validator: (_r, v: string | undefined) => (!getFieldValue('pledged') || (v && v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('applications.form.signatoryRequired')))),
                        }),
                      ]}
                    >
                      <Input maxLength={100} data-testid="f-signatory" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item name="pledged" valuePropName="checked" rules={[{ validator: (_r, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('applications.form.pledgeRequired')))) }]}>
                      <Checkbox data-testid="f-pledged">{t('applications.form.pledgeAccept')}</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
                {pledged && pledgeAt ? <Typography.Text type="secondary">{t('applications.form.pledgeAt', { time: formatDateTime(pledgeAt, lang) })}</Typography.Text> : null}
              </Section>

              <Card variant="borderless">
                <Flex gap={12} wrap align="center" justify="space-between">
                  <Typography.Text type="secondary" data-testid="saved-at">
                    {saving ? t('applications.form.saving') : savedAt ? t('applications.form.savedAt', { time: formatDateTime(savedAt, lang, true) }) : t('applications.form.autosaveHint')}
                  </Typography.Text>
                  <Space wrap>
                    <Button icon={<SaveOutlined />} loading={saving && !submitting} onClick={() => void save(false)} data-testid="save-draft">
                      {t('applications.form.saveDraft')}
                    </Button>
                    {app.actions.includes('submit') ? (
                      <Popconfirm title={t('applications.form.submitConfirm')} description={t('applications.form.submitConfirmHint')} onConfirm={() => void submit()} okButtonProps={{ 'data-testid': 'submit-confirm' }}>
                        <Button type="primary" icon={<SendOutlined />} loading={submitting} disabled={overCap} data-testid="submit-application">
                          {t('applications.form.submit')}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Space>
                </Flex>
              </Card>
            </Flex>
          </Form>
        </Col>
        <Col xs={0} xl={5}>
          <Anchor offsetTop={80} targetOffset={80} items={SECTIONS.map((s) => ({ key: s.key, href: `#sec-${s.key}`, title: t(s.label) }))} onClick={(e) => e.preventDefault()} data-testid="section-nav" />
        </Col>
      </Row>
    </>
  );
}
