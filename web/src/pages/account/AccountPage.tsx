/**
 * 账户安全 (account security), for every signed-in person: change the password (the policy shown
 * up front, the server's refusals in words), the live sessions with this device marked, and
 * "sign out everywhere". A password change ends every other session; this browser gets a fresh
 * cookie in the same answer, so it stays signed in. One column: it works at phone width.
 * After a command centre reset the password (账号管理), the app keeps the person here, with a
 * notice, until they have set their own.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { DesktopOutlined, LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { accountApi, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type AccountSession } from '../../api/account';
import { ApiError } from '../../api/client';
import { useApi } from '../../hooks/use-api';
import { useAuth, useUser } from '../../app/auth';
import { useT, type Translate } from '../../i18n';
import { ApiErrorAlert, errorText } from '../../components/ApiErrorAlert';
import { chinaTime } from '../../lib/time';
import { clientLabel } from './user-agent';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** The lines of a PASSWORD_TOO_WEAK answer's `details.problems`, or null for any other error. */
export function passwordProblemsOf(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'PASSWORD_TOO_WEAK') return null;
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
}

/** When an AUTH_LOCKED answer says the lock ends (details.retryAfterSeconds), in China time. */
export function unlockTimeOf(error: unknown, now = Date.now()): string | null {
  if (!(error instanceof ApiError) || error.code !== 'AUTH_LOCKED') return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? chinaTime(new Date(now + seconds * 1000).toISOString()) : null;
}

function PasswordError({ error }: { error: unknown }) {
  const t = useT();
  const problems = passwordProblemsOf(error);
  if (problems) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="password-problems"
        title={t('account.password.tooWeak')}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problems.map((p) => (
              <li key={p}>
                {t.dynamic(`account.problem.${p}`, p, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
              </li>
            ))}
          </ul>
        }
      />
    );
  }
  const unlock = unlockTimeOf(error);
  if (unlock) return <Alert type="error" showIcon title={t('account.password.lockedUntil', { time: unlock })} />;
  // a wrong current password is shown on its field
  if (error instanceof ApiError && error.code === 'PASSWORD_INCORRECT') return null;
  return <ApiErrorAlert error={error} />;
}

function ChangePasswordCard({ onChanged }: { onChanged(): void }) {
  const t = useT();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    setError(undefined);
    setDone(false);
    try {
      await accountApi.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      setDone(true);
      onChanged();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'PASSWORD_INCORRECT')
        form.setFields([{ name: 'currentPassword', errors: [errorText(t, e)] }]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('account.password.title')}>
      <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 480 }}>
        <div data-testid="password-policy">
          <Typography.Text type="secondary">{t('account.policy.title')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            <li>{t('account.problem.too_short', { min: PASSWORD_MIN_LENGTH })}</li>
            <li>{t('account.problem.too_few_classes')}</li>
            <li>{t('account.problem.contains_username')}</li>
            <li>{t('account.problem.common')}</li>
            <li>{t('account.problem.same_as_current')}</li>
          </ul>
        </div>
        {done && (
          <Alert
            type="success"
            showIcon
            title={t('account.password.changed')}
            description={t('account.password.othersSignedOut')}
          />
        )}
        {error !== undefined && <PasswordError error={error} />}
        <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
          <Form.Item
            name="currentPassword"
            label={t('account.password.current')}
            rules={[{ required: true, message: t('account.password.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('account.password.new')}
            rules={[{ required: true, message: t('account.password.newRequired') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('account.password.repeat')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('account.password.repeatRequired') },
              ({ getFieldValue }) => ({
                validator: (_rule, value: string) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('account.password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="password-submit">
            {t('account.password.submit')}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}

function SessionItem({ session, t }: { session: AccountSession; t: Translate }) {
  return (
    <Flex
      gap={12}
      align="flex-start"
      data-session={session.id}
      data-current={session.current || undefined}
      style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}
    >
      <DesktopOutlined style={{ fontSize: 20, marginTop: 2, color: session.current ? '#1677ff' : undefined }} />
      <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
        <Space size={6} wrap>
          <Typography.Text strong title={session.userAgent ?? undefined}>
            {clientLabel(session.userAgent) ?? t('account.sessions.unknownClient')}
          </Typography.Text>
          {session.current && <Tag color="blue">{t('account.sessions.thisDevice')}</Tag>}
        </Space>
        <Typography.Text type="secondary">
          {t('account.sessions.opened', { time: chinaTime(session.createdAt) })} ·{' '}
          {t('account.sessions.lastUsed', { time: chinaTime(session.lastUsedAt) })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('account.sessions.address', { address: session.clientAddress ?? t('common.noValue') })}
        </Typography.Text>
      </Space>
    </Flex>
  );
}

function SessionsCard({ refreshKey }: { refreshKey: number }) {
  const t = useT();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApi((signal) => accountApi.sessions(signal), [refreshKey]);
  const [signingOut, setSigningOut] = useState(false);
  const [logoutError, setLogoutError] = useState<unknown>(undefined);

  const logoutEverywhere = async () => {
    setSigningOut(true);
    setLogoutError(undefined);
    try {
      await accountApi.logoutAll();
    } catch (e) {
      setLogoutError(e);
      setSigningOut(false);
      return;
    }
    // this session has ended with the others: sign out here as the header's button does
    await logout();
    void navigate('/login', { replace: true });
  };

  return (
    <Card
      title={t('account.sessions.title')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('account.sessions.intro')}</Typography.Text>
        <ApiErrorAlert error={error} onRetry={reload} />
        {loading && !data ? (
          <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
        ) : data && data.items.length === 0 ? (
          <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
        ) : (
          <div data-testid="sessions">
            {[...(data?.items ?? [])]
              .sort((a, b) => Number(b.current) - Number(a.current))
              .map((s) => (
                <SessionItem key={s.id} session={s} t={t} />
              ))}
          </div>
        )}
        <ApiErrorAlert error={logoutError} />
        <Popconfirm
          title={t('account.logoutAll.confirmTitle')}
          description={t('account.logoutAll.confirm')}
          okText={t('account.logoutAll.ok')}
          cancelText={t('account.logoutAll.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={logoutEverywhere}
        >
          <Button danger icon={<LogoutOutlined />} loading={signingOut} data-testid="logout-all">
            {t('account.logoutAll.button')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}

export default function AccountPage() {
  const t = useT();
  const user = useUser();
  const { passwordChanged } = useAuth();
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('account.title')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {user.name} · {t.dynamic(`role.${user.role}`, user.roleName)} · {user.jurisdictionName}
        </Typography.Text>
      </div>
      {user.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          data-testid="must-change-password"
          title={t('account.mustChange.title')}
          description={t('account.mustChange.description')}
        />
      )}
      {/* a changed password ends the other sessions: the list is asked again */}
      <ChangePasswordCard
        onChanged={() => {
          passwordChanged();
          setRefreshKey((n) => n + 1);
        }}
      />
      <SessionsCard refreshKey={refreshKey} />
    </Space>
  );
}
