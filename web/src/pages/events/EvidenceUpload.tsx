/**
 * Photos and files that go with an action (办结 with the result, 核查 with what was seen …): each
 * picked file is checked (type, size, count), uploaded at once (POST /api/attachments) with its
 * progress, shown as a thumbnail (photos) or a file card, and can be removed — which also stops
 * an upload still running. The form sends the ids of the finished ones (`uploadedIds`); while one
 * is uploading or has failed, the form refuses to submit (`uploadProblem`).
 * Controlled like any form field: `value` is Ant Design's UploadFile list.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Typography, Upload, type UploadFile, type UploadProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import {
  EVIDENCE_ACCEPT,
  isEvidenceFile,
  MAX_UPLOAD_BYTES,
  uploadAttachment,
  type UploadedAttachment,
} from '../../api/attachments';
import { ACTION_ATTACHMENTS_MAX } from '../../api/events';
import { useT, type Translate } from '../../i18n';
import { errorText } from '../../components/ApiErrorAlert';

type RcFile = Parameters<NonNullable<UploadProps['beforeUpload']>>[0];

const MB = 1024 * 1024;
const THUMBNAIL_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** The ids of the files uploaded so far, in the order shown. */
export function uploadedIds(files: UploadFile<UploadedAttachment>[] | undefined): string[] {
  return (files ?? []).filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response!.id);
}

/** Why the form may not be sent yet: a file still uploading, or one that failed (remove it first). */
export function uploadProblem(t: Translate, files: UploadFile[] | undefined): string | null {
  if ((files ?? []).some((f) => f.status === 'uploading')) return t('desk.upload.pending');
  if ((files ?? []).some((f) => f.status === 'error')) return t('desk.upload.removeFailed');
  return null;
}

export function EvidenceUpload({
  value,
  onChange,
  disabled,
}: {
  value?: UploadFile<UploadedAttachment>[];
  onChange?(files: UploadFile<UploadedAttachment>[]): void;
  disabled?: boolean;
}) {
  const t = useT();
  const files = value ?? [];
  const [rejected, setRejected] = useState<string[]>([]);
  // thumbnails are object URLs of the picked files: revoke them when removed and on close
  const objectUrls = useRef(new Map<string, string>());
  useEffect(() => {
    const urls = objectUrls.current;
    return () => {
      for (const url of urls.values()) URL.revokeObjectURL?.(url);
      urls.clear();
    };
  }, []);

  const thumbnailOf = (file: UploadFile): string => {
    const blob = file.originFileObj;
    if (!blob || !THUMBNAIL_TYPES.has(blob.type) || typeof URL.createObjectURL !== 'function') return '';
    let url = objectUrls.current.get(file.uid);
    if (!url) {
      url = URL.createObjectURL(blob);
      objectUrls.current.set(file.uid, url);
    }
    return url;
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file: RcFile, batch: RcFile[]) => {
    const problems: string[] = [];
    if (!isEvidenceFile(file)) problems.push(t('desk.upload.badType', { name: file.name }));
    else if (file.size > MAX_UPLOAD_BYTES)
      problems.push(t('desk.upload.tooLarge', { name: file.name, max: MAX_UPLOAD_BYTES / MB }));
    else {
      // the batch's acceptable files up to this one, after what is already in the list
      const acceptedBefore = batch
        .slice(0, batch.indexOf(file))
        .filter((f) => isEvidenceFile(f) && f.size <= MAX_UPLOAD_BYTES).length;
      if (files.length + acceptedBefore >= ACTION_ATTACHMENTS_MAX)
        problems.push(t('desk.upload.tooMany', { name: file.name, count: ACTION_ATTACHMENTS_MAX }));
    }
    // the batch's first file starts a new set of messages
    setRejected((before) => [...(file === batch[0] ? [] : before), ...problems]);
    return problems.length ? Upload.LIST_IGNORE : true;
  };

  const customRequest: UploadProps['customRequest'] = ({ file, onProgress, onSuccess, onError }) => {
    const controller = new AbortController();
    const blob = file as RcFile;
    uploadAttachment(blob, blob.name, {
      signal: controller.signal,
      onProgress: (percent) => onProgress?.({ percent }),
    }).then(
      (attachment) => onSuccess?.(attachment),
      (error: Error) => {
        if (error.name !== 'AbortError') onError?.(error);
      },
    );
    return { abort: () => controller.abort() };
  };

  const handleChange: UploadProps<UploadedAttachment>['onChange'] = ({ fileList }) => {
    const kept = new Set(fileList.map((f) => f.uid));
    for (const [uid, url] of objectUrls.current) {
      if (!kept.has(uid)) {
        URL.revokeObjectURL?.(url);
        objectUrls.current.delete(uid);
      }
    }
    onChange?.(
      fileList.map((f) => ({
        ...f,
        thumbUrl: f.thumbUrl ?? thumbnailOf(f),
        // the uploader may open what it uploaded before it is linked (the preview icon)
        url: f.status === 'done' && f.response?.id ? `/api/attachments/${f.response.id}` : f.url,
      })),
    );
  };

  const failed = files.filter((f) => f.status === 'error');
  return (
    <div className="desk-evidence">
      <Upload<UploadedAttachment>
        // a list rather than cards: a running upload can be removed (stopped) too
        listType="picture"
        multiple
        accept={EVIDENCE_ACCEPT}
        fileList={files}
        beforeUpload={beforeUpload}
        customRequest={customRequest}
        onChange={handleChange}
        disabled={disabled}
        showUploadList={{ showRemoveIcon: true }}
      >
        <Button icon={<UploadOutlined />} disabled={disabled || files.length >= ACTION_ATTACHMENTS_MAX}>
          {t('desk.upload.add')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }} onClick={(e) => e.stopPropagation()}>
          {t('desk.upload.hint', { max: MAX_UPLOAD_BYTES / MB, count: ACTION_ATTACHMENTS_MAX })}
        </Typography.Text>
      </Upload>
      {[
        ...rejected,
        ...failed.map((f) => t('desk.upload.failed', { name: f.name, reason: errorText(t, f.error) })),
      ].map((text, i) => (
        <div key={i} role="alert" className="desk-evidence-error">
          <Typography.Text type="danger">{text}</Typography.Text>
        </div>
      ))}
    </div>
  );
}
