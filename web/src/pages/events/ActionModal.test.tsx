// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { ActionModal, fieldsOf } from './ActionModal';
import { mockFetch } from '../../testing/mock-fetch';
import type { EventAction } from '../../api/events';

/** Stands in for XMLHttpRequest (the upload's progress needs it): each request waits for the test to answer. */
class FakeXhr {
  static all: FakeXhr[] = [];
  method = '';
  url = '';
  body: FormData | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  withCredentials = false;
  aborted = false;
  upload: { onprogress: ((e: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.all.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  headers: Record<string, string> = {};
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    act(() => this.upload.onprogress?.({ lengthComputable: true, loaded, total }));
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    act(() => this.onload?.());
  }
  get file() {
    return this.body?.get('file') as File;
  }
}

// jsdom has no object URLs: the thumbnails' are counted here
const objectUrls = { created: [] as string[], revoked: [] as string[] };
beforeEach(() => {
  FakeXhr.all = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  objectUrls.created = [];
  objectUrls.revoked = [];
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      const url = `blob:thumb-${(blob as File).name}`;
      objectUrls.created.push(url);
      return url;
    },
    revokeObjectURL: (url: string) => objectUrls.revoked.push(url),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete (URL as { createObjectURL?: unknown }).createObjectURL;
  delete (URL as { revokeObjectURL?: unknown }).revokeObjectURL;
});

function renderModal(action: EventAction, onDone = vi.fn()) {
  const posts: { action: string; body: Record<string, unknown> }[] = [];
  mockFetch((url, init) => {
    const m = url.pathname.match(/^\/api\/events\/7\/actions\/(\w+)$/);
    if (m && init?.method === 'POST') {
      posts.push({ action: m[1], body: JSON.parse(String(init.body)) });
      return { body: { event: {}, historyId: 1 } };
    }
    return undefined;
  });
  renderWithApp(<ActionModal eventId={7} version={3} action={action} onClose={() => {}} onDone={onDone} />);
  const dialog = screen.getByRole('dialog');
  return { posts, dialog, onDone };
}

const png = (name = 'site.png', size = 2048) => new File([new Uint8Array(size)], name, { type: 'image/png' });
const pick = (dialog: HTMLElement, ...files: File[]) =>
  fireEvent.change(dialog.querySelector('input[type=file]')!, { target: { files } });
const submit = (dialog: HTMLElement) =>
  fireEvent.click([...dialog.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s/g, '') === '提交')!);
/** The files listed (not those on their way out: jsdom never ends the leave animation). */
const items = (dialog: HTMLElement) =>
  [
    ...dialog.querySelectorAll('.ant-upload-list-item-container:not(.ant-upload-animate-leave) .ant-upload-list-item'),
  ] as HTMLElement[];

describe('ActionModal attachments', () => {
  it('offers an upload on the actions where a handler shows evidence, not on the others', () => {
    for (const a of ['resolve', 'record', 'return', 'verify', 'rework', 'request_extension'] as EventAction[])
      expect(fieldsOf(a), a).toContain('attachments');
    for (const a of ['accept', 'urge', 'dispatch', 'merge', 'suspend'] as EventAction[])
      expect(fieldsOf(a), a).not.toContain('attachments');
    const { dialog } = renderModal('urge');
    expect(dialog.querySelector('input[type=file]')).toBeNull();
  });

  it('uploads a photo with its progress, previews it, and sends its id with the action', async () => {
    const { dialog, posts, onDone } = renderModal('resolve');
    const input = dialog.querySelector('input[type=file]') as HTMLInputElement;
    expect(input.getAttribute('accept')).toContain('image/jpeg');
    expect(input.getAttribute('accept')).toContain('application/pdf');
    pick(dialog, png());
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    const xhr = FakeXhr.all[0];
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/attachments']);
    // the header the server's CSRF check accepts from the web app (server/http/security-csrf.ts)
    expect(xhr.headers['x-requested-with']).toBe('yiwang');
    expect(xhr.file.name).toBe('site.png');
    xhr.progress(512, 1024);
    await waitFor(() =>
      expect(dialog.querySelector('.ant-upload-list-item-progress [aria-valuenow="50"]')).toBeTruthy(),
    );
    expect(items(dialog)[0].className).toContain('uploading');

    // sent before the upload is done: refused, nothing posted
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'fixed the wire' } });
    submit(dialog);
    expect(await within(dialog).findByText('附件还在上传，请稍候再提交')).toBeTruthy();
    expect(posts).toHaveLength(0);

    xhr.respond(201, {
      attachment: { id: '0f9c7a7e-0000-4000-8000-000000000001', mimeType: 'image/png', sizeBytes: 2048 },
    });
    await waitFor(() => expect(items(dialog)[0].className).toContain('done'));
    expect(items(dialog)[0].querySelector('img[src="blob:thumb-site.png"]')).toBeTruthy();
    await waitFor(() => expect(within(dialog).queryByText('附件还在上传，请稍候再提交')).toBeNull());
    // the preview opens what was uploaded
    expect(
      items(dialog)[0].querySelector('a[href="/api/attachments/0f9c7a7e-0000-4000-8000-000000000001"]'),
    ).toBeTruthy();

    submit(dialog);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({
      action: 'resolve',
      body: { note: 'fixed the wire', version: 3, attachmentIds: ['0f9c7a7e-0000-4000-8000-000000000001'] },
    });
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it('refuses a file of the wrong type or too large before uploading, saying which and why', async () => {
    const { dialog } = renderModal('verify');
    pick(dialog, new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(await within(dialog).findByText('notes.txt：只能上传照片或 PDF')).toBeTruthy();
    pick(dialog, png('huge.png', 10 * 1024 * 1024 + 1));
    expect(await within(dialog).findByText('huge.png：超过 10 MB')).toBeTruthy();
    expect(FakeXhr.all).toHaveLength(0);
    expect(items(dialog)).toHaveLength(0);
    // a PDF is fine
    pick(dialog, new File(['%PDF-1.4'], 'report.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
  });

  it('shows the server refusing an upload, blocks sending until it is removed, then sends without it', async () => {
    const { dialog, posts } = renderModal('record');
    pick(dialog, png('a.png'), png('b.png'));
    await waitFor(() => expect(FakeXhr.all).toHaveLength(2));
    FakeXhr.all[0].respond(201, { attachment: { id: 'id-a', mimeType: 'image/png', sizeBytes: 2048 } });
    FakeXhr.all[1].respond(400, {
      error: {
        code: 'ATTACHMENT_TYPE_UNSUPPORTED',
        message: 'accepted files: photos (JPEG, PNG, WebP, GIF, HEIC), MP4 video, PDF',
      },
    });
    expect(
      await within(dialog).findByText(
        'b.png 上传失败：accepted files: photos (JPEG, PNG, WebP, GIF, HEIC), MP4 video, PDF',
      ),
    ).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'cleared the drain' } });
    submit(dialog);
    expect(await within(dialog).findByText('有附件上传失败，请移除后再提交')).toBeTruthy();
    expect(posts).toHaveLength(0);

    const failed = items(dialog).find((i) => i.className.includes('error'))!;
    fireEvent.click(failed.querySelector('.anticon-delete')!.closest('button')!);
    await waitFor(() => expect(items(dialog)).toHaveLength(1));
    submit(dialog);
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0].body.attachmentIds).toEqual(['id-a']);
  });

  it('stops an upload that is removed while running', async () => {
    const { dialog } = renderModal('return');
    pick(dialog, png());
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    const item = items(dialog)[0];
    fireEvent.click(item.querySelector('.anticon-delete')!.closest('button')!);
    await waitFor(() => expect(FakeXhr.all[0].aborted).toBe(true));
    await waitFor(() => expect(items(dialog)).toHaveLength(0));
    expect(objectUrls.created).toEqual(['blob:thumb-site.png']);
    expect(objectUrls.revoked).toEqual(['blob:thumb-site.png']);
  });
});
