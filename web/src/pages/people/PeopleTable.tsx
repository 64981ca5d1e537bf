/**
 * The people as a table: name, role, jurisdiction, user name, the account's state (active, must
 * change the password, locked) and what a centre may do to the account — reset the password,
 * unlock, deactivate (confirmed) or reactivate. Nobody resets or deactivates their own account here.
 */
import { Button, Popconfirm, Space, Table, Tag } from 'antd';
import type { PersonItem } from '../../api/people';
import { useUser } from '../../app/auth';
import { useT, type Translate } from '../../i18n';
import { chinaTime } from '../../lib/time';

/**
 * What the actions column does; each is run for one person and reported by the page. The promises
 * never reject (the page shows the failure); a confirmation keeps its OK button loading until they settle.
 */
export interface PersonActionHandlers {
  /** The person whose account is being changed, if any: their buttons show it. */
  busy: number | null;
  resetPassword(person: PersonItem): Promise<void>;
  manage(person: PersonItem, action: 'unlock' | 'deactivate' | 'reactivate'): Promise<void>;
}

function PersonActions({ person: p, handlers }: { person: PersonItem; handlers: PersonActionHandlers }) {
  const t = useT();
  const self = p.id === useUser().id;
  return (
    <Space size={4} wrap data-person={p.id}>
      <Popconfirm
        title={t('people.confirm.reset', { name: p.name })}
        okText={t('people.action.reset')}
        cancelText={t('people.cancel')}
        onConfirm={() => handlers.resetPassword(p)}
        disabled={!p.username || self}
      >
        <Button
          size="small"
          disabled={!p.username || self}
          loading={handlers.busy === p.id}
          data-testid={`reset-${p.id}`}
        >
          {t('people.action.reset')}
        </Button>
      </Popconfirm>
      <Button
        size="small"
        disabled={!p.username}
        onClick={() => handlers.manage(p, 'unlock')}
        data-testid={`unlock-${p.id}`}
      >
        {t('people.action.unlock')}
      </Button>
      {p.active ? (
        <Popconfirm
          title={t('people.confirm.deactivate', { name: p.name })}
          okText={t('people.action.deactivate')}
          cancelText={t('people.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => handlers.manage(p, 'deactivate')}
          disabled={self}
        >
          <Button size="small" danger disabled={self} data-testid={`deactivate-${p.id}`}>
            {t('people.action.deactivate')}
          </Button>
        </Popconfirm>
      ) : (
        <Button size="small" onClick={() => handlers.manage(p, 'reactivate')} data-testid={`reactivate-${p.id}`}>
          {t('people.action.reactivate')}
        </Button>
      )}
    </Space>
  );
}

function peopleColumns(t: Translate, handlers: PersonActionHandlers) {
  return [
    { title: t('people.col.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('people.col.role'),
      key: 'role',
      render: (_: unknown, p: PersonItem) => t.dynamic(`role.${p.role}`, p.roleName),
    },
    {
      title: t('people.col.jurisdiction'),
      key: 'jurisdiction',
      render: (_: unknown, p: PersonItem) => p.jurisdictionName ?? p.jurisdictionCode,
    },
    {
      title: t('people.col.username'),
      key: 'username',
      render: (_: unknown, p: PersonItem) => p.username ?? t('common.noValue'),
    },
    {
      title: t('people.col.status'),
      key: 'status',
      render: (_: unknown, p: PersonItem) => (
        <Space size={4} wrap>
          {p.active ? <Tag color="green">{t('people.status.active')}</Tag> : <Tag>{t('people.status.inactive')}</Tag>}
          {p.mustChangePassword && <Tag color="orange">{t('people.status.mustChange')}</Tag>}
          {p.lockedUntil && <Tag color="red">{t('people.status.locked', { until: chinaTime(p.lockedUntil) })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('people.col.actions'),
      key: 'actions',
      render: (_: unknown, p: PersonItem) => <PersonActions person={p} handlers={handlers} />,
    },
  ];
}

export function PeopleTable({
  items,
  loading,
  handlers,
}: {
  items: PersonItem[];
  loading: boolean;
  handlers: PersonActionHandlers;
}) {
  const t = useT();
  return (
    <Table<PersonItem>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      columns={peopleColumns(t, handlers)}
      pagination={false}
      scroll={{ x: true }}
      data-testid="people"
    />
  );
}
