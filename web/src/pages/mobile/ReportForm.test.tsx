// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { ReportForm } from './ReportForm';

const categories = [{ value: 'hazard.fire', label: 'Fire' }];

function stubGeolocation() {
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (ok: PositionCallback) =>
        ok({ coords: { longitude: 103.123456, latitude: 36.654321, accuracy: 12.4 } } as GeolocationPosition),
    },
  });
}

describe('ReportForm', () => {
  it('refuses to submit without a category and a description, and shows the GPS position with its accuracy', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async () => {});
    renderWithApp(<ReportForm categories={categories} onSubmit={onSubmit} />);
    expect(screen.getByTestId('geo').textContent).toContain('12');
    expect(screen.getByTestId('geo').textContent).toContain('103.123456');
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('请选择事件类型');
    expect(screen.getByText('请填写情况描述')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('the citizen form asks for at least 5 characters and a valid mobile number', async () => {
    stubGeolocation();
    const onSubmit = vi.fn(async () => {});
    renderWithApp(<ReportForm publicForm categories={categories} onSubmit={onSubmit} />);
    expect(screen.queryByText('风险等级')).toBeNull();
    fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), { target: { value: 'abc' } });
    fireEvent.change(screen.getByLabelText('手机号（选填）'), { target: { value: '123' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('描述至少 5 个字');
    expect(screen.getByText('请输入 11 位手机号')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
