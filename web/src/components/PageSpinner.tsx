import { Flex, Spin } from 'antd';
import { useT } from '../i18n';

export function PageSpinner() {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin description={t('common.loading')} />
    </Flex>
  );
}
