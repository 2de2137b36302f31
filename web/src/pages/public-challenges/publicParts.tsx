import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import type { PublicChallenge } from '../applications/model.ts';

type Stage = PublicChallenge['stage'];

const STAGE_COLORS: Record<Stage, string> = {
  draft: 'default',
  pending_approval: 'default',
  approved: 'default',
  open: 'green',
  formal_check: 'blue',
  review: 'geekblue',
  notice: 'orange',
  awarded: 'gold',
  not_awarded: 'default',
  cancelled: 'default',
};

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-testid="stage" data-stage={stage}>
      {t(`publicChallenges.stages.${stage}`)}
    </Tag>
  );
}

/** A challenge's field is one of the priority fields; anything else is shown as written. */
export function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation();
  return (field: string) => ((PRIORITY_FIELDS as readonly string[]).includes(field) ? t(`priorityFields.${field as PriorityField}`) : field);
}
