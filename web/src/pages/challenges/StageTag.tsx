import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STAGE_COLORS, type Stage } from './model.ts';

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-testid="stage-tag">
      {t(`challenges.stages.${stage}`)}
    </Tag>
  );
}
