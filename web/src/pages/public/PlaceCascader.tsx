/**
 * 选择地点: the citizen's county → town → village/community cascader for a report without a GPS
 * fix, one level loaded per open (public-places.ts; GET /api/public/places). A single county is
 * chosen for the citizen and not shown as a column. The citizen may stop at the town; a county
 * alone is not a place. Without a connection it offers what this device loaded before and says
 * when a level needs the network (the address can be typed meanwhile; it retries when online).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Cascader, Space, Typography } from 'antd';
import { useT } from '../../i18n';
import { ApiError } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import type { NamedArea } from '../../features/report/location';
import { clearFailed, loadPlaces, patchOption, placePath, toOptions, type PlaceOption } from './public-places';

type Status = 'loading' | 'ready' | 'offline' | 'error';

const isOffline = (error: unknown) => error instanceof ApiError && error.status === 0;

/** The first levels: the places at the top, or — when there is one county — that county and its towns. */
async function loadFirstLevels(): Promise<{
  county: { code: string; name: string } | null;
  options: PlaceOption[];
  cached: boolean;
}> {
  const top = await loadPlaces(null);
  const only = top.items.length === 1 && top.items[0].hasChildren ? top.items[0] : null;
  if (!only) return { county: null, options: toOptions(top.items), cached: top.cached };
  const towns = await loadPlaces(only.code);
  return {
    county: { code: only.code, name: only.name },
    options: toOptions(towns.items),
    cached: top.cached || towns.cached,
  };
}

/**
 * The cascader's options: the first levels on mount (and on each retry while they are missing),
 * a level below when it is opened (`loadData`), and `retry` — also run when the browser comes
 * back online — for what could not be loaded.
 */
function usePlaceOptions() {
  const [options, setOptions] = useState<PlaceOption[]>([]);
  /** The installation's only county: preselected, not a column. */
  const [county, setCounty] = useState<{ code: string; name: string } | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [error, setError] = useState<unknown>(null);
  /** Some list shown comes from this device, not the server. */
  const [cached, setCached] = useState(false);
  /** A level below could not be loaded (offline, never loaded here). */
  const [levelFailed, setLevelFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    loadFirstLevels().then(
      (loaded) => {
        if (cancelled) return;
        setCounty(loaded.county);
        setOptions(loaded.options);
        setCached(loaded.cached);
        setStatus('ready');
      },
      (e: unknown) => {
        if (cancelled) return;
        setError(e);
        setStatus(isOffline(e) ? 'offline' : 'error');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const statusNow = useRef(status);
  useEffect(() => {
    statusNow.current = status;
  }, [status]);
  /** Loads again what could not be loaded: the first levels, or the levels below that failed. */
  const retry = useCallback(() => {
    setLevelFailed(false);
    setOptions((list) => clearFailed(list));
    if (statusNow.current !== 'ready') {
      setStatus('loading');
      setAttempt((n) => n + 1);
    }
  }, []);

  // back online: load what could not be loaded
  useEffect(() => {
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [retry]);

  const loadData = (selected: PlaceOption[]) => {
    const path = selected.map((o) => o.value);
    const target = selected[selected.length - 1];
    if (!target) return;
    loadPlaces(target.value).then(
      (loaded) => {
        setOptions((list) =>
          patchOption(list, path, { children: toOptions(loaded.items), isLeaf: loaded.items.length === 0 }),
        );
        if (loaded.cached) setCached(true);
      },
      () => {
        // shown as a leaf (the town can still be chosen) until a retry
        setOptions((list) => patchOption(list, path, { isLeaf: true, failed: true }));
        setLevelFailed(true);
      },
    );
  };

  return { options, county, status, error, cached, levelFailed, retry, loadData };
}

export function PlaceCascader({
  value,
  onChange,
}: {
  value: NamedArea | null;
  onChange(area: NamedArea | null): void;
}) {
  const t = useT();
  const { options, county, status, error, cached, levelFailed, retry, loadData } = usePlaceOptions();

  const choose = (_path: string[] | undefined, selected: PlaceOption[] | undefined) => {
    const last = selected?.at(-1);
    if (!last || last.level === 'county') return onChange(null);
    const names = [county?.name, ...selected!.map((o) => o.label)].filter(Boolean);
    onChange({ code: last.value, name: names.join(' / '), level: last.level });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      {county && <Typography.Text type="secondary">{t('public.place.county', { name: county.name })}</Typography.Text>}
      <Cascader<PlaceOption>
        options={options}
        value={value ? placePath(value.code, county !== null) : []}
        loadData={loadData}
        onChange={choose}
        changeOnSelect
        expandTrigger="click"
        displayRender={(labels) => labels.join(' / ')}
        placeholder={status === 'loading' ? t('public.place.loading') : t('public.place.placeholder')}
        notFoundContent={t('public.place.none')}
        disabled={status === 'loading'}
        size="large"
        styles={{ popup: { listItem: { padding: '10px 12px', fontSize: 15 } } }}
        style={{ width: '100%' }}
        data-testid="place"
      />
      <Typography.Text type="secondary">{t('public.place.hint')}</Typography.Text>
      {(status === 'offline' || levelFailed) && (
        <Alert
          type="warning"
          showIcon
          title={t('public.place.offline')}
          action={
            <Button size="small" onClick={retry}>
              {t('public.place.retry')}
            </Button>
          }
          data-testid="place-offline"
        />
      )}
      {status === 'error' && <ApiErrorAlert error={error} onRetry={retry} />}
      {cached && status === 'ready' && <Alert type="info" showIcon title={t('public.place.cached')} />}
    </Space>
  );
}
