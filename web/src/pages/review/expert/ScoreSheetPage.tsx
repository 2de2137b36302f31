import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Input, InputNumber, Row, Slider, Statistic, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, SaveOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call } from '../../../api/client.ts';
import { useLang } from '../../../i18n/index.ts';
import { useErrorText } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiData } from '../../../lib/useApiData.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { NotFoundPage } from '../../errors/NotFoundPage.tsx';
import { ReadingPane } from './ReadingPane.tsx';
import { liveTotal, validScore, type Criterion, type ExpertSheet, type SheetValues } from './model.ts';

const AUTOSAVE_MS = 5000;

/** One scoring sheet: the proposal on the left, the form on the right; drafts save themselves, submission locks. */
export default function ScoreSheetPage() {
  const { id = '' } = useParams();
  const data = useApiData((signal) => call(api.GET('/api/v1/review/sheets/{id}', { params: { path: { id } }, signal })), [id]);
  if (data.error instanceof ApiError && data.error.status === 404) return <NotFoundPage signedIn />;
  if (data.error) return <LoadError error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Card loading variant="borderless" />;
  return <SheetView key={`${data.data.sheet.id}:${data.data.sheet.status}`} view={data.data} onReload={data.reload} />;
}

function SheetView({ view, onReload }: { view: ExpertSheet; onReload: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const sheetId = view.sheet.id;
  const editable = view.actions.includes('save');
  const criteria = view.round.criteria;
  const [values, setValues] = useState<SheetValues>({ scores: view.sheet.scores, comments: view.sheet.comments, overallComment: view.sheet.overallComment });
  const [savedAt, setSavedAt] = useState(view.sheet.started ? view.sheet.savedAt : null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  // Edits count up; a save records which edit it sent, so typing during a save keeps the form dirty.
  const edits = useRef(0);
  const savedEdit = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const dirty = edits.current !== savedEdit.current;

  const change = (next: (v: SheetValues) => SheetValues) => {
    edits.current++;
    setValues(next);
  };

  const save = useCallback(async () => {
    if (!editable || edits.current === savedEdit.current) return;
    if (inFlight.current) await inFlight.current;
    const sending = edits.current;
    const v = valuesRef.current;
    const body = { ...v, scores: Object.fromEntries(Object.entries(v.scores).filter(([k, s]) => validScore(s, criteria.find((c) => c.key === k)?.scaleMax ?? 0))) };
    setSaving(true);
    const p = (async () => {
      try {
        const s = await call(api.PUT('/api/v1/review/sheets/{id}', { params: { path: { id: sheetId } }, body }));
        savedEdit.current = sending;
        setSavedAt(s.savedAt);
        setFailure(null);
      } catch (err) {
        setFailure(err);
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    inFlight.current = p;
    await p;
  }, [editable, sheetId, criteria]);

  useEffect(() => {
    if (!editable) return;
    const timer = window.setInterval(() => void save(), AUTOSAVE_MS);
    return () => window.clearInterval(timer);
  }, [editable, save]);

  const total = liveTotal(criteria, values.scores);
  const missing = criteria.filter((c) => values.scores[c.key] === undefined || (c.commentRequired && !(values.comments[c.key] ?? '').trim())).length + (view.round.commentRequired && !values.overallComment.trim() ? 1 : 0);
  const invalid = criteria.some((c) => values.scores[c.key] !== undefined && !validScore(values.scores[c.key]!, c.scaleMax));

  const submit = async () => {
    setFailure(null);
    setServerErrors({});
    try {
      if (inFlight.current) await inFlight.current;
      await call(api.POST('/api/v1/review/sheets/{id}/submit', { params: { path: { id: sheetId } }, body: valuesRef.current }));
      savedEdit.current = edits.current;
      void message.success(t('scoringUi.sheet.submitted'));
      onReload();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) setServerErrors(Object.fromEntries(err.fieldErrors.map((e) => [e.path, (lang === 'en' ? e.message : ((e as { zh?: string }).zh ?? e.message))])));
      setFailure(err);
    }
  };
  const confirmSubmit = () => {
    modal.confirm({
      title: t('scoringUi.sheet.confirmSubmit'),
      content: t('scoringUi.sheet.confirmSubmitBody', { total: total === null ? t('common.empty') : total.toFixed(2) }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-submit' },
      onOk: submit,
    });
  };

  const deadlinePassed = view.round.status === 'open' && view.sheet.status === 'draft' && !editable;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Link to="/review/my">
            <ArrowLeftOutlined /> {t('scoringUi.sheet.back')}
          </Link>
          <Typography.Title level={3} style={{ margin: '4px 0' }}>
            {view.round.name}
          </Typography.Title>
          <Flex gap={8} wrap>
            <Tag>{t(`scoringUi.blind.${view.round.blind}`)}</Tag>
            <Typography.Text type="secondary">
              {t('scoringUi.my.deadline')}：{formatDateTime(view.round.deadline, lang)}
            </Typography.Text>
          </Flex>
        </div>
      </Flex>
      {view.sheet.status === 'submitted' ? <Alert type="success" showIcon title={t('scoringUi.sheet.locked', { time: formatDateTime(view.sheet.submittedAt, lang) })} data-testid="sheet-locked" /> : null}
      {view.sheet.status === 'draft' && view.sheet.returnedReason ? <Alert type="warning" showIcon title={t('scoringUi.sheet.returnedNotice', { reason: view.sheet.returnedReason })} /> : null}
      {deadlinePassed ? <Alert type="error" showIcon title={t('scoringUi.sheet.deadlinePassed', { time: formatDateTime(view.round.deadline, lang) })} /> : null}
      {view.round.status !== 'open' && view.sheet.status === 'draft' ? <Alert type="info" showIcon title={t('scoringUi.sheet.closedNotice')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <ReadingPane item={view.item} blind={view.round.blind} />
        </Col>
        <Col xs={24} xl={11}>
          <Card
            variant="borderless"
            title={t('scoringUi.sheet.form')}
            extra={
              editable ? (
                <Typography.Text type="secondary" data-testid="saved-at">
                  {saving ? t('scoringUi.sheet.saving') : dirty ? t('scoringUi.sheet.unsaved') : savedAt ? t('scoringUi.sheet.savedAt', { time: formatDateTime(savedAt, lang, true) }) : null}
                </Typography.Text>
              ) : null
            }
            style={{ position: 'sticky', top: 16 }}
          >
            <Flex vertical gap={20} onBlur={() => void save()}>
              {criteria.map((c) => (
                <CriterionField
                  key={c.key}
                  c={c}
                  score={values.scores[c.key]}
                  comment={values.comments[c.key] ?? ''}
                  disabled={!editable}
                  serverError={serverErrors[`scores.${c.key}`] ?? serverErrors[`comments.${c.key}`]}
                  onScore={(v) => change((x) => ({ ...x, scores: v === null ? Object.fromEntries(Object.entries(x.scores).filter(([k]) => k !== c.key)) : { ...x.scores, [c.key]: v } }))}
                  onComment={(text) => change((x) => ({ ...x, comments: { ...x.comments, [c.key]: text } }))}
                />
              ))}
              <div>
                <Typography.Text strong>{t('scoringUi.sheet.overall')}</Typography.Text>
                {view.round.commentRequired ? <Typography.Text type="danger"> *</Typography.Text> : null}
                <Input.TextArea
                  rows={4}
                  maxLength={10000}
                  showCount
                  value={values.overallComment}
                  disabled={!editable}
                  status={serverErrors.overallComment ? 'error' : undefined}
                  onChange={(e) => change((x) => ({ ...x, overallComment: e.target.value }))}
                  data-testid="overall-comment"
                  style={{ marginTop: 6 }}
                />
                {serverErrors.overallComment ? <Typography.Text type="danger">{serverErrors.overallComment}</Typography.Text> : null}
              </div>
              <Card size="small" style={{ background: 'var(--ant-color-fill-quaternary)' }}>
                <Statistic title={t('scoringUi.sheet.liveTotal')} value={total === null ? '—' : total.toFixed(2)} data-testid="live-total" />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('scoringUi.sheet.liveTotalHint')}
                </Typography.Text>
              </Card>
              {failure ? <Alert type="error" showIcon title={errorText(failure)} /> : null}
              {editable ? (
                <Flex gap={8} justify="flex-end" align="center" wrap>
                  {missing ? <Typography.Text type="secondary">{t('scoringUi.sheet.missing', { count: missing })}</Typography.Text> : null}
                  <Button icon={<SaveOutlined />} onClick={() => void save()} loading={saving} disabled={invalid} data-testid="save-draft">
                    {t('scoringUi.sheet.save')}
                  </Button>
                  <Button type="primary" icon={<CheckOutlined />} onClick={confirmSubmit} disabled={invalid || missing > 0} data-testid="submit-sheet">
                    {t('scoringUi.sheet.submit')}
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

function CriterionField({ c, score, comment, disabled, serverError, onScore, onComment }: { c: Criterion; score: number | undefined; comment: string; disabled: boolean; serverError: string | undefined; onScore: (v: number | null) => void; onComment: (v: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const bad = score !== undefined && !validScore(score, c.scaleMax);
  const guidance = lang === 'en' ? (c.guidanceEn ?? c.guidanceZh) : (c.guidanceZh ?? c.guidanceEn);
  return (
    <div data-testid={`criterion-${c.key}`}>
      <Flex justify="space-between" align="baseline" wrap>
        <Typography.Text strong>{lang === 'en' ? c.nameEn : c.nameZh}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('scoringUi.sheet.weight', { weight: c.weight })} · {t('scoringUi.sheet.scale', { max: c.scaleMax })}
        </Typography.Text>
      </Flex>
      {guidance ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }}>
          {guidance}
        </Typography.Paragraph>
      ) : null}
      <Flex gap={12} align="center">
        <InputNumber<number>
          min={0}
          max={c.scaleMax}
          step={0.5}
          value={score ?? null}
          disabled={disabled}
          status={bad || serverError ? 'error' : undefined}
          onChange={(v) => onScore(v ?? null)}
          aria-label={`${lang === 'en' ? c.nameEn : c.nameZh} ${t('scoringUi.sheet.score')}`}
          data-testid={`score-input-${c.key}`}
          style={{ width: 110 }}
        />
        <Slider min={0} max={c.scaleMax} step={0.5} value={score ?? 0} disabled={disabled} onChange={(v) => onScore(v)} style={{ flex: 1 }} tooltip={{ formatter: (v) => v }} />
      </Flex>
      {bad ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('scoringUi.sheet.scoreRange', { max: c.scaleMax })}</Typography.Text> : null}
      <Input.TextArea
        rows={2}
        maxLength={5000}
        value={comment}
        disabled={disabled}
        placeholder={c.commentRequired ? t('scoringUi.sheet.commentRequired') : t('scoringUi.sheet.comment')}
        onChange={(e) => onComment(e.target.value)}
        data-testid={`comment-${c.key}`}
        style={{ marginTop: 6 }}
      />
      {serverError ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{serverError}</Typography.Text> : null}
    </div>
  );
}
