import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import zhCN from '../../i18n/zh-CN.ts';

type ActionKey = keyof typeof zhCN.auditActions;
type TargetKey = keyof typeof zhCN.auditTargets;

export const KNOWN_TARGET_TYPES = Object.keys(zhCN.auditTargets) as TargetKey[];

/** Action prefixes offered in the filter: each module's namespace and every known action. */
export const ACTION_SUGGESTIONS: string[] = (() => {
  const actions = Object.keys(zhCN.auditActions).map((k) => k.replace('_', '.'));
  const prefixes = [...new Set(actions.map((a) => a.split('.')[0] + '.'))];
  return [...prefixes.sort(), ...actions.sort()];
})();

function actionKey(action: string): ActionKey | null {
  const key = action.replace('.', '_');
  return key in zhCN.auditActions ? (key as ActionKey) : null;
}

/** Readable names for audit actions and target types; unknown ones (from newer modules) show as recorded. */
export function useAuditLabels() {
  const { t } = useTranslation();
  const actionLabel = useCallback(
    (action: string) => {
      const key = actionKey(action);
      return key ? t(`auditActions.${key}`) : action;
    },
    [t],
  );
  const targetLabel = useCallback(
    (type: string) => (type in zhCN.auditTargets ? t(`auditTargets.${type as TargetKey}`) : type),
    [t],
  );
  return { actionLabel, targetLabel };
}
