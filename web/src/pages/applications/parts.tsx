import { useEffect, useState } from 'react';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { ApplicationStatus, ApplicationSummary, NextStep } from './model.ts';

const STATUS_COLORS: Record<ApplicationStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`applications.status.${status}`)}
    </Tag>
  );
}

/** What the server asks of the applicant next, in words, with the date that matters. */
export function NextStepText({ app }: { app: Pick<ApplicationSummary, 'nextStep' | 'deadline' | 'correctionDueAt'> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const step: NextStep | null = app.nextStep;
  if (!step) return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
  const text = t(`applications.nextStep.${step}`, {
    deadline: formatDateTime(app.deadline, lang),
    due: formatDateTime(app.correctionDueAt ?? app.deadline, lang),
  });
  const strong = step === 'complete_and_submit' || step === 'correct_and_resubmit' || step === 'sign_contract';
  return (
    <Typography.Text type={strong ? 'warning' : 'secondary'} strong={strong} data-testid="next-step" data-next-step={step}>
      {text}
    </Typography.Text>
  );
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** Time left until an instant: "3 天 04:05:06", or "已截止" once it passed (the server decides, this only informs). */
export function Countdown({ until, testId }: { until: string; testId?: string }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const left = new Date(until).getTime() - now;
  if (!Number.isFinite(left)) return null;
  if (left <= 0) {
    return (
      <Typography.Text type="danger" data-testid={testId}>
        {t('applications.closed')}
      </Typography.Text>
    );
  }
  const s = Math.floor(left / 1000);
  const days = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  const text = days > 0 ? t('applications.countdownDays', { days, time: hms }) : t('applications.countdown', { time: hms });
  return (
    <Typography.Text type={days < 3 ? 'danger' : undefined} data-testid={testId}>
      {text}
    </Typography.Text>
  );
}

/** "2026/03/01 17:00（北京时间）" with the countdown next to it. */
export function DeadlineWithCountdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <span data-testid="deadline">
      {t('applications.beijingTime', { time: formatDateTime(deadline, lang) })} · <Countdown until={deadline} testId="countdown" />
    </span>
  );
}
