import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, Dropdown, Flex, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { MenuProps, TableProps } from 'antd';
import { CheckCircleOutlined, DownOutlined, LogoutOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { ROLES, USER_STATUSES, type Role, type User, type UserSort, type UserStatus } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useNotifyError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useOrganizations } from '../../lib/useOrganizations.ts';
import { useCan, useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { RoleTags, UserStatusTag } from '../../components/tags.tsx';
import { InviteUserDrawer } from './InviteUserDrawer.tsx';
import { EditUserModal } from './EditUserModal.tsx';
import { DisableUserModal } from './DisableUserModal.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { PAGE_SIZES, readUsersQuery, usersExportHref, writeUsersQuery, type UsersQuery } from './usersQuery.ts';

export default function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const can = useCan();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readUsersQuery(params), [params]);
  const [searchText, setSearchText] = useState(query.q);
  useEffect(() => setSearchText(query.q), [query.q]);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const list = useApiData(
    (signal) =>
      call(
        api.GET('/api/v1/users', {
          params: {
            query: {
              q: query.q || undefined,
              role: query.role,
              status: query.status,
              sort: query.sort,
              order: query.order,
              page: query.page,
              pageSize: query.pageSize,
            },
          },
          signal,
        }),
      ),
    [query.q, query.role, query.status, query.sort, query.order, query.page, query.pageSize],
  );
  const orgs = useOrganizations(list.data?.items.map((u) => u.organizationId) ?? []);

  const update = (patch: Partial<UsersQuery>) => {
    const resetPage = !('page' in patch);
    setParams(writeUsersQuery({ ...query, ...(resetPage ? { page: 1 } : {}), ...patch }));
  };

  const runAction = async (user: User, action: 'enable' | 'revokeSessions') => {
    setBusy(`${action}:${user.id}`);
    try {
      if (action === 'enable') {
        await call(api.POST('/api/v1/users/{id}/enable', { params: { path: { id: user.id } } }));
        void message.success(t('users.enabled', { name: user.displayName }));
      } else {
        const r = await call(api.POST('/api/v1/users/{id}/revoke-sessions', { params: { path: { id: user.id } } }));
        void message.success(t('users.revoked', { name: user.displayName, count: r.revoked }));
      }
      list.reload();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  };

  const confirmAction = (user: User, action: 'enable' | 'revokeSessions') => {
    void modal.confirm({
      title: action === 'enable' ? t('users.enableConfirm', { name: user.displayName }) : t('users.revokeConfirm', { name: user.displayName }),
      okText: action === 'enable' ? t('users.enable') : t('users.revokeSessions'),
      cancelText: t('common.cancel'),
      onOk: () => runAction(user, action),
    });
  };

  const sortOrder = (key: UserSort) => (query.sort === key ? (query.order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableProps<User>['columns'] = [
    {
      key: 'displayName',
      dataIndex: 'displayName',
      title: t('users.colName'),
      sorter: true,
      sortOrder: sortOrder('displayName'),
      render: (_v, u) => {
        const org = u.organizationId ? orgs.get(u.organizationId) : undefined;
        return (
          <Flex vertical>
            <Typography.Text strong>
              {u.displayName}
              {u.id === me.user.id ? <Typography.Text type="secondary">{t('users.you')}</Typography.Text> : null}
            </Typography.Text>
            {org ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {lang === 'en' && org.nameEn ? org.nameEn : org.nameZh}
              </Typography.Text>
            ) : null}
          </Flex>
        );
      },
    },
    {
      key: 'email',
      dataIndex: 'email',
      title: t('users.colEmail'),
      sorter: true,
      sortOrder: sortOrder('email'),
      render: (_v, u) => (
        <Flex vertical>
          <span>{u.email}</span>
          {u.mobile ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {u.mobile}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'roles', dataIndex: 'roles', title: t('users.colRoles'), render: (roles: Role[]) => <RoleTags roles={roles} /> },
    { key: 'status', dataIndex: 'status', title: t('users.colStatus'), render: (_v, u) => <UserStatusTag user={u} /> },
    {
      key: 'lastLoginAt',
      dataIndex: 'lastLoginAt',
      title: t('users.colLastLogin'),
      sorter: true,
      sortOrder: sortOrder('lastLoginAt'),
      render: (v: string | null) => (v ? formatDateTime(v, lang) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>),
    },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('users.colCreated'), sorter: true, sortOrder: sortOrder('createdAt'), render: (v: string) => formatDateTime(v, lang) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, u) => {
        const more: NonNullable<MenuProps['items']> = [];
        if (u.actions.includes('revokeSessions')) more.push({ key: 'revokeSessions', icon: <LogoutOutlined />, label: t('users.revokeSessions') });
        if (u.actions.includes('enable')) more.push({ key: 'enable', icon: <CheckCircleOutlined />, label: t('users.enable') });
        if (u.actions.includes('disable')) more.push({ key: 'disable', icon: <StopOutlined />, label: t('users.disable'), danger: true });
        return (
          <Space size={0}>
            {u.actions.includes('update') ? (
              <Button type="link" size="small" onClick={() => setEditing(u)} data-testid={`edit-${u.email}`}>
                {t('users.edit')}
              </Button>
            ) : null}
            {more.length > 0 ? (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: more,
                  onClick: ({ key }) => {
                    if (key === 'disable') setDisabling(u);
                    else if (key === 'enable') confirmAction(u, 'enable');
                    else if (key === 'revokeSessions') confirmAction(u, 'revokeSessions');
                  },
                }}
              >
                <Button type="link" size="small" loading={busy?.endsWith(u.id)} data-testid={`more-${u.email}`}>
                  {t('users.more')} <DownOutlined />
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    },
  ];

  const onTableChange: TableProps<User>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      if (s?.order && typeof s.columnKey === 'string') update({ sort: s.columnKey as UserSort, order: s.order === 'ascend' ? 'asc' : 'desc' });
      else update({ sort: 'createdAt', order: 'desc' });
    } else if (extra.action === 'paginate') {
      const pageSize = pagination.pageSize ?? query.pageSize;
      update({ page: pageSize !== query.pageSize ? 1 : (pagination.current ?? 1), pageSize });
    }
  };

  const filtered = query.q || query.role || query.status;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <>
            {can('user.list') ? <ExportButton href={(format) => usersExportHref(query, format)} hint={t('users.exportHint')} testId="users-export" /> : null}
            {can('user.invite') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setInviteOpen(true)} data-testid="invite-user">
                {t('users.invite')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 280, maxWidth: '100%' }}
            data-testid="users-search"
          />
          <Select<Role>
            allowClear
            placeholder={t('users.filterRole')}
            value={query.role}
            onChange={(v) => update({ role: v })}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            style={{ width: 160 }}
            data-testid="users-role-filter"
          />
          <Select<UserStatus>
            allowClear
            placeholder={t('users.filterStatus')}
            value={query.status}
            onChange={(v) => update({ status: v })}
            options={USER_STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
            style={{ width: 140 }}
            data-testid="users-status-filter"
          />
          {filtered ? (
            <Button
              onClick={() => {
                setSearchText('');
                setParams(new URLSearchParams());
              }}
            >
              {t('common.reset')}
            </Button>
          ) : null}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<User>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          data-testid="users-table"
        />
      </Card>
      <InviteUserDrawer
        open={inviteOpen}
        onClose={() => setInviteOpen(false)}
        onInvited={(u) => {
          setInviteOpen(false);
          void message.success(t('users.invited', { email: u.email }));
          list.reload();
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(u) => {
          setEditing(null);
          void message.success(t('users.saved', { name: u.displayName }));
          list.reload();
        }}
      />
      <DisableUserModal
        user={disabling}
        onClose={() => setDisabling(null)}
        onDisabled={(u) => {
          setDisabling(null);
          void message.success(t('users.disabled', { name: u.displayName }));
          list.reload();
        }}
      />
    </>
  );
}
