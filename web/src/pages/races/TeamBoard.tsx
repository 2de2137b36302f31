import type { ReactNode } from 'react';
import { Alert, Card, Descriptions, Divider, Flex, Form, Input, Radio, Tag, theme, Typography } from 'antd';
import { CloseCircleOutlined, PaperClipOutlined, TrophyOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../challenges/model.ts';
import { FormButton } from '../contracts/parts.tsx';
import { formatScore, OUTCOME_COLORS, OUTCOMES, TEAM_STATUS_COLORS, type BoardCell, type BoardTeam, type DecisionBody, type Outcome, type RaceBoard, type RaceDetail, type RaceGate } from './model.ts';

type DecisionValues = { outcome?: Outcome; reason?: string; conditions?: string };

const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${formatYuan(fen)}`);

/** The outcome of a team at a gate, with the rule the reader needs: an elimination's reason, a conditional pass's conditions. */
function OutcomeView({ cell }: { cell: BoardCell }) {
  const { t } = useTranslation();
  if (!cell.outcome) return <Tag>{t('racesUi.board.pending')}</Tag>;
  return (
    <Flex vertical gap={4}>
      <span>
        <Tag color={OUTCOME_COLORS[cell.outcome]} data-testid={`outcome-${cell.seq}`}>
          {t(`racesUi.outcome.${cell.outcome}`)}
        </Tag>
      </span>
      {cell.reason ? <Typography.Text type="danger">{t('racesUi.board.reasonText', { text: cell.reason })}</Typography.Text> : null}
      {cell.conditions ? <Typography.Text type="warning">{t('racesUi.board.conditionsText', { text: cell.conditions })}</Typography.Text> : null}
    </Flex>
  );
}

/** One gate of one team: targets against the figures shown, the evidence files, the review's score and rank, the outcome and the money it moved. */
function GateCell({ team, cell, gate, action }: { team: BoardTeam; cell: BoardCell; gate: RaceBoard['gates'][number]; action: ReactNode }) {
  const { t } = useTranslation();
  const figures = cell.evidence?.items.filter((x) => x.kind === 'figure') ?? [];
  const files = cell.evidence?.items.filter((x) => x.kind === 'file' && x.file) ?? [];
  return (
    <div data-testid={`team-gate-${gate.seq}`}>
      <Divider titlePlacement="start" style={{ margin: '12px 0 8px' }}>
        {`${t('racesUi.gateN', { seq: gate.seq })} · ${gate.title}`}
      </Divider>
      {team.full ? (
        <Flex vertical gap={6}>
          <div>
            <Typography.Text type="secondary">{t('racesUi.board.targets')}</Typography.Text>
            <ul style={{ margin: '2px 0 0', paddingLeft: 18 }}>
              {gate.targets.map((x, i) => (
                <li key={i}>{`${x.indicator}：${x.target}${x.unit ? ` ${x.unit}` : ''}`}</li>
              ))}
            </ul>
          </div>
          <div>
            <Typography.Text type="secondary">{t('racesUi.board.figures')}</Typography.Text>
            {cell.evidence ? (
              <ul style={{ margin: '2px 0 0', paddingLeft: 18 }} data-testid={`figures-${gate.seq}`}>
                {figures.map((x, i) => (
                  <li key={i}>{`${x.label}：${x.value ?? '—'}`}</li>
                ))}
                {files.map((x, i) => (
                  <li key={`f${i}`}>
                    <a href={`/api/v1/files/${x.file!.id}/content`} download>
                      <PaperClipOutlined /> {x.file!.name}
                    </a>
                  </li>
                ))}
                {cell.evidence.note ? <li>{cell.evidence.note}</li> : null}
              </ul>
            ) : (
              <div>
                <Typography.Text type="secondary">{t('racesUi.board.noEvidence')}</Typography.Text>
              </div>
            )}
          </div>
          <Flex gap={16} wrap>
            <span>
              <Typography.Text type="secondary">{t('racesUi.board.scoreLabel')}</Typography.Text>
              <strong data-testid={`score-${gate.seq}`} style={{ marginInlineStart: 4 }}>{formatScore(cell.scoreCenti)}</strong>
            </span>
            {cell.rank !== null ? <Tag color="blue">{t('racesUi.board.rankOf', { rank: cell.rank })}</Tag> : null}
          </Flex>
          <OutcomeView cell={cell} />
          {cell.releasedFen || cell.cancelledFen || cell.reallocatedInFen || cell.reallocatedOutFen ? (
            <Flex gap={12} wrap>
              {cell.releasedFen ? <Typography.Text type="success">{`${t('racesUi.board.released')} ${money(cell.releasedFen)}`}</Typography.Text> : null}
              {cell.reallocatedInFen ? <Typography.Text>{`${t('racesUi.board.reallocatedIn')} ${money(cell.reallocatedInFen)}`}</Typography.Text> : null}
              {cell.reallocatedOutFen ? <Typography.Text>{`${t('racesUi.board.reallocatedOut')} ${money(cell.reallocatedOutFen)}`}</Typography.Text> : null}
              {cell.cancelledFen ? <Typography.Text type="danger">{`${t('racesUi.board.cancelled')} ${money(cell.cancelledFen)}`}</Typography.Text> : null}
            </Flex>
          ) : null}
        </Flex>
      ) : (
        <OutcomeView cell={cell} />
      )}
      {action}
    </div>
  );
}

/** Records (or changes) a team's outcome at the gate; a reason or conditions are required as you type. */
function DecisionButton({ race, gate, team, onChange }: { race: RaceDetail; gate: RaceGate; team: BoardTeam; onChange: (body: DecisionBody) => Promise<boolean> }) {
  const { t } = useTranslation();
  const current = gate.decisions.find((d) => d.teamId === team.id);
  return (
    <div style={{ marginTop: 8 }}>
      <FormButton<DecisionValues>
        label={t('racesUi.gate.record')}
        title={t('racesUi.gate.recordTitle', { team: team.organizationName, seq: gate.seq })}
        testId="record-decision"
        type={current?.outcome ? 'default' : 'primary'}
        initial={{ outcome: current?.outcome ?? undefined, reason: current?.reason ?? '', conditions: current?.conditions ?? '' }}
        onSubmit={(v) =>
          onChange({
            outcome: v.outcome!,
            reason: v.outcome === 'eliminate' ? (v.reason ?? '').trim() : null,
            conditions: v.outcome === 'pass_with_conditions' ? (v.conditions ?? '').trim() : null,
          })
        }
      >
        <Typography.Paragraph type="secondary">{`${race.title} · ${t('racesUi.board.score')} ${formatScore(current?.scoreCenti ?? null)}${current?.rank ? ` · ${t('racesUi.board.rankOf', { rank: current.rank })}` : ''}`}</Typography.Paragraph>
        <Form.Item name="outcome" label={t('racesUi.gate.outcomeLabel')} rules={[{ required: true, message: t('racesUi.required') }]}>
          <Radio.Group data-testid="decision-outcome">
            {OUTCOMES.map((o) => (
              <Radio.Button key={o} value={o} data-testid={`decision-${o}`}>
                {t(`racesUi.outcome.${o}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a: DecisionValues, b: DecisionValues) => a.outcome !== b.outcome}>
          {({ getFieldValue }) =>
            getFieldValue('outcome') === 'eliminate' ? (
              <Form.Item name="reason" label={t('racesUi.gate.reasonLabel')} rules={[{ required: true, whitespace: true, message: t('racesUi.gate.reasonRequired') }]}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="decision-reason" />
              </Form.Item>
            ) : getFieldValue('outcome') === 'pass_with_conditions' ? (
              <Form.Item name="conditions" label={t('racesUi.gate.conditionsLabel')} rules={[{ required: true, whitespace: true, message: t('racesUi.gate.conditionsRequired') }]}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="decision-conditions" />
              </Form.Item>
            ) : null
          }
        </Form.Item>
      </FormButton>
    </div>
  );
}

/** A team's column: who, status (eliminated with the reason, or winner), money, and every gate reached. */
function TeamColumn({ race, board, team, onDecision }: { race: RaceDetail; board: RaceBoard; team: BoardTeam; onDecision: (team: BoardTeam, gate: RaceGate, body: DecisionBody) => Promise<boolean> }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const eliminated = team.status === 'eliminated';
  const winner = team.status === 'winner';
  const current = race.gates.find((g) => g.id === race.currentGateId);
  const m = team.money;
  return (
    <Card
      size="small"
      data-testid="team-card"
      data-team={team.organizationName}
      style={{ flex: '1 1 300px', minWidth: 280, borderColor: eliminated ? token.colorError : winner ? token.colorWarning : undefined, borderWidth: eliminated || winner ? 2 : 1, opacity: eliminated ? 0.85 : 1 }}
      title={
        <Flex vertical style={{ padding: '6px 0', whiteSpace: 'normal' }}>
          <Flex gap={6} align="center" wrap>
            {winner ? <TrophyOutlined style={{ color: token.colorWarning }} /> : eliminated ? <CloseCircleOutlined style={{ color: token.colorError }} /> : null}
            <span data-testid="team-name">{team.organizationName}</span>
            {team.mine ? <Tag color="purple">{t('racesUi.board.own')}</Tag> : null}
          </Flex>
          {team.full ? (
            <Link to={`/contracts/${team.contractId}`} style={{ fontWeight: 'normal', fontSize: 12 }}>
              <span className="kc-mono">{team.contractCode}</span> {team.contractTitle}
            </Link>
          ) : null}
        </Flex>
      }
      extra={
        <Tag color={TEAM_STATUS_COLORS[team.status]} data-testid="team-status">
          {t(`racesUi.teamStatus.${team.status}`)}
        </Tag>
      }
    >
      {eliminated ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={team.eliminatedAtGateSeq !== null ? t('racesUi.board.eliminatedAt', { seq: team.eliminatedAtGateSeq }) : t('racesUi.teamStatus.eliminated')}
          description={team.reason ? <span data-testid="team-reason">{team.reason}</span> : undefined}
        />
      ) : null}
      {winner ? <Alert type="success" showIcon icon={<TrophyOutlined />} style={{ marginBottom: 8 }} title={t('racesUi.board.winner')} /> : null}
      {m ? (
        <Descriptions size="small" column={2} colon={false} styles={{ label: { color: token.colorTextSecondary } }}>
          <Descriptions.Item label={t('racesUi.board.budget')}>{money(m.budgetFen)}</Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.released')}>
            <Typography.Text strong type="success" data-testid="team-released">
              {money(m.releasedFen)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.cancelled')}>
            <span data-testid="team-cancelled">{money(m.cancelledFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.remaining')}>{money(m.remainingFen)}</Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.reallocatedIn')}>{money(m.reallocatedInFen)}</Descriptions.Item>
          <Descriptions.Item label={t('racesUi.board.reallocatedOut')}>{money(m.reallocatedOutFen)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {board.gates.map((g) => {
        const cell = team.gates.find((c) => c.gateId === g.id);
        if (!cell) return null;
        // Gates not reached yet (still open in the future) show only once the team has something there.
        if (g.status === 'open' && g.id !== race.currentGateId && !cell.evidence) return null;
        // An eliminated team stops at the gate that eliminated it.
        if (team.eliminatedAtGateSeq !== null && g.seq > team.eliminatedAtGateSeq) return null;
        const recording = current && current.id === g.id && current.actions.includes('record_decision') && team.status === 'racing';
        return <GateCell key={g.id} team={team} cell={cell} gate={g} action={recording ? <DecisionButton race={race} gate={current} team={team} onChange={(body) => onDecision(team, current, body)} /> : null} />;
      })}
    </Card>
  );
}

/** The teams side by side, one column each. */
export function TeamBoard({ race, board, onDecision }: { race: RaceDetail; board: RaceBoard; onDecision: (team: BoardTeam, gate: RaceGate, body: DecisionBody) => Promise<boolean> }) {
  const { t } = useTranslation();
  return (
    <>
      {board.teams.some((x) => !x.full) ? (
        <Typography.Paragraph type="secondary" data-testid="others-hidden">
          {t('racesUi.board.hiddenOthers')}
        </Typography.Paragraph>
      ) : null}
      <Flex gap={16} align="stretch" style={{ overflowX: 'auto', paddingBottom: 4 }} data-testid="race-board">
        {board.teams.map((team) => (
          <TeamColumn key={team.id} race={race} board={board} team={team} onDecision={onDecision} />
        ))}
      </Flex>
    </>
  );
}
