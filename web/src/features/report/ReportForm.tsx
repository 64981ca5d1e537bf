/**
 * The report form of the phone views, shared by the grid worker's 上报事件 and the citizen's
 * 随手拍: category (two levels, 领域 → 事项, searchable), risk (staff only), description, address,
 * the location (GPS with its accuracy, or the manual ways of LocationField) and a photo from the
 * camera with its thumbnail.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Cascader, Form, Input, Radio, Space, Switch, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { ReportBody } from './offline-queue';
import type { CategoryNode } from './report-api';
import { categoryPath } from './report-api';
import { LocationField, useLocationChoice, type MapSetupLoader, type PlacePicker } from './LocationField';
import { locationFields, type LocationChoice, type NamedArea } from './location';

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

/** The body sent for the form's values and the chosen location (the citizen's form sends no risk; blanks are left out). */
function reportBody(values: ReportValues, choice: LocationChoice, publicForm: boolean): ReportSubmission['body'] {
  return {
    categoryCode: values.categoryCode,
    description: values.description.trim(),
    ...(publicForm ? {} : { riskLevel: values.riskLevel }),
    ...(values.address?.trim() ? { address: values.address.trim() } : {}),
    ...locationFields(choice),
    ...(values.reporterName?.trim() ? { reporterName: values.reporterName.trim() } : {}),
    ...(values.reporterPhone?.trim() ? { reporterPhone: values.reporterPhone.trim() } : {}),
    ...(publicForm && values.anonymous ? { anonymous: true } : {}),
  };
}

interface PhotoControl {
  photo: File | null;
  /** A preview URL of the photo (none where the browser cannot make one). */
  thumb: string | null;
  /** Changes to empty the file input (a new input: the same photo can be chosen again). */
  inputKey: number;
  choose(photo: File | null): void;
  clear(): void;
}

/** The photo taken with the camera, with a thumbnail URL that lives as long as the photo. */
function usePhoto(): PhotoControl {
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
  const clear = useCallback(() => {
    setPhoto(null);
    setInputKey((k) => k + 1);
  }, []);
  return { photo, thumb, inputKey, choose: setPhoto, clear };
}

/** The category, two levels (领域 → 事项), searchable by any level's name. */
function CategoryField({ categories }: { categories: CategoryNode[] }) {
  const t = useT();
  return (
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
  );
}

/** Risk (staff only). */
function RiskField() {
  const t = useT();
  return (
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
  );
}

/** The description, with the server's minimum and maximum lengths (longer for staff, at least 5 characters for citizens). */
function DescriptionField({ publicForm }: { publicForm: boolean }) {
  const t = useT();
  return (
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
  );
}

/** The address: required when a place was chosen by name (it is then what finds the spot). */
function AddressField({ publicForm, required }: { publicForm: boolean; required: boolean }) {
  const t = useT();
  return (
    <Form.Item
      name="address"
      label={t('mobile.form.address')}
      rules={[
        { max: 200 },
        ...(required ? [{ required: true, whitespace: true, message: t('mobile.location.addressRequired') }] : []),
      ]}
    >
      <Input
        size="large"
        placeholder={publicForm ? t('public.form.addressPlaceholder') : t('mobile.form.addressPlaceholder')}
      />
    </Form.Item>
  );
}

/** The camera button (a hidden file input in a button-styled label), and the photo's thumbnail, name and a remove button. */
function PhotoField({ control }: { control: PhotoControl }) {
  const t = useT();
  const { photo, thumb, inputKey } = control;
  return (
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
            onChange={(e) => control.choose(e.target.files?.[0] ?? null)}
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
            <Button size="small" onClick={control.clear}>
              {t('mobile.form.photoRemove')}
            </Button>
          </Space>
        )}
      </Space>
    </Form.Item>
  );
}

/** The citizen's own details: name, phone, and 匿名反映. */
function ReporterFields() {
  const t = useT();
  return (
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
  );
}

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
  const photo = usePhoto();

  const finish = async (values: ReportValues) => {
    if (!place.choice) {
      setLocationError(true);
      return;
    }
    setLocationError(false);
    try {
      await onSubmit({ body: reportBody(values, place.choice, publicForm), photo: photo.photo });
    } catch {
      return;
    }
    form.resetFields();
    place.reset();
    setPicked(null);
    photo.clear();
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
      <CategoryField categories={categories} />
      {!publicForm && <RiskField />}
      <DescriptionField publicForm={publicForm} />
      <AddressField publicForm={publicForm} required={needsAddress} />
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
      <PhotoField control={photo} />
      {publicForm && <ReporterFields />}
      <Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={submitting}>
          {t('mobile.form.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
