import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import ForbiddenPage from '../errors/ForbiddenPage.tsx';
import { ExpertForm } from './ExpertForm.tsx';
import { ConflictsTab } from './ConflictsTab.tsx';
import { AvailabilityTag } from './ExpertsPage.tsx';
import { isExpertAccount, managesExperts, readsExperts, type Expert, type ExpertBody } from './model.ts';

/** /experts/new: an officer adds an expert to the pool. */
export function NewExpertPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  if (!managesExperts(me)) return <ForbiddenPage />;
  const create = async (body: ExpertBody) => {
    const e = await call(api.POST('/api/v1/experts', { body }));
    void message.success(t('expertsUi.form.created'));
    void navigate(`/experts/${e.id}`, { replace: true });
  };
  return (
    <>
      <PageHeader title={t('expertsUi.newTitle')} subtitle={<Link to="/experts">{t('expertsUi.backToList')}</Link>} />
      <ExpertForm expert={null} onSubmit={create} readOnly={false} />
    </>
  );
}

/** /experts/:id for staff, and /experts/me for the expert themselves: the profile and the conflicts. */
export default function ExpertPage({ mine = false }: { mine?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const { id } = useParams();
  const staff = readsExperts(me);
  const [version, setVersion] = useState(0);
  const data = useApiData(
    (signal) => (mine ? call(api.GET('/api/v1/experts/me', { signal })) : call(api.GET('/api/v1/experts/{id}', { params: { path: { id: id! } }, signal }))),
    [mine, id, version],
  );
  if (mine && !isExpertAccount(me)) return <ForbiddenPage />;
  if (data.error instanceof ApiError && data.error.status === 404) {
    return mine ? <Result status="info" title={t('expertsUi.myTitle')} subTitle={t('expertsUi.noProfile')} data-testid="no-expert-profile" /> : <Result status="404" title={t('expertsUi.notFound')} extra={<Link to="/experts">{t('expertsUi.backToList')}</Link>} />;
  }
  if (data.error) return <LoadError error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Skeleton active />;
  return <ExpertView key={`${data.data.id}:${data.data.updatedAt}`} expert={data.data} mine={mine} staff={staff} manager={managesExperts(me)} onSaved={() => setVersion((n) => n + 1)} />;
}

function ExpertView({ expert, mine, staff, manager, onSaved }: { expert: Expert; mine: boolean; staff: boolean; manager: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [tab, setTab] = useState('profile');
  const save = async (body: ExpertBody) => {
    await call(api.PUT('/api/v1/experts/{id}', { params: { path: { id: expert.id } }, body }));
    void message.success(t('expertsUi.form.saved'));
    onSaved();
  };
  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="expert-heading">{mine ? t('expertsUi.myTitle') : expert.name}</span>
            <AvailabilityTag e={expert} />
          </Space>
        }
        subtitle={
          <Space orientation="vertical" size={2}>
            <span>{mine ? t('expertsUi.mySubtitle') : [expert.title, expert.organizationName ?? expert.affiliation].filter(Boolean).join(' · ')}</span>
            {staff ? (
              <Typography.Text type="secondary">
                {expert.accountEmail ? t('expertsUi.linkedAccount', { email: expert.accountEmail }) : t('expertsUi.noAccount')} · <Link to="/experts">{t('expertsUi.backToList')}</Link>
              </Typography.Text>
            ) : null}
          </Space>
        }
        extra={expert.actions.includes('edit') ? null : <Tag>{t('expertsUi.readOnly')}</Tag>}
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'profile', label: t('expertsUi.tabs.profile'), children: <ExpertForm expert={expert} onSubmit={save} readOnly={!expert.actions.includes('edit')} /> },
          { key: 'conflicts', label: t('expertsUi.tabs.conflicts'), children: tab === 'conflicts' ? <ConflictsTab expertId={expert.id} staff={staff} manager={manager} self={mine || (!staff && expert.actions.includes('edit'))} /> : null },
        ]}
      />
    </>
  );
}
