/** 中文 / English, in the header; the choice is remembered (localStorage). */
import { Segmented } from 'antd';
import { LOCALES, useLocale, useT, type Locale } from '../i18n';

export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useT();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('app.language')}
      value={locale}
      onChange={(value) => setLocale(value)}
      options={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
    />
  );
}
