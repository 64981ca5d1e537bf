/**
 * The report form of the phone views, shared by the grid worker's 上报事件 and the citizen's
 * 随手拍: category (two levels, 领域 → 事项, searchable), risk (staff only), description, address,
 * the location (GPS with its accuracy, or the manual ways of LocationField) and a photo from the
 * camera with its thumbnail.
 */
import { useEffect, useState } from 'react';
import { Button, Cascader, Form, Input, Radio, Space, Switch, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { ReportBody } from './offline-queue';
import type { CategoryNode } from './report-api';
import { categoryPath } from './report-api';
import { LocationField, useLocationChoice, type MapSetupLoader, type PlacePicker } from './LocationField';
import { locationFields, type NamedArea } from './location';

export interface ReportValues {
  categoryCode: string;
  riskLevel?: string;
  description: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  /** 匿名反映: the handlers see no name or phone (the citizen's public form). */
  anonymous?: boolean;
}

export interface ReportSubmission {
  body: ReportBody & { reporterName?: string; reporterPhone?: string; anonymous?: boolean };
  photo: File | null;
}

const RISKS = ['red', 'yellow', 'blue'] as const;

/** The search of the category picker: any level's name, e.g. "电动车" or "消防". */
const searchCategories = {
  filter: (input: string, path: CategoryNode[]) =>
    path.some((node) => node.label.toLowerCase().includes(input.trim().toLowerCase())),
  limit: 50,
};

export function ReportForm({
  categories,
  publicForm = false,
  submitting = false,
  area = null,
  placePicker = null,
  loadMap = null,
  onSubmit,
}: {
  /** The taxonomy as a tree (categoryTree): domains (领域) with their aspects (事项). */
  categories: CategoryNode[];
  publicForm?: boolean;
  submitting?: boolean;
  /** The place to name when there is no position: the worker's own area. */
  area?: NamedArea | null;
  /** The citizen's way to name a place without a position (随手拍: county → town → village); the address is then required. */
  placePicker?: PlacePicker | null;
  /** Offers tapping a point on a small map (staff: their outlines and the basemap). */
  loadMap?: MapSetupLoader | null;
  /** Resolves when handled; the form then clears (a rejection keeps what was typed). */
  onSubmit(submission: ReportSubmission): Promise<void>;
}) {
  const t = useT();
  const [form] = Form.useForm<ReportValues>();
  const [picked, setPicked] = useState<NamedArea | null>(null);
  const place = useLocationChoice(placePicker ? picked : area, placePicker !== null);
  const [locationError, setLocationError] = useState(false);
  /** A place chosen by name has no coordinates: the address is what finds the spot, so it is required. */
  const needsAddress = placePicker !== null && place.source === 'area';
  const Picker = placePicker;
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
    if (!place.choice) {
      setLocationError(true);
      return;
    }
    setLocationError(false);
    const body: ReportSubmission['body'] = {
      categoryCode: values.categoryCode,
      description: values.description.trim(),
      ...(publicForm ? {} : { riskLevel: values.riskLevel }),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...locationFields(place.choice),
      ...(values.reporterName?.trim() ? { reporterName: values.reporterName.trim() } : {}),
      ...(values.reporterPhone?.trim() ? { reporterPhone: values.reporterPhone.trim() } : {}),
      ...(publicForm && values.anonymous ? { anonymous: true } : {}),
    };
    try {
      await onSubmit({ body, photo });
    } catch {
      return;
    }
    form.resetFields();
    place.reset();
    setPicked(null);
    setPhoto(null);
    setInputKey((k) => k + 1);
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={finish}
      onFinishFailed={() => setLocationError(!place.choice)}
      initialValues={{ riskLevel: 'blue' }}
      className="mobile-report-form"
      requiredMark
    >
      <Form.Item
        name="categoryCode"
        label={t('mobile.form.category')}
        rules={[{ required: true, message: t('mobile.form.categoryRequired') }]}
        // the picker holds the path (domain, aspect); the form holds the chosen aspect's code
        getValueProps={(code: string | undefined) => ({ value: categoryPath(categories, code) })}
        normalize={(path: string[] | undefined) => path?.at(-1)}
      >
        <Cascader<CategoryNode>
          options={categories}
          showSearch={searchCategories}
          placeholder={t('mobile.form.categoryPlaceholder')}
          notFoundContent={t('mobile.form.categoryNone')}
          displayRender={(labels) => labels.join(' / ')}
          expandTrigger="click"
          size="large"
          // thumb-sized rows on a phone; two columns of aspects fit 390 px
          styles={{ popup: { listItem: { padding: '10px 12px', fontSize: 15 } } }}
          style={{ width: '100%' }}
          data-testid="category"
        />
      </Form.Item>
      {!publicForm && (
        <Form.Item
          name="riskLevel"
          label={t('mobile.form.risk')}
          rules={[{ required: true, message: t('mobile.form.riskRequired') }]}
        >
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
          {
            // counted as the server counts it: without the spaces around the text
            validator: (_: unknown, value?: string) =>
              !value || value.trim().length >= (publicForm ? 5 : 1)
                ? Promise.resolve()
                : Promise.reject(new Error(t('mobile.form.descriptionShort', { min: publicForm ? 5 : 1 }))),
          },
          { max: publicForm ? 2000 : 5000 },
        ]}
      >
        <Input.TextArea rows={4} placeholder={t('mobile.form.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="address"
        label={t('mobile.form.address')}
        rules={[
          { max: 200 },
          ...(needsAddress
            ? [{ required: true, whitespace: true, message: t('mobile.location.addressRequired') }]
            : []),
        ]}
      >
        <Input
          size="large"
          placeholder={publicForm ? t('public.form.addressPlaceholder') : t('mobile.form.addressPlaceholder')}
        />
      </Form.Item>
      <Form.Item
        label={t('mobile.form.location')}
        required
        validateStatus={locationError && !place.choice ? 'error' : undefined}
        help={locationError && !place.choice ? t('mobile.location.required') : undefined}
      >
        <LocationField
          control={place}
          area={placePicker ? picked : area}
          picker={Picker ? <Picker value={picked} onChange={setPicked} /> : null}
          loadMap={loadMap}
          error={locationError}
        />
      </Form.Item>
      <Form.Item label={t('mobile.form.photo')}>
        <Space orientation="vertical">
          <label
            className="ant-btn ant-btn-default ant-btn-lg"
            style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}
          >
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
              {thumb && (
                <img
                  src={thumb}
                  alt={t('mobile.form.photo')}
                  style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 4 }}
                />
              )}
              <Typography.Text type="secondary">{photo.name}</Typography.Text>
              <Button
                size="small"
                onClick={() => {
                  setPhoto(null);
                  setInputKey((k) => k + 1);
                }}
              >
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
          <Form.Item
            name="reporterPhone"
            label={t('public.form.phone')}
            rules={[{ pattern: /^1[3-9][0-9]{9}$/, message: t('public.form.phoneInvalid') }]}
          >
            <Input size="large" inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="anonymous"
            label={t('public.form.anonymous')}
            valuePropName="checked"
            extra={t('public.form.anonymousHelp')}
          >
            <Switch />
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
