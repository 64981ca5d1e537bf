/**
 * An API failure as a person reads it: the catalogue's text for the error code when there is one
 * (errors.AUTH_INVALID_CREDENTIALS …), otherwise the server's own message — which names the
 * problem (validation details, business rules) — with a retry button when given one.
 */
import { Alert, Button } from 'antd';
import { ApiError } from '../api/client';
import { useT, type Translate } from '../i18n';

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('errors.network');
    const fallback = error.message || t('errors.unknown', { status: error.status });
    // a validation message from the server is more specific than any catalogue text
    if (error.code === 'VALIDATION_FAILED') return fallback;
    return t.dynamic(`errors.${error.code}`, fallback);
  }
  return error instanceof Error ? error.message : String(error);
}

export function ApiErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(t, error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
