import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../applications/model.ts';

export type NoticeState = 'running' | 'ended' | 'closed';

/** Running while the period lasts; ended once it is over; closed when an officer closed it (revoked ones are never public). */
export function noticeState(n: Pick<Notice, 'status' | 'period'>): NoticeState {
  if (n.status !== 'open') return 'closed';
  return n.period;
}

const COLORS: Record<NoticeState, string> = { running: 'processing', ended: 'warning', closed: 'default' };

export function NoticeStateTag({ notice }: { notice: Pick<Notice, 'status' | 'period'> }) {
  const { t } = useTranslation();
  const s = noticeState(notice);
  return (
    <Tag color={COLORS[s]} style={{ marginInlineEnd: 0 }} data-testid="notice-state" data-state={s}>
      {t(`publicChallenges.noticeStates.${s}`)}
    </Tag>
  );
}
