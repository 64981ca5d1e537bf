/** Stands in for a page a later change builds (see routes.tsx): names the page from the menu. */
import { useLocation } from 'react-router';
import { ToolOutlined } from '@ant-design/icons';
import { ROUTES } from '../app/routes';
import { useT } from '../i18n';
import { Notice } from '../components/Notice';

export default function ComingSoonPage() {
  const t = useT();
  const { pathname } = useLocation();
  const entry = ROUTES.find((r) => r.nav && (pathname === r.path || pathname.startsWith(`${r.path}/`)));
  const page = entry?.nav ? t(entry.nav.label) : pathname;
  return (
    <Notice icon={<ToolOutlined />} title={t('placeholder.title')}>
      {t('placeholder.body', { page })}
    </Notice>
  );
}
