import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Skeleton, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { formatDateTime, formatDayEnd } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { EMAIL_PATTERN } from '../../lib/validation.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { formatWan, type Notice } from '../applications/model.ts';
import { PublicShell, publicHref, usePublicTenant } from './PublicShell.tsx';
import { NoticeStateTag, noticeState } from './noticeParts.tsx';

/** Printed notices: no header, navigation or form; black on white. */
const PRINT_CSS = `
@media print {
  .ant-layout-header, .kc-no-print { display: none !important; }
  html, body, .ant-layout, .ant-layout-content, .ant-card, .ant-table, .ant-table-cell, .ant-descriptions-view { background: #fff !important; }
  .kc-notice, .kc-notice * { color: #000 !important; box-shadow: none !important; }
  .kc-notice .ant-card { border: none !important; }
  .kc-notice .ant-tag { border-color: #000 !important; background: #fff !important; }
  .ant-layout-content { padding: 0 !important; max-width: none !important; }
}
`;

interface ObjectionValues {
  name: string;
  organization: string;
  phone: string;
  email: string;
  content: string;
}

const PHONE = /^[0-9+\-() ]{5,30}$/;

function ObjectionForm({ notice, slug }: { notice: Notice; slug: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const [form] = Form.useForm<ObjectionValues>();
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<{ id: string; receivedAt: string } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const finish = async (v: ObjectionValues) => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await call(
        api.POST('/api/v1/public/notices/{id}/objections', {
          params: { path: { id: notice.id }, query: { tenant: slug } },
          body: { name: v.name.trim(), organization: v.organization.trim() || null, phone: v.phone.trim() || null, email: v.email.trim() || null, content: v.content.trim() },
        }),
      );
      setReceipt(r);
      form.resetFields();
    } catch (err) {
      if (!applyFieldErrors(form, err, ['name', 'organization', 'phone', 'email', 'content'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <Result
        status="success"
        title={t('publicChallenges.objectionReceived')}
        subTitle={
          <span data-testid="objection-receipt">
            {t('publicChallenges.objectionReceipt', { id: receipt.id, time: formatDateTime(receipt.receivedAt, lang) })}
          </span>
        }
        extra={<Button onClick={() => setReceipt(null)}>{t('publicChallenges.objectionAnother')}</Button>}
      />
    );
  }
  const rateLimited = failure instanceof ApiError && failure.status === 429;
  const contactRule = ({ getFieldValue }: { getFieldValue: (n: string) => string | undefined }) => ({
    validator: () => ((getFieldValue('phone') ?? '').trim() || (getFieldValue('email') ?? '').trim() ? Promise.resolve() : Promise.reject(new Error(t('publicChallenges.contactRequired')))),
  });
  return (
    <Form<ObjectionValues> form={form} layout="vertical" initialValues={{ name: '', organization: '', phone: '', email: '', content: '' }} onFinish={(v) => void finish(v)} data-testid="objection-form">
      <Typography.Paragraph type="secondary">{t('publicChallenges.objectionHint', { end: formatDayEnd(notice.endsAt, lang) })}</Typography.Paragraph>
      <Flex gap={16} wrap>
        <Form.Item name="name" label={t('publicChallenges.objectionName')} rules={[{ required: true, whitespace: true, message: t('publicChallenges.objectionNameRequired') }, { max: 100, message: t('applications.form.tooLong', { max: 100 }) }]} style={{ flex: '1 1 200px' }}>
          <Input maxLength={100} data-testid="objection-name" />
        </Form.Item>
        <Form.Item name="organization" label={t('publicChallenges.objectionOrganization')} rules={[{ max: 200, message: t('applications.form.tooLong', { max: 200 }) }]} style={{ flex: '1 1 260px' }}>
          <Input maxLength={200} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="phone" label={t('publicChallenges.objectionPhone')} dependencies={['email']} rules={[contactRule, { pattern: PHONE, message: t('applications.form.phoneInvalid') }]} style={{ flex: '1 1 200px' }}>
          <Input maxLength={30} data-testid="objection-phone" />
        </Form.Item>
        <Form.Item name="email" label={t('publicChallenges.objectionEmail')} dependencies={['phone']} rules={[contactRule, { pattern: EMAIL_PATTERN, message: t('applications.form.emailInvalid') }]} style={{ flex: '1 1 260px' }}>
          <Input maxLength={200} data-testid="objection-email" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="content"
        label={t('publicChallenges.objectionContent')}
        rules={[
          { required: true, whitespace: true, message: t('publicChallenges.objectionContentRequired') },
          { min: 5, message: t('publicChallenges.objectionContentShort') },
          { max: 5000, message: t('applications.form.tooLong', { max: 5000 }) },
        ]}
      >
        <Input.TextArea rows={5} maxLength={5000} showCount data-testid="objection-content" />
      </Form.Item>
      {failure ? <Alert type={rateLimited ? 'warning' : 'error'} showIcon title={rateLimited ? t('publicChallenges.objectionRateLimited') : errorText(failure)} style={{ marginBottom: 16 }} data-testid="objection-error" /> : null}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="objection-submit">
        {t('publicChallenges.objectionSubmit')}
      </Button>
    </Form>
  );
}

/** /public/notices/:id — a result notice (公示), printable, with the objection form while it runs. */
export default function PublicNoticePage() {
  return (
    <PublicShell>
      <style>{PRINT_CSS}</style>
      <NoticeDetail />
    </PublicShell>
  );
}

function NoticeDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const { slug, tenant } = usePublicTenant();
  const data = useApiData((signal) => (slug ? call(api.GET('/api/v1/public/notices/{id}', { params: { path: { id }, query: { tenant: slug } }, signal })) : Promise.resolve(null)), [id, slug]);
  if (data.error instanceof ApiError && data.error.status === 404) {
    return <Result status="404" title={t('publicChallenges.noticeNotFound')} extra={<Link to={publicHref('/public/notices', slug)}>{t('publicChallenges.backToNotices')}</Link>} />;
  }
  if (data.error) return <LoadError error={data.error} onRetry={data.reload} />;
  const n = data.data;
  if (!n || !slug) return <Skeleton active paragraph={{ rows: 8 }} />;
  const state = noticeState(n);
  const issuer = tenant ? (lang === 'en' ? tenant.nameEn : tenant.nameZh) : '';

  return (
    <div className="kc-notice" style={{ maxWidth: 960, margin: '0 auto' }}>
      <Flex justify="space-between" className="kc-no-print" style={{ marginBottom: 12 }}>
        <Link to={publicHref('/public/notices', slug)}>{t('publicChallenges.backToNotices')}</Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('publicChallenges.print')}
        </Button>
      </Flex>
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }} data-testid="notice-title">
          {t('publicChallenges.noticeHeading', { title: n.challengeTitle })}
        </Typography.Title>
        <Flex justify="center" style={{ marginBottom: 16 }}>
          <NoticeStateTag notice={n} />
        </Flex>
        <Typography.Paragraph>{t('publicChallenges.noticeIntro', { code: n.challengeCode, title: n.challengeTitle, days: n.workingDays })}</Typography.Paragraph>
        <Table
          size="small"
          rowKey="applicationId"
          pagination={false}
          dataSource={n.awardees}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('publicChallenges.noAwardees') }}
          columns={[
            { key: 'org', title: t('publicChallenges.awardeeOrganization'), render: (_v, a) => (lang === 'en' && a.organizationNameEn ? a.organizationNameEn : a.organizationName) },
            { key: 'project', title: t('publicChallenges.awardeeProject'), render: (_v, a) => a.title },
            { key: 'budget', title: t('publicChallenges.awardeeBudget'), align: 'right', render: (_v, a) => formatWan(a.budgetTotalFen, lang) },
          ]}
          data-testid="notice-awardees"
          style={{ marginBottom: 16 }}
        />
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('publicChallenges.noticeReason')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.reason}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('publicChallenges.noticePeriod')}>{t('publicChallenges.periodRange', { from: n.startsOn, to: n.endsOn, days: n.workingDays })}</Descriptions.Item>
          <Descriptions.Item label={t('publicChallenges.noticeEndsAt')}>{t('applications.beijingTime', { time: formatDayEnd(n.endsAt, lang) })}</Descriptions.Item>
          <Descriptions.Item label={t('publicChallenges.publishedAt')}>{formatDateTime(n.publishedAt, lang)}</Descriptions.Item>
          {n.closedAt ? <Descriptions.Item label={t('publicChallenges.closedAt')}>{formatDateTime(n.closedAt, lang)}</Descriptions.Item> : null}
          <Descriptions.Item label={t('publicChallenges.objectionCount')}>{t('publicChallenges.objectionCounts', { total: n.objectionCount, open: n.openObjectionCount })}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 16 }}>{t('publicChallenges.noticeContact')}</Typography.Paragraph>
        <Typography.Paragraph style={{ textAlign: 'right', margin: 0 }}>
          {issuer}
          <br />
          {formatDateTime(n.publishedAt, lang).slice(0, 10)}
        </Typography.Paragraph>
        <div className="kc-no-print" style={{ marginTop: 8 }}>
          <Link to={publicHref(`/public/challenges/${n.challengeId}`, slug)}>{t('publicChallenges.viewChallenge')}</Link>
        </div>
      </Card>
      <Card variant="borderless" title={t('publicChallenges.objectionTitle')} className="kc-no-print">
        {state === 'running' ? <ObjectionForm notice={n} slug={slug} /> : <Typography.Text type="secondary">{t('publicChallenges.objectionClosed')}</Typography.Text>}
      </Card>
    </div>
  );
}
