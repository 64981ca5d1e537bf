import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n';
import { Notice } from '../components/Notice';

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Notice
      title={t('notFound.title')}
      action={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.back')}
        </Button>
      }
    >
      404
    </Notice>
  );
}
