/**
 * The report form of the phone views, shared by the grid worker's 上报事件 and the citizen's
 * 随手拍: category, risk (staff only), description, address, the browser's GPS position (with its
 * accuracy and a retry) and a photo from the camera with its thumbnail.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { ReportBody } from './offline-queue';

export interface ReportValues {
  categoryCode: string;
  riskLevel?: string;
  description: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
}

export interface ReportSubmission {
  body: ReportBody & { reporterName?: string; reporterPhone?: string };
  photo: File | null;
}

export interface Position {
  lng: number;
  lat: number;
  accuracy: number;
}

type GeoState = { status: 'idle' | 'locating' } | { status: 'ok'; position: Position } | { status: 'error'; message: string };

/** The browser's position, asked once on mount and again on retry. */
export function useGeolocation(): { state: GeoState; locate(): void } {
  const [state, setState] = useState<GeoState>({ status: 'idle' });
  const locate = useCallback(() => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setState({ status: 'error', message: 'unsupported' });
      return;
    }
    setState({ status: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) => setState({ status: 'ok', position: { lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy } }),
      (e) => setState({ status: 'error', message: e.message || String(e.code) }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  }, []);
  useEffect(() => locate(), [locate]);
  return { state, locate };
}

const RISKS = ['red', 'yellow', 'blue'] as const;

export function ReportForm({
  categories,
  publicForm = false,
  submitting = false,
  onSubmit,
}: {
  categories: { value: string; label: string }[];
  publicForm?: boolean;
  submitting?: boolean;
  /** Resolves when handled; the form then clears (a rejection keeps what was typed). */
  onSubmit(submission: ReportSubmission): Promise<void>;
}) {
  const t = useT();
  const [form] = Form.useForm<ReportValues>();
  const geo = useGeolocation();
  const [photo, setPhoto] = useState<File | null>(null);
  const [thumb, setThumb] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  useEffect(() => {
    if (!photo || typeof URL.createObjectURL !== 'function') {
      setThumb(null);
      return;
    }
    const url = URL.createObjectURL(photo);
    setThumb(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const finish = async (values: ReportValues) => {
    const position = geo.state.status === 'ok' ? geo.state.position : null;
    const body: ReportSubmission['body'] = {
      categoryCode: values.categoryCode,
      description: values.description.trim(),
      ...(publicForm ? {} : { riskLevel: values.riskLevel }),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...(position ? { location: { lng: position.lng, lat: position.lat, crs: 'wgs84' as const } } : {}),
      ...(values.reporterName?.trim() ? { reporterName: values.reporterName.trim() } : {}),
      ...(values.reporterPhone?.trim() ? { reporterPhone: values.reporterPhone.trim() } : {}),
    };
    try {
      await onSubmit({ body, photo });
    } catch {
      return;
    }
    form.resetFields();
    setPhoto(null);
    setInputKey((k) => k + 1);
  };

  return (
    <Form form={form} layout="vertical" onFinish={finish} initialValues={{ riskLevel: 'blue' }} className="mobile-report-form" requiredMark>
      <Form.Item name="categoryCode" label={t('mobile.form.category')} rules={[{ required: true, message: t('mobile.form.categoryRequired') }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={categories}
          placeholder={t('mobile.form.categoryPlaceholder')}
          size="large"
          data-testid="category"
        />
      </Form.Item>
      {!publicForm && (
        <Form.Item name="riskLevel" label={t('mobile.form.risk')} rules={[{ required: true, message: t('mobile.form.riskRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large">
            {RISKS.map((r) => (
              <Radio.Button key={r} value={r}>
                {t(`risk.${r}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
      )}
      <Form.Item
        name="description"
        label={t('mobile.form.description')}
        rules={[
          { required: true, whitespace: true, message: t('mobile.form.descriptionRequired') },
          { min: publicForm ? 5 : 1, message: t('mobile.form.descriptionShort', { min: publicForm ? 5 : 1 }) },
          { max: publicForm ? 2000 : 5000 },
        ]}
      >
        <Input.TextArea rows={4} placeholder={t('mobile.form.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item name="address" label={t('mobile.form.address')} rules={[{ max: 200 }]}>
        <Input size="large" placeholder={t('mobile.form.addressPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('mobile.form.location')}>
        <Space wrap>
          <span data-testid="geo">
            {geo.state.status === 'ok'
              ? t('mobile.geo.ok', { lng: geo.state.position.lng.toFixed(6), lat: geo.state.position.lat.toFixed(6), accuracy: Math.round(geo.state.position.accuracy) })
              : geo.state.status === 'error'
                ? t('mobile.geo.error', { message: geo.state.message })
                : t('mobile.geo.locating')}
          </span>
          <Button icon={<AimOutlined />} onClick={geo.locate} loading={geo.state.status === 'locating'}>
            {t('mobile.geo.retry')}
          </Button>
        </Space>
      </Form.Item>
      <Form.Item label={t('mobile.form.photo')}>
        <Space orientation="vertical">
          <label className="ant-btn ant-btn-default ant-btn-lg" style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}>
            <CameraOutlined />
            <span>{photo ? t('mobile.form.photoRetake') : t('mobile.form.photoTake')}</span>
            <input
              key={inputKey}
              type="file"
              accept="image/*"
              capture="environment"
              data-testid="photo"
              style={{ display: 'none' }}
              onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
            />
          </label>
          {photo && (
            <Space>
              {thumb && <img src={thumb} alt={t('mobile.form.photo')} style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 4 }} />}
              <Typography.Text type="secondary">{photo.name}</Typography.Text>
              <Button size="small" onClick={() => { setPhoto(null); setInputKey((k) => k + 1); }}>
                {t('mobile.form.photoRemove')}
              </Button>
            </Space>
          )}
        </Space>
      </Form.Item>
      {publicForm && (
        <>
          <Form.Item name="reporterName" label={t('public.form.name')} rules={[{ max: 50 }]}>
            <Input size="large" />
          </Form.Item>
          <Form.Item name="reporterPhone" label={t('public.form.phone')} rules={[{ pattern: /^1[3-9][0-9]{9}$/, message: t('public.form.phoneInvalid') }]}>
            <Input size="large" inputMode="tel" />
          </Form.Item>
        </>
      )}
      <Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={submitting}>
          {t('mobile.form.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
