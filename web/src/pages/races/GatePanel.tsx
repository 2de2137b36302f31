import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { AuditOutlined, CheckCircleOutlined, LockOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { formatDateTime } from '../../lib/format.ts';
import { beijingToIso, formatYuan } from '../challenges/model.ts';
import { ROUND_STATUSES, STATUS_COLORS as ROUND_COLORS, type RoundStatus } from '../review/model.ts';
import { api, call } from '../../api/client.ts';
import { raceApi } from './api.ts';
import { GATE_STATUS_COLORS, OUTCOME_COLORS, type RaceBoard, type RaceDetail, type RaceGate } from './model.ts';

const isRoundStatus = (s: string): s is RoundStatus => (ROUND_STATUSES as readonly string[]).includes(s);

interface RoundValues {
  name?: string;
  deadline?: Dayjs | null;
  expertsPerItem?: number;
  blind?: 'single' | 'double';
}

/** Creates the gate's review round in the review module and goes there (panel, assignment and scoring are the review pages'). */
function RoundModal({ race, gate, open, onClose }: { race: RaceDetail; gate: RaceGate; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<RoundValues>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const deadline = v.deadline ? beijingToIso(v.deadline.format('YYYY-MM-DD HH:mm')) : null;
      const round = await call(api.POST('/api/v1/review-rounds', { body: { subjectType: 'race_gate', subjectId: gate.id, name: (v.name ?? '').trim(), deadline: deadline!, expertsPerItem: v.expertsPerItem ?? 3, blind: v.blind ?? 'double' } }));
      void message.success(t('racesUi.gate.roundCreated'));
      onClose();
      void navigate(`/reviews/${round.id}`);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('racesUi.gate.roundCreateTitle', { seq: gate.seq })} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'create-round-ok' }} destroyOnHidden>
      <Form<RoundValues> form={form} layout="vertical" initialValues={{ name: t('racesUi.gate.roundDefaultName', { race: race.title, seq: gate.seq }), expertsPerItem: 3, blind: 'double' }} preserve={false}>
        <Form.Item name="name" label={t('racesUi.gate.roundName')} rules={[{ required: true, whitespace: true, message: t('racesUi.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('racesUi.gate.roundDeadline')}
          extra={t('racesUi.gate.roundDeadlineHint')}
          rules={[{ required: true, message: t('racesUi.required') }, { validator: (_r, v: Dayjs | null) => (v && v.valueOf() <= Date.now() ? Promise.reject(new Error(t('racesUi.gate.roundDeadlineFuture'))) : Promise.resolve()) }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="expertsPerItem" label={t('racesUi.gate.roundK')} rules={[{ required: true }]}>
            <InputNumber min={1} max={50} precision={0} />
          </Form.Item>
          <Form.Item name="blind" label={t('racesUi.gate.roundBlind')}>
            <Radio.Group options={(['double', 'single'] as const).map((b) => ({ value: b, label: t(`reviewUi.blind.${b}`) }))} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/**
 * The money a passing team's gate releases: the unreleased amounts of its contract's tranches tied to the gate
 * milestone (read from the contract, the ledger's authority). Null while loading or when it cannot be read.
 */
function useGateReleases(race: RaceDetail, gate: RaceGate): Map<string, number> | null {
  const passing = gate.decisions.filter((d) => d.outcome && d.outcome !== 'eliminate').map((d) => d.teamId);
  const data = useApiData(
    async (signal) => {
      const out = new Map<string, number>();
      for (const teamId of passing) {
        const team = race.teams.find((x) => x.id === teamId);
        const milestoneId = team?.milestones.find((m) => m.gateId === gate.id)?.milestoneId;
        if (!team || !milestoneId) continue;
        const c = await call(api.GET('/api/v1/contracts/{id}', { params: { path: { id: team.contractId } }, signal }));
        out.set(teamId, c.tranches.filter((x) => x.milestoneId === milestoneId).reduce((sum, x) => sum + x.remainingFen, 0));
      }
      return out;
    },
    [race, gate.id],
  );
  return data.data ?? null;
}

/** What deciding the gate will do, team by team, with the money that moves. */
function DecideSummary({ race, gate, board }: { race: RaceDetail; gate: RaceGate; board: RaceBoard }) {
  const { t } = useTranslation();
  const releases = useGateReleases(race, gate);
  const name = (teamId: string) => board.teams.find((x) => x.id === teamId)?.organizationName ?? race.teams.find((x) => x.id === teamId)?.organizationName ?? teamId.slice(0, 8);
  const racing = race.teams.filter((x) => x.status === 'racing');
  const missing = racing.filter((x) => !gate.decisions.some((d) => d.teamId === x.id && d.outcome));
  const last = gate.seq === Math.max(...race.gates.map((g) => g.seq));
  const decided = gate.decisions.filter((d) => d.outcome);
  const freed = decided.filter((d) => d.outcome === 'eliminate').reduce((sum, d) => sum + (board.teams.find((x) => x.id === d.teamId)?.money?.remainingFen ?? 0), 0);
  return (
    <Flex vertical gap={8} data-testid="decide-summary">
      <Typography.Text>{t('racesUi.gate.decideIntro')}</Typography.Text>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {decided.map((d) => {
          const released = releases?.get(d.teamId);
          return (
            <li key={d.teamId} data-testid="decide-line">
              <Tag color={OUTCOME_COLORS[d.outcome!]}>{t(`racesUi.outcome.${d.outcome!}`)}</Tag>
              {d.outcome === 'eliminate'
                ? t('racesUi.gate.decideEliminate', { team: name(d.teamId), amount: formatYuan(board.teams.find((x) => x.id === d.teamId)?.money?.remainingFen ?? 0) })
                : released === undefined
                  ? t('racesUi.gate.decidePass', { team: name(d.teamId) })
                  : t('racesUi.gate.decideRelease', { team: name(d.teamId), amount: formatYuan(released) })}
              {d.reason ? <Typography.Text type="secondary">{`（${d.reason}）`}</Typography.Text> : null}
              {d.conditions ? <Typography.Text type="secondary">{`（${d.conditions}）`}</Typography.Text> : null}
            </li>
          );
        })}
      </ul>
      {freed > 0 ? <Typography.Text type="secondary">{race.fundsRule === 'return' || last ? t('racesUi.gate.decideReturn', { amount: formatYuan(freed) }) : t('racesUi.gate.decideReallocate', { amount: formatYuan(freed) })}</Typography.Text> : null}
      {last ? <Alert type="info" showIcon title={t('racesUi.gate.decideLast')} /> : null}
      {missing.length ? <Alert type="warning" showIcon title={t('racesUi.gate.decideMissing', { names: missing.map((x) => x.organizationName).join('、') })} /> : null}
    </Flex>
  );
}

/** The current gate with what the officer may do now: close evidence, open its review round, decide it. */
export function GatePanel({ race, board, onChange }: { race: RaceDetail; board: RaceBoard; onChange: (r: RaceDetail) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const [rounding, setRounding] = useState(false);
  const navigate = useNavigate();
  const gate = race.gates.find((g) => g.id === race.currentGateId);
  if (!gate) return null;
  const can = (a: RaceGate['actions'][number]) => gate.actions.includes(a);
  const run = async (request: () => Promise<RaceDetail>, success: string) => {
    try {
      onChange(await request());
      void message.success(success);
    } catch (err) {
      // The dialog closes; the message says why nothing changed (a rejected onOk would surface as an unhandled rejection).
      void message.error(errorText(err));
    }
  };
  const closeEvidence = () => {
    modal.confirm({
      title: t('racesUi.gate.closeEvidence'),
      content: t('racesUi.gate.closeEvidenceAsk', { seq: gate.seq }),
      okButtonProps: { 'data-testid': 'close-evidence-ok' },
      onOk: () => run(() => raceApi.closeEvidence(race.id, gate.id), t('racesUi.gate.closed')),
    });
  };
  const decide = () => {
    modal.confirm({
      title: t('racesUi.gate.decideTitle', { seq: gate.seq }),
      width: 560,
      icon: <CheckCircleOutlined />,
      content: <DecideSummary race={race} gate={gate} board={board} />,
      okText: t('racesUi.gate.decideOk'),
      okButtonProps: { 'data-testid': 'decide-ok' },
      onOk: () => run(() => raceApi.decide(race.id, gate.id), t('racesUi.gate.decided')),
    });
  };
  const round = gate.reviewRound;
  const anything = can('close_evidence') || can('open_review') || can('decide') || round;
  // An applicant's own racing team submits the gate's evidence on its contract page.
  const mine = can('submit_evidence') ? race.teams.find((x) => x.mine && x.status === 'racing') : undefined;
  return (
    <Card
      variant="borderless"
      style={{ marginBottom: 16 }}
      data-testid="current-gate"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{`${t('racesUi.gateN', { seq: gate.seq })} · ${gate.title}`}</span>
          <Tag color={GATE_STATUS_COLORS[gate.status]} data-testid="current-gate-status">
            {t(`racesUi.gateStatus.${gate.status}`)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {gate.dueOn}
          </Typography.Text>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {!anything && !mine && !gate.evidenceClosedAt ? <Typography.Text type="secondary">{t(`racesUi.gate.statusHint.${gate.status}`)}</Typography.Text> : null}
        <Flex gap={16} wrap>
          {gate.evidenceClosedAt ? <Typography.Text type="secondary">{t('racesUi.board.evidenceClosedAt', { time: formatDateTime(gate.evidenceClosedAt, lang) })}</Typography.Text> : null}
          {round ? (
            <span>
              <Link to={`/reviews/${round.id}`} data-testid="gate-round-link">
                <AuditOutlined /> {round.name}
              </Link>{' '}
              {isRoundStatus(round.status) ? <Tag color={ROUND_COLORS[round.status]} data-testid="gate-round-status">{t(`reviewUi.status.${round.status}`)}</Tag> : null}
            </span>
          ) : null}
        </Flex>
        {gate.status === 'review' && !can('record_decision') && anything ? <Typography.Text type="secondary">{t('racesUi.gate.roundHint')}</Typography.Text> : null}
        <Flex gap={8} wrap>
          {can('close_evidence') ? (
            <Button icon={<LockOutlined />} onClick={closeEvidence} data-testid="close-evidence">
              {t('racesUi.gate.closeEvidence')}
            </Button>
          ) : null}
          {can('open_review') ? (
            <Button type="primary" icon={<AuditOutlined />} onClick={() => setRounding(true)} data-testid="create-gate-round">
              {t('racesUi.gate.createRound')}
            </Button>
          ) : null}
          {mine ? (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => void navigate(`/contracts/${mine.contractId}`)} data-testid="submit-gate-evidence">
              {t('racesUi.gate.submitEvidence')}
            </Button>
          ) : null}
          {can('decide') ? (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={decide} data-testid="decide-gate">
              {t('racesUi.gate.decide')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      {can('open_review') ? <RoundModal race={race} gate={gate} open={rounding} onClose={() => setRounding(false)} /> : null}
    </Card>
  );
}
