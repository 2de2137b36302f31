import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Card, Descriptions, Flex, Skeleton, Steps, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { raceApi } from './api.ts';
import { GATE_STATUS_COLORS, RACE_STATUS_COLORS, type BoardTeam, type DecisionBody, type RaceDetail, type RaceGate } from './model.ts';
import { GatePanel } from './GatePanel.tsx';
import { TeamBoard } from './TeamBoard.tsx';
import { MoneyChart } from './MoneyChart.tsx';

/** The gates in order: decided ones done, the current one in progress, later ones waiting. */
function GateTimeline({ race }: { race: RaceDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const current = race.gates.findIndex((g) => g.id === race.currentGateId);
  return (
    <Steps
      size="small"
      current={current < 0 ? race.gates.length : current}
      status={race.status === 'finished' && race.outcome === 'no_winner' ? 'error' : undefined}
      responsive
      data-testid="gate-timeline"
      items={race.gates.map((g) => ({
        title: <span data-testid={`gate-step-${g.seq}`}>{`${t('racesUi.gateN', { seq: g.seq })} · ${g.title}`}</span>,
        status: g.status === 'decided' ? 'finish' : g.id === race.currentGateId ? 'process' : 'wait',
        content: (
          <Flex vertical gap={2}>
            <span>{g.dueOn}</span>
            <span>
              <Tag color={GATE_STATUS_COLORS[g.status]}>{t(`racesUi.gateStatus.${g.status}`)}</Tag>
            </span>
            {g.decidedAt ? <Typography.Text type="secondary">{t('racesUi.board.decidedAt', { time: formatDateTime(g.decidedAt, lang) })}</Typography.Text> : null}
          </Flex>
        ),
      }))}
    />
  );
}

/** /races/:id — the race board: gate timeline, the current gate's actions, the teams side by side and the money released. */
export default function RacePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const loaded = useApiData((signal) => raceApi.get(id, signal), [id]);
  const board = useApiData((signal) => raceApi.board(id, signal), [id]);
  const [race, setRace] = useState<RaceDetail | undefined>(undefined);
  useEffect(() => setRace(loaded.data), [loaded.data]);
  const reloadBoard = board.reload;
  // Every command answers with the race; the board (money, evidence, scores) is read again after it.
  const changed = useCallback(
    (r: RaceDetail) => {
      setRace(r);
      reloadBoard();
    },
    [reloadBoard],
  );
  const onDecision = async (team: BoardTeam, gate: RaceGate, body: DecisionBody) => {
    try {
      changed(await raceApi.recordDecision(id, gate.id, team.id, body));
      void message.success(t('racesUi.gate.recorded'));
      return true;
    } catch (err) {
      void message.error(errorText(err));
      return false;
    }
  };

  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!race) return <Skeleton active />;
  const r = race;
  const winners = r.teams.filter((x) => x.status === 'winner');
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span>{r.title}</span>
            <Tag color={RACE_STATUS_COLORS[r.status]} data-testid="race-status">
              {t(`racesUi.status.${r.status}`)}
            </Tag>
          </Flex>
        }
        subtitle={
          <span>
            <span className="kc-mono">{r.code}</span>
            {' · '}
            <Link to={`/challenges/${r.challenge.id}`}>{r.challenge.title}</Link>
          </span>
        }
        extra={
          <>
            {r.actions.includes('export') ? <ExportButton href={(f) => raceApi.exportHref(r.id, f)} hint={t('racesUi.board.exportHint')} testId="race-export" /> : null}
            <Link to="/races">{t('racesUi.back')}</Link>
          </>
        }
      />
      {r.status === 'finished' ? (
        <Alert
          type={winners.length ? 'success' : 'warning'}
          showIcon
          icon={winners.length ? <TrophyOutlined /> : undefined}
          style={{ marginBottom: 16 }}
          title={winners.length ? t('racesUi.board.finishedWinners', { names: winners.map((x) => x.organizationName).join('、') }) : t('racesUi.board.finishedNone')}
          data-testid="race-finished"
        />
      ) : null}
      <Card variant="borderless" style={{ marginBottom: 16 }} title={t('racesUi.board.schedule')}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('racesUi.board.challenge')}>
            <span className="kc-mono">{r.challenge.code}</span>&nbsp;{r.challenge.title}
          </Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.rule')}>{t(`racesUi.rules.${r.fundsRule}`)}</Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.teams')}>{`${r.teams.filter((x) => x.status !== 'eliminated').length} / ${r.teams.length}`}</Descriptions.Item>
        </Descriptions>
        <GateTimeline race={r} />
      </Card>
      {board.data ? <GatePanel race={r} board={board.data} onChange={changed} /> : null}
      {board.error ? <LoadError error={board.error} onRetry={board.reload} /> : null}
      {board.data ? (
        <>
          <TeamBoard race={r} board={board.data} onDecision={onDecision} />
          {board.data.teams.some((x) => x.money) ? (
            <Card variant="borderless" style={{ marginTop: 16 }} title={t('racesUi.board.chartTitle')}>
              <MoneyChart teams={board.data.teams} />
            </Card>
          ) : null}
        </>
      ) : (
        <Skeleton active />
      )}
    </>
  );
}
