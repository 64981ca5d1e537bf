// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { PeriodPicker } from './PeriodPicker';

function openAndChoose(label: string) {
  fireEvent.mouseDown(screen.getByRole('combobox'));
  const option = screen.getAllByText(label).find((el) => el.closest('.ant-select-item-option'));
  if (!option) throw new Error(`no option ${label}`);
  fireEvent.click(option);
}

describe('PeriodPicker', () => {
  it('offers the presets and passes the chosen one on', () => {
    const onChange = vi.fn();
    renderWithApp(<PeriodPicker value={{ preset: 'this_month' }} onChange={onChange} />);
    expect(screen.getByText('本月')).toBeTruthy();
    fireEvent.mouseDown(screen.getByRole('combobox'));
    const list = document.querySelector('.ant-select-dropdown') as HTMLElement;
    for (const name of ['今日', '昨日', '本周', '上周', '本月', '上月', '本季度', '本年', '自定义'])
      expect(within(list).getAllByText(name).length).toBeGreaterThan(0);
    openAndChoose('上月');
    expect(onChange).toHaveBeenCalledWith({ preset: 'last_month' });
  });

  it('shows a date range for a custom period and waits for both ends before passing it on', async () => {
    const onChange = vi.fn();
    renderWithApp(<PeriodPicker value={{ preset: 'this_week' }} onChange={onChange} />);
    openAndChoose('自定义');
    expect(onChange).not.toHaveBeenCalled();
    expect(await screen.findByPlaceholderText('开始日期')).toBeTruthy();
    expect(screen.getByPlaceholderText('结束日期')).toBeTruthy();
  });

  it('shows a custom period’s dates', async () => {
    renderWithApp(<PeriodPicker value={{ from: '2026-11-01', to: '2026-11-20' }} onChange={() => {}} />, {
      locale: 'en',
    });
    expect(screen.getByText('Custom')).toBeTruthy();
    expect(((await screen.findByPlaceholderText('Start date')) as HTMLInputElement).value).toBe('2026-11-01');
    expect((screen.getByPlaceholderText('End date') as HTMLInputElement).value).toBe('2026-11-20');
  });
});
