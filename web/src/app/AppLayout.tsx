/**
 * The frame of every signed-in page: a side menu with what the user's role may use (from
 * routes.tsx), a header with the user, their jurisdiction, the language switch and sign-out,
 * and the page below. On narrow screens the menu folds away.
 */
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Dropdown, Flex, Grid, Layout, Menu, Typography } from 'antd';
import { DownOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth, useUser } from './auth';
import { menuFor } from './routes';
import { useT } from '../i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageSpinner } from '../components/PageSpinner';

export function AppLayout() {
  const t = useT();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // phone width (< 576 px): a short title, no user line, the sign-out button as an icon
  const narrow = Grid.useBreakpoint().sm === false;
  const items = menuFor(user).map((r) => ({ key: r.path, icon: r.nav!.icon, label: t(r.nav!.label) }));
  const selected = items
    .filter((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))
    .map((i) => i.key);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={200}
        theme="dark"
        zeroWidthTriggerStyle={{ top: 12 }}
      >
        <div style={{ color: '#fff', padding: '16px 20px', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected}
          items={items}
          aria-label={t('header.menu')}
          onClick={({ key }) => {
            void navigate(key);
            if (window.innerWidth < 992) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: collapsed ? '0 16px 0 56px' : '0 16px',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Flex align="center" justify="space-between" style={{ height: '100%', lineHeight: 'normal' }} gap={12}>
            <Typography.Text strong style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {narrow ? t('app.name') : t('app.title')}
            </Typography.Text>
            <Flex align="center" gap={12} style={{ minWidth: 0 }}>
              {/* on a phone the header keeps what fits: the name and place are on the pages themselves */}
              {/* the user menu: account security (账户安全) for every role; on a phone an icon */}
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [{ key: '/account', icon: <SafetyOutlined />, label: t('header.account') }],
                  onClick: ({ key }) => {
                    void navigate(key);
                  },
                }}
              >
                <Button
                  type="text"
                  size="small"
                  icon={<UserOutlined />}
                  aria-label={t('header.userMenu')}
                  title={t('header.userMenu')}
                  data-testid="user-menu"
                  style={{ minWidth: 0 }}
                >
                  {narrow ? null : (
                    <Typography.Text
                      type="secondary"
                      style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 360 }}
                    >
                      {user.name} · {t.dynamic(`role.${user.role}`, user.roleName)} · {user.jurisdictionName}{' '}
                      <DownOutlined style={{ fontSize: 10 }} />
                    </Typography.Text>
                  )}
                </Button>
              </Dropdown>
              <LanguageSwitch />
              <Button
                size="small"
                icon={<LogoutOutlined />}
                aria-label={t('header.logout')}
                title={t('header.logout')}
                onClick={async () => {
                  await logout(); // never fails: signed out here whatever the server says
                  void navigate('/login', { replace: true });
                }}
              >
                {narrow ? null : t('header.logout')}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
