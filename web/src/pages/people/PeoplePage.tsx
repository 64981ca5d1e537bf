/**
 * 人员与账号 (people and their sign-in), for the town and county command centres: the people of
 * the jurisdiction, searched by name and narrowed to a part of the tree, with what a centre may do
 * to an account — reset the password (the temporary one is shown once, in a dialog with a copy
 * button, and nowhere else), unlock, deactivate and reactivate. The server decides who may manage
 * whom (core/access/account-admin.ts); the page only offers it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { peopleApi, type PersonItem } from '../../api/people';
import { useApi } from '../../hooks/use-api';
import { useUser } from '../../app/auth';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { isDivisionCode } from '../../domain';
import { chinaTime } from '../../lib/time';

const PAGE_SIZE = 50;

export default function PeoplePage() {
  const t = useT();
  const user = useUser();
  const [q, setQ] = useState('');
  const [jurisdiction, setJurisdiction] = useState('');
  const [page, setPage] = useState(1);
  const [refreshKey, setRefreshKey] = useState(0);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [temporary, setTemporary] = useState<{ name: string; username: string | null; password: string } | null>(null);

  const code = isDivisionCode(jurisdiction.trim()) ? jurisdiction.trim() : undefined;
  const { data, error, loading, reload } = useApi(
    (signal) => peopleApi.list({ q: q.trim() || undefined, jurisdiction: code, page, pageSize: PAGE_SIZE }, signal),
    [q, code, page, refreshKey],
  );

  const run = async (person: PersonItem, work: () => Promise<unknown>, message: string) => {
    setBusy(person.id);
    setActionError(undefined);
    setDone(null);
    try {
      await work();
      setDone(message);
      setRefreshKey((n) => n + 1);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };
  const reset = (p: PersonItem) =>
    run(
      p,
      async () => {
        const answer = await peopleApi.resetPassword(p.id);
        setTemporary({ name: p.name, username: p.username, password: answer.temporaryPassword });
      },
      t('people.reset.done', { name: p.name }),
    );

  const columns = [
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
      render: (_: unknown, p: PersonItem) => {
        const self = p.id === user.id;
        const loadingThis = busy === p.id;
        return (
          <Space size={4} wrap data-person={p.id}>
            <Popconfirm
              title={t('people.confirm.reset', { name: p.name })}
              okText={t('people.action.reset')}
              cancelText={t('people.cancel')}
              onConfirm={() => reset(p)}
              disabled={!p.username || self}
            >
              <Button size="small" disabled={!p.username || self} loading={loadingThis} data-testid={`reset-${p.id}`}>
                {t('people.action.reset')}
              </Button>
            </Popconfirm>
            <Button
              size="small"
              disabled={!p.username}
              onClick={() => run(p, () => peopleApi.manage(p.id, 'unlock'), t('people.unlocked', { name: p.name }))}
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
                onConfirm={() =>
                  run(p, () => peopleApi.manage(p.id, 'deactivate'), t('people.deactivated', { name: p.name }))
                }
                disabled={self}
              >
                <Button size="small" danger disabled={self} data-testid={`deactivate-${p.id}`}>
                  {t('people.action.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                size="small"
                onClick={() =>
                  run(p, () => peopleApi.manage(p.id, 'reactivate'), t('people.reactivated', { name: p.name }))
                }
                data-testid={`reactivate-${p.id}`}
              >
                {t('people.action.reactivate')}
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  const items = data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('people.title')}
      </Typography.Title>
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              placeholder={t('people.search')}
              aria-label={t('people.search')}
              style={{ maxWidth: 240 }}
              onSearch={(value) => {
                setQ(value);
                setPage(1);
              }}
            />
            <Input
              allowClear
              placeholder={t('people.jurisdiction')}
              aria-label={t('people.jurisdiction')}
              style={{ maxWidth: 240 }}
              value={jurisdiction}
              status={jurisdiction.trim() && !code ? 'error' : undefined}
              onChange={(e) => {
                setJurisdiction(e.target.value);
                setPage(1);
              }}
            />
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('common.refresh')}
            </Button>
          </Flex>
          {done && <Alert type="success" showIcon title={done} closable onClose={() => setDone(null)} />}
          <ApiErrorAlert error={actionError} />
          <ApiErrorAlert error={error} onRetry={reload} />
          <Table<PersonItem>
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: true }}
            data-testid="people"
          />
          <Flex gap={8} justify="flex-end">
            <Button size="small" disabled={page <= 1} onClick={() => setPage((n) => n - 1)}>
              {t('people.prev')}
            </Button>
            <Button size="small" disabled={items.length < PAGE_SIZE} onClick={() => setPage((n) => n + 1)}>
              {t('people.next')}
            </Button>
          </Flex>
        </Space>
      </Card>
      <Modal
        open={temporary !== null}
        title={t('people.reset.title')}
        onCancel={() => setTemporary(null)}
        onOk={() => setTemporary(null)}
        okText={t('common.close')}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
      >
        {temporary && (
          <Space orientation="vertical" size="middle">
            <Typography.Text>
              {t('people.reset.for', { name: temporary.name, username: temporary.username ?? t('common.noValue') })}
            </Typography.Text>
            <Typography.Text
              code
              copyable={{ text: temporary.password }}
              style={{ fontSize: 20 }}
              data-testid="temporary-password"
            >
              {temporary.password}
            </Typography.Text>
            <Alert type="warning" showIcon title={t('people.reset.once')} />
          </Space>
        )}
      </Modal>
    </Space>
  );
}
