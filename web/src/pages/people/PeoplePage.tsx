/**
 * 人员与账号 (people and their sign-in), for the town and county command centres: the people of
 * the jurisdiction, searched by name and narrowed to a part of the tree, with what a centre may do
 * to an account — reset the password (the temporary one is shown once, in a dialog with a copy
 * button, and nowhere else), unlock, deactivate and reactivate. The server decides who may manage
 * whom (core/access/account-admin.ts); the page only offers it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Modal, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { peopleApi, type PersonItem } from '../../api/people';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { isDivisionCode } from '../../domain';
import { PeopleTable, type PersonActionHandlers } from './PeopleTable';

const PAGE_SIZE = 50;

/** A reset's temporary password, shown once. */
interface TemporaryPassword {
  name: string;
  username: string | null;
  password: string;
}

/**
 * The account actions: one at a time per person (`busy`), the outcome as a success line or an
 * error, the list reloaded after a change (`refreshKey`), and a reset's temporary password.
 */
function useAccountActions() {
  const t = useT();
  const [refreshKey, setRefreshKey] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [temporary, setTemporary] = useState<TemporaryPassword | null>(null);

  const run = async (person: PersonItem, work: () => Promise<unknown>, message: string) => {
    setBusy(person.id);
    setError(undefined);
    setDone(null);
    try {
      await work();
      setDone(message);
      setRefreshKey((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const handlers: PersonActionHandlers = {
    busy,
    resetPassword: (p) =>
      run(
        p,
        async () => {
          const answer = await peopleApi.resetPassword(p.id);
          setTemporary({ name: p.name, username: p.username, password: answer.temporaryPassword });
        },
        t('people.reset.done', { name: p.name }),
      ),
    manage: (p, action) =>
      run(
        p,
        () => peopleApi.manage(p.id, action),
        action === 'unlock'
          ? t('people.unlocked', { name: p.name })
          : action === 'deactivate'
            ? t('people.deactivated', { name: p.name })
            : t('people.reactivated', { name: p.name }),
      ),
  };
  return {
    handlers,
    refreshKey,
    error,
    done,
    clearDone: () => setDone(null),
    temporary,
    closeTemporary: () => setTemporary(null),
  };
}

/** The temporary password after a reset, with a copy button: shown here once and nowhere else. */
function TemporaryPasswordModal({ temporary, onClose }: { temporary: TemporaryPassword | null; onClose(): void }) {
  const t = useT();
  return (
    <Modal
      open={temporary !== null}
      title={t('people.reset.title')}
      onCancel={onClose}
      onOk={onClose}
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
  );
}

export default function PeoplePage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [jurisdiction, setJurisdiction] = useState('');
  const [page, setPage] = useState(1);
  const actions = useAccountActions();

  const code = isDivisionCode(jurisdiction.trim()) ? jurisdiction.trim() : undefined;
  const { data, error, loading, reload } = useApi(
    (signal) => peopleApi.list({ q: q.trim() || undefined, jurisdiction: code, page, pageSize: PAGE_SIZE }, signal),
    [q, code, page, actions.refreshKey],
  );

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
          {actions.done && <Alert type="success" showIcon title={actions.done} closable onClose={actions.clearDone} />}
          <ApiErrorAlert error={actions.error} />
          <ApiErrorAlert error={error} onRetry={reload} />
          <PeopleTable items={items} loading={loading} handlers={actions.handlers} />
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
      <TemporaryPasswordModal temporary={actions.temporary} onClose={actions.closeTemporary} />
    </Space>
  );
}
